from assistant.answer.facts import claimed, first_cited_statement, keeps_lead_facts, source


def test_digits_and_number_words_are_the_same_fact() -> None:
    assert not claimed("Fristen er seks uker.").missing_from(source("minst 6 uker"))
    assert not claimed("Fristen er 6 uker.").missing_from(source("minst seks uker"))
    assert not claimed("The deadline is six weeks.", "en").missing_from(source("seks uker"))
    assert claimed("Fristen er tre uker.").missing_from(source("minst seks uker")) == [
        "tre",
        "tre uker",
    ]


def test_a_deadline_needs_its_unit() -> None:
    assert claimed("Fristen er seks måneder.").missing_from(source("seks uker")) == ["seks måneder"]


def test_dates_must_match_as_dates() -> None:
    passage = source(
        "Sluttbehandling av plan i kommunestyret. Oktober 2025. Planperiode 2025 – 2037"
    )
    assert not claimed("Planen behandles i oktober 2025.").missing_from(passage)
    assert not claimed("Planen gjelder til 2037.").missing_from(passage)
    assert "oktober 2037" in claimed("Planen behandles i oktober 2037.").missing_from(passage)
    assert not claimed("Høringen er 1.3.2024.").missing_from(source("frist 1. mars 2024"))


def test_month_ranges_and_abbreviations_in_sources() -> None:
    passage = source("Høring og offentlig ettersyn. Mars-Mai 2024. Utarbeidelse. Aug-2024-Mai 2025")
    assert not claimed("Høringen går fra mars til mai 2024.").missing_from(passage)
    assert not claimed("Arbeidet starter i august 2024.").missing_from(passage)


def test_sections_must_match_exactly() -> None:
    passage = source("§ 11-13. Planprogram for kommuneplan")
    assert not claimed("Det følger av § 11-13.").missing_from(passage)
    assert claimed("Det følger av §§ 11-14.").missing_from(passage) == ["§ 11-14"]


def test_names_are_capitalised_words_after_the_first() -> None:
    facts = claimed("- Kommunen Hole har en plan for Velferd, jf. «Plan» og Samnanger.")
    assert facts.names == {"hole", "velferd", "samnanger"}
    assert facts.missing_from(source("Velferd i Hole kommune")) == ["samnanger"]


def test_articles_are_not_numbers_in_a_written_sentence() -> None:
    assert claimed("Kommunen skal ha en plan.").items == frozenset()
    assert ("number", "1") in claimed("Kommunen skal ha ett år.").items


def test_first_cited_statement() -> None:
    quoted = "Kort svar fra kildene: «Innen ett år.» [1] Mer [2]\n\n- «Annet.» [2]"
    assert first_cited_statement(quoted) == "Kort svar fra kildene: «Innen ett år.» [1]"
    assert first_cited_statement("Dette sier kildene:\n\n- Tekst [1]\n- Mer [2]") == "Tekst [1]"


def test_written_answer_must_keep_a_fact_of_the_quoted_lead() -> None:
    quoted = "Dette sier kildene:\n\n- Innen ett år etter konstituering, jf. § 10-1 [1]\n- 2024 [2]"
    assert keeps_lead_facts(quoted, "Kommunestyret vedtar den innen ett år [1].", "nb")
    assert keeps_lead_facts(quoted, "The council adopts it under section 10-1 [1].", "en")
    assert not keeps_lead_facts(quoted, "Kommunestyret vedtar planstrategien [1].", "nb")
    assert keeps_lead_facts("Dette sier kildene:\n\n- Kommunestyret vedtar [1]", "Ja [1].", "nb")
