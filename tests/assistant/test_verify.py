from assistant.answer.verify import cited_numbers, lexical_support, misquoted, verify

PASSAGES = [
    "Kommunestyret skal minst én gang i hver valgperiode utarbeide og vedta en kommunal "
    "planstrategi.",
    "Planprogrammet skal gjøre rede for formålet med planarbeidet og opplegget for medvirkning.",
]


def test_cited_numbers() -> None:
    assert cited_numbers("a [1] b [2, 3] c [4][5]") == [1, 2, 3, 4, 5]


def test_supported_sentences_are_kept_with_their_citations() -> None:
    text = (
        "Kommunestyret vedtar kommunal planstrategi i hver valgperiode [1]. "
        "Planprogrammet gjør rede for formålet [2]."
    )
    checked = verify(text, PASSAGES)
    assert checked.text == text
    assert checked.cited == [1, 2] and checked.unsupported_sentences == []


def test_citation_after_the_full_stop_belongs_to_the_sentence() -> None:
    checked = verify(
        "Kommunestyret vedtar planstrategien. [1] Planprogrammet gjør rede for formålet. [2]",
        PASSAGES,
    )
    assert checked.cited == [1, 2] and not checked.unsupported_sentences


def test_uncited_and_unsupported_sentences_are_removed() -> None:
    text = (
        "Kommunestyret vedtar kommunal planstrategi [1]. "
        "Fylkesmannen godkjenner alltid budsjettet for sykehjemmet [1]. "
        "Planen skal også ha et eget kapittel om fotball."
    )
    checked = verify(text, PASSAGES)
    assert checked.text == "Kommunestyret vedtar kommunal planstrategi [1]."
    assert len(checked.unsupported_sentences) == 2


def test_citations_to_passages_not_given_are_dropped() -> None:
    checked = verify("Kommunestyret vedtar kommunal planstrategi [1, 7].", PASSAGES)
    assert checked.text == "Kommunestyret vedtar kommunal planstrategi [1]."
    assert checked.invalid_citations == [7]


def test_short_connectives_need_no_source() -> None:
    checked = verify("Kort sagt:\n- Kommunestyret vedtar planstrategien [1].", PASSAGES)
    assert checked.text == "Kort sagt:\n- Kommunestyret vedtar planstrategien [1]."


def test_custom_support_decides() -> None:
    checked = verify("The council adopts the strategy [1].", PASSAGES, support=lambda s, i: 1.0)
    assert checked.cited == [1]
    assert lexical_support("The council adopts the strategy [1].", PASSAGES[0]) < 0.5


def test_leading_markers_move_to_the_end_and_repeats_go() -> None:
    text = "[1] Kommunestyret vedtar planstrategi.\n[1] Kommunestyret vedtar planstrategi."
    checked = verify(text, PASSAGES)
    assert checked.text == "Kommunestyret vedtar planstrategi [1]."


def test_uncited_but_clearly_supported_sentence_gets_its_citation() -> None:
    checked = verify("Planprogrammet skal gjøre rede for formålet med planarbeidet.", PASSAGES)
    assert checked.text == "Planprogrammet skal gjøre rede for formålet med planarbeidet [2]."


# Wrong facts: the words overlap the passage, the facts do not.
HOLE = (
    "Kommunedelplan for Velferd i Hole kommune. Vedtak av planprogram i kommunestyret. "
    "Juni 2024. Sluttbehandling av plan i kommunestyret. Oktober 2025. "
    "Planperiode 2025 – 2037 med revidering annethvert år."
)
LAW = (
    "§ 11-13. Planprogram for kommuneplan. Forslag til planprogram sendes på høring og "
    "legges ut til offentlig ettersyn samtidig med varsling av planoppstart. Fristen for å "
    "gi uttalelse skal ikke være kortere enn seks uker."
)
FACTS = [HOLE, LAW]


def test_fabricated_date_is_caught_even_when_repeated() -> None:
    wrong = (
        "Kommunedelplanen for Velferd i Hole sluttbehandles i kommunestyret "
        "på 1. februar 2037 [1]. "
    )
    checked = verify(wrong * 4, FACTS)
    assert checked.text == "" and checked.cited == []
    assert checked.unsupported_sentences == [wrong.strip()]
    assert "februar 2037" in checked.reasons[wrong.strip()]


def test_correct_date_passes() -> None:
    right = "Kommunedelplanen for Velferd i Hole sluttbehandles i kommunestyret i oktober 2025 [1]."
    checked = verify(right, FACTS)
    assert checked.text == right and checked.unsupported_sentences == []


def test_fabricated_section_is_caught_and_the_right_one_passes() -> None:
    wrong = "Forslag til planprogram sendes på høring etter § 11-14 [2]."
    right = "Forslag til planprogram sendes på høring etter § 11-13 [2]."
    assert verify(wrong, FACTS).unsupported_sentences == [wrong]
    assert verify(right, FACTS).text == right


def test_wrong_name_is_caught() -> None:
    wrong = "Kommunedelplanen for Velferd i Samnanger sluttbehandles i oktober 2025 [1]."
    checked = verify(wrong, FACTS)
    assert checked.unsupported_sentences == [wrong] and "samnanger" in checked.reasons[wrong]
    right = wrong.replace("Samnanger", "Hole")
    assert verify(right, FACTS).text == right


def test_wrong_deadline_is_caught_digits_and_words_alike() -> None:
    for wrong in (
        "Fristen for å gi uttalelse til planprogrammet skal være minst tre uker [2].",
        "Fristen for å gi uttalelse til planprogrammet skal være minst 6 måneder [2].",
    ):
        assert verify(wrong, FACTS).unsupported_sentences == [wrong]
    for right in (
        "Fristen for å gi uttalelse til planprogrammet skal være minst seks uker [2].",
        "Fristen for å gi uttalelse til planprogrammet skal være minst 6 uker [2].",
    ):
        assert verify(right, FACTS).text == right


def test_facts_in_the_passage_label_count() -> None:
    sentence = "Etter § 10-1 skal kommunestyret vedta en kommunal planstrategi [1]."
    assert verify(sentence, PASSAGES).unsupported_sentences == [sentence]
    labelled = verify(sentence, PASSAGES, labels=["[1] plan- og bygningsloven — § 10-1"])
    assert labelled.text == sentence


def test_repeated_sentences_are_removed_once_normalised() -> None:
    text = (
        "Kommunestyret vedtar kommunal planstrategi [1]. "
        "Kommunestyret  vedtar KOMMUNAL planstrategi. [1] "
        "Kommunestyret vedtar kommunal planstrategi [1]!"
    )
    checked = verify(text, PASSAGES)
    assert checked.text == "Kommunestyret vedtar kommunal planstrategi [1]."
    assert checked.unsupported_sentences == []


def test_word_with_cyrillic_letters_is_caught() -> None:
    broken = "Kommunestyret vedtar kommunal plаnstrategi [1]."  # Cyrillic "а"
    checked = verify(broken, PASSAGES)
    assert checked.unsupported_sentences == [broken]
    assert "plаnstrategi" in checked.reasons[broken]


def test_unmatched_quote_marks_are_caught() -> None:
    broken = "«Kommunestyret vedtar kommunal planstrategi [1]."
    assert verify(broken, PASSAGES).unsupported_sentences == [broken]
    quoted = "Loven sier: «Kommunestyret skal minst én gang i hver valgperiode» vedta den [1]."
    assert verify(quoted, PASSAGES).cited == [1]


def test_sentences_without_a_verb_are_caught() -> None:
    checked = verify("Det minst tre uker [1]. Det minst seks uker [2].", FACTS)
    assert checked.text == "" and len(checked.unsupported_sentences) == 2
    assert all("fragment" in reason for reason in checked.reasons.values())


def test_list_items_need_no_verb() -> None:
    text = "Framdrift:\n- Vedtak av planprogram: juni 2024 [1]\n- Sluttbehandling: oktober 2025 [1]"
    assert verify(text, FACTS).text == text


def test_english_sentence_with_the_same_numbers_passes() -> None:
    always = lambda sentence, index: 1.0  # noqa: E731
    right = "Comments on the planning programme may be given for at least six weeks [2]."
    wrong = "Comments on the planning programme may be given for at least three weeks [2]."
    assert verify(right, FACTS, support=always, language="en").text == right
    assert verify(wrong, FACTS, support=always, language="en").unsupported_sentences == [wrong]
    named = "The Samnanger plan is adopted in October 2025 [1]."
    assert verify(named, [*FACTS, "Samnanger kommune"], support=always, language="en").cited == []


def test_facts_the_user_gave_count_as_stated() -> None:
    sentence = "Kommunestyret i Eksempelvik skal vedta kommunal planstrategi innen mars 2026 [1]."
    assert verify(sentence, PASSAGES).unsupported_sentences == [sentence]
    assert verify(sentence, PASSAGES, given="Eksempelvik, mars 2026").text == sentence


def test_a_quotation_of_several_sentences_stays_one() -> None:
    passage = "Kommunestyret vedtar planstrategien. Planstrategien skal drøfte planbehovet."
    text = f"Loven sier: «{passage}» [1]"
    assert verify(text, [passage]).text == text


def test_numbered_list_items_stay_whole_and_on_their_own_lines() -> None:
    text = (
        "Planprogrammet skal:\n1. Gjøre rede for formålet [2].\n2. Gjøre rede for medvirkning [2]."
    )
    checked = verify(text, PASSAGES)
    assert checked.text == text and checked.unsupported_sentences == []


class TestQuotations:
    SOURCE = PASSAGES[0]

    def test_a_word_for_word_quotation_stays(self) -> None:
        text = "Loven sier: «Kommunestyret skal minst én gang i hver valgperiode […] vedta» [1]."
        assert verify(text, [self.SOURCE]).text == text

    def test_an_altered_quotation_is_removed(self) -> None:
        text = "Loven sier: «Bystyret skal minst én gang i hver valgperiode vedta» [1]."
        checked = verify(text, [self.SOURCE])
        assert checked.text == "" and checked.unsupported_sentences == [text]

    def test_misquoted_names_the_altered_quotation(self) -> None:
        assert misquoted("«minst to ganger»", [self.SOURCE]) == "minst to ganger"
        assert (
            misquoted("«minst én gang» og «vedta en kommunal planstrategi»", [self.SOURCE]) is None
        )
