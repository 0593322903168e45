import re
from dataclasses import replace

import pytest

from assistant.answer.extractive import (
    ExtractiveAnswerer,
    best_span,
    best_window,
    citation_for,
    split_sentences,
)
from assistant.domain import Chunk, Hit

LAW = (
    "§ 10-1. Kommunal planstrategi\n\nKommunestyret skal minst én gang i hver valgperiode, "
    "og senest innen ett år etter konstituering, utarbeide og vedta en kommunal planstrategi. "
    "Planstrategien bør omfatte en drøfting av kommunens strategiske valg knyttet til "
    "samfunnsutvikling."
)


def hit(text: str, chunk_id: str = "pbl:0001") -> Hit:
    chunk = Chunk(chunk_id, "pbl", "Plan- og bygningsloven", "lov", "nb", text, 0, len(text), "h")
    return Hit(chunk, 0.03, dense_score=0.6)


def test_split_sentences() -> None:
    sentences = split_sentences(LAW)
    assert sentences[0] == "§ 10-1. Kommunal planstrategi"
    assert sentences[1].startswith("Kommunestyret skal minst én gang")
    assert sentences[2].startswith("Planstrategien bør omfatte")


def test_a_number_s_nr_is_no_sentence_end() -> None:
    text = "Unntaket i § 17-2 tredje ledd nr. 1 gjelder fortsatt. Nr. 2 gjelder ikke."
    assert split_sentences(text) == [
        "Unntaket i § 17-2 tredje ledd nr. 1 gjelder fortsatt.",
        "Nr. 2 gjelder ikke.",
    ]


def test_window_covers_most_terms_and_stops_there() -> None:
    weights = {"vedt": 1.0, "kommunestyr": 1.0}
    long_law = LAW + " " + "Kommunen bør legge opp til bred medvirkning. " * 4
    quote = best_window(split_sentences(long_law), weights, max_chars=260)
    assert quote.score == 1.0 and "Kommunestyret skal" in quote.text
    assert "medvirkning" not in quote.text


def test_best_span_is_where_the_best_window_stands_verbatim() -> None:
    weights = {"medvirkning": 1.0, "debatt": 1.0}
    text = (
        LAW + "\n\nKommunen bør legge opp til bred medvirkning\nog allmenn debatt."
        " Annet som ikke hører hjemme her."
    )
    start, end = best_span(weights, text, 70)
    window = best_window(split_sentences(text), weights, 70).text
    assert text[start:end] == "Kommunen bør legge opp til bred medvirkning\nog allmenn debatt."
    assert " ".join(text[start:end].split()) == window


def test_best_span_of_text_without_sentences_is_all_of_it() -> None:
    blank = "  \n "
    assert best_span({"plan": 1.0}, blank, 100) == (0, len(blank))


def test_window_joins_a_heading_with_the_line_after_it() -> None:
    sentences = ["Plannavn Kommunedelplan for Velferd", "Planperiode 2025 – 2037", "Annet"]
    weights = {"kommunedelplan": 1.0, "velferd": 1.0, "planperiod": 1.0}
    assert best_window(sentences, weights).text.startswith(" ".join(sentences[:2]))


def test_a_lone_heading_is_extended() -> None:
    sentences = [
        "§ 4-1. Planprogram",
        "For alle regionale planer og kommuneplaner skal det "
        "som ledd i varsling av planoppstart utarbeides et planprogram.",
        "Neste.",
    ]
    quote = best_window(sentences, {"planprogram": 1.0})
    assert quote.text.startswith("§ 4-1. Planprogram For alle regionale planer")


def test_a_window_that_ends_in_a_lead_in_goes_on_with_its_list() -> None:
    sentences = [
        "Planprogrammet skal gjøre rede for formålet med planarbeidet, planprosessen med "
        "frister og deltakere, opplegget for medvirkning, særlig i forhold til grupper som "
        "antas å bli særlig berørt.",
        "Planprogrammet skal blant annet:",
        "• beskrive utredningstema",
        "• redegjøre for en plan for medvirkning",
        "Neste avsnitt handler om noe annet.",
    ]
    quote = best_window(sentences, {"planprogramm": 1.0, "formal": 1.0}, max_chars=420)
    assert quote.text.endswith(
        "blant annet: • beskrive utredningstema • redegjøre for en plan for medvirkning"
    )


@pytest.mark.parametrize(
    ("lead_in", "items"),
    [
        (  # nested: the lead-in is itself a bullet
            "- Viktige tilbakemeldingar:",
            ["- Bustadar", "- Transport", "- Digitalisering", "- Møteplassar – for alle"],
        ),
        (  # a slide's question heading with bullets under it
            "Aldersvennlig samfunn: Hvilke sektorplaner er aktuelle?",
            ["- Teknisk: brøyting, strøing, belysning, benker", "- Kultur: bibliotek"],
        ),
        (  # a heading without a sentence end over numbered steps
            "**Tidleg innsats og eigenmeistring**",
            ["7. Helsehjelp til heimebuande", "6. Leve godt i eigen heim"],
        ),
    ],
)
def test_a_quote_takes_the_list_its_lead_in_introduces_past_its_size(
    lead_in: str, items: list[str]
) -> None:
    opening = "Brei forankring med deltaking frå råda for eit aldersvenleg samfunn."
    sentences = [opening, lead_in, *items, "Neste lysark."]
    quote = best_window(sentences, {"aldersven": 1.0, "rad": 1.0}, max_chars=140)
    assert quote.text == " ".join([opening, lead_in, *items])


def test_a_question_alone_is_not_an_answer() -> None:
    sentences = ["Hva er kommunal planstrategi?", "Den viser hvilke planer som trengs."]
    quote = best_window(sentences, {"kommunal": 1.0, "planstrategi": 1.0, "planer": 0.1})
    assert "Den viser" in quote.text


def test_no_shared_terms_quotes_the_opening() -> None:
    quote = best_window(split_sentences(LAW), {"adopt": 1.0})
    assert quote.score == 0 and quote.text.startswith("§ 10-1. Kommunal planstrategi")


def test_answer_leads_with_the_answering_sentence_quoted_and_cited() -> None:
    other = hit("Planprogrammet skal gjøre rede for formålet med planarbeidet.", "pbl:0002")
    weights = {"vedt": 1.0, "kommunestyr": 1.0, "planstrategi": 1.0}
    question = "Hvem skal vedta planstrategien?"
    text, citations = ExtractiveAnswerer().answer("nn", [hit(LAW), other], weights, question)
    first_line = text.split("\n")[0]
    assert first_line.startswith("Kort svar frå kjeldene: «Kommunestyret skal minst én gang")
    assert first_line.endswith("» [1]") and "§ 10-1" not in first_line  # no glued heading
    assert citations[0].n == 1 and citations[0].excerpt == LAW


def test_a_short_lead_goes_on_with_the_sentence_after_it() -> None:
    rule = (
        "Kommunestyret skal selv vedta et reglement for delegering og innstilling. "
        "Dette skal gjøres innen 31. desember året etter valget. "
        "Reglementet gjelder inntil et nytt er vedtatt, og det gjelder for alle utvalg."
    )
    weights = {"kommunestyr": 1.0, "vedt": 1.0, "reglement": 1.0, "deleger": 1.0}
    question = "Når skal kommunestyret vedta reglementet for delegering?"
    text, _ = ExtractiveAnswerer().answer("nb", [hit(rule)], weights, question)
    first_line = text.split("\n")[0]
    assert "innstilling. Dette skal gjøres innen 31. desember året etter valget.» [1]" in first_line
    assert "Reglementet gjelder inntil" not in first_line  # two sentences at most


def test_the_lead_goes_on_with_what_refers_back_to_it() -> None:
    rule = (
        "Kommunen skal iverksette nødvendige tiltak for å møte kommunens "
        "folkehelseutfordringer. Dette kan blant annet omfatte tiltak knyttet til "
        "oppvekst- og levekårsforhold som bolig, utdanning, arbeid og inntekt, fysiske og "
        "sosiale miljøer, fysisk aktivitet, kosthold, skader og ulykker. "
        "Kommunen skal gi informasjon, råd og veiledning om hva den enkelte selv kan gjøre."
    )
    weights = {"tiltak": 1.0, "kommun": 0.5, "folkehelseutfordring": 1.0}
    question = "Hvilke tiltak kan kommunen sette i verk mot folkehelseutfordringene?"
    text, _ = ExtractiveAnswerer().answer("nb", [hit(rule)], weights, question)
    first_line = text.split("\n")[0]
    assert "folkehelseutfordringer. Dette kan blant annet omfatte" in first_line
    assert "fysisk aktivitet, kosthold, skader og ulykker.» [1]" in first_line
    assert "veiledning" not in first_line  # a new statement is not its continuation


def test_a_sentence_already_quoted_is_not_quoted_again() -> None:
    """Two passages may hold the same sentence (a § and its overlapping next chunk, a slide
    repeated): the reader gets it once."""
    rule = "Forskriften skal også omfatte pasienter som kan bo hjemme i påvente av opphold."
    first = hit(f"Kommunen skal sørge for tilbud om døgnopphold. {rule}", "hol:0001")
    again = replace(hit(f"{rule}]", "hol:0002"), score=0.02)
    again = replace(again, chunk=replace(again.chunk, section="§ 3-6"))
    weights = {"døgnopphold": 1.0, "forskrift": 1.0, "pasient": 1.0}
    text, _ = ExtractiveAnswerer().answer("nb", [first, again], weights, "Hva skal kommunen?")
    assert text.count("Forskriften skal også omfatte") == 1


def test_the_passage_closest_in_meaning_is_quoted_though_it_shares_no_word() -> None:
    """ "Kan avisa filme møtet?" is answered by § 11-6 on «opptak av … bilde», which holds
    none of the question's words: the dense search's closest passage is always quoted."""
    recording = (
        "Hvis det ikke virker forstyrrende, skal møtelederen gi tillatelse til å gjøre "
        "opptak av eller overføre lyd eller bilde fra åpne møter."
    )
    closest = replace(hit(recording, "kl:0108"), dense_score=0.7, score=0.02)
    closest = replace(closest, chunk=replace(closest.chunk, section="§ 11-6"))
    other = hit("Kommunestyret kan filme seg selv. Møtet er åpent for avisa.", "kl:0100")
    weights = {"film": 1.0, "avis": 1.0}
    text, _ = ExtractiveAnswerer().answer("nb", [other, closest], weights, "Kan avisa filme?")
    assert "«Hvis det ikke virker forstyrrende" in text
    lowered = replace(closest, dense_score=0.1)  # not the closest: the terms decide alone
    text, _ = ExtractiveAnswerer().answer("nb", [other, lowered], weights, "Kan avisa filme?")
    assert "forstyrrende" not in text


def test_quotes_are_verbatim_and_marked() -> None:
    weights = {"drøfting": 1.0, "strategisk": 1.0, "vedt": 0.5}
    text, _ = ExtractiveAnswerer().answer("nb", [hit(LAW)], weights, "Hva skal den drøfte?")
    flat = " ".join(LAW.split())
    for quote in re.findall(r"«([^»]*)»", text):
        for piece in quote.split(" […]"):
            assert piece in flat


def lead_line(passage: str, weights: dict[str, float], question: str) -> str:
    """The first line of the answer from ``passage`` alone."""
    text, _ = ExtractiveAnswerer().answer("nb", [hit(passage)], weights, question)
    return text.split("\n")[0]


def test_a_list_is_quoted_with_its_lead_in() -> None:
    plan = (
        "Innsatsområder som skal kartlegges og utvikles:\n\n• Et aldersvennlig Hole\n\n"
        "• Rekruttere og beholde\n\n• Digitalisering og teknologisk utvikling"
    )
    first_line = lead_line(plan, {"innsatsområd": 1.0, "hole": 0.5}, "Hvilke innsatsområder?")
    assert "«Innsatsområder som skal kartlegges og utvikles:»" in first_line
    assert "«Et aldersvennlig Hole», «Rekruttere og beholde»" in first_line


def test_a_lead_whose_next_sentence_introduces_a_list_quotes_the_list() -> None:
    law = (
        "Kommunen skal ha nødvendig oversikt over helsetilstanden i befolkningen. Oversikten "
        "skal blant annet baseres på:\n\n1. opplysninger fra statlige helsemyndigheter,\n"
        "2. kunnskap fra de kommunale helse- og omsorgstjenestene og\n3. kunnskap om miljø."
    )
    first_line = lead_line(law, {"oversikt": 1.0, "helsetilstand": 1.0}, "Hva skal den ha?")
    assert "baseres på:» «opplysninger fra statlige helsemyndigheter,»" in first_line
    assert first_line.endswith("«kunnskap om miljø.» [1]")


def test_a_heading_over_a_numbered_list_leads_with_its_items() -> None:
    slide = (
        "4-årig plansyklus i kommunen\n\nTo hoveddeler i Leve hele livet-reformen\n\n"
        "1. Styrking av kompetansen i helse- og omsorgstjenestene\n"
        "2. Bred tilrettelegging i alle sektorer for et aldersvennlig samfunn"
    )
    weights = {"hoveddel": 1.0, "reform": 1.0}
    first_line = lead_line(slide, weights, "Hva er de to hoveddelene i reformen?")
    assert "To hoveddeler i Leve hele livet-reformen» «Styrking av kompetansen" in first_line
    assert first_line.endswith(
        "«Bred tilrettelegging i alle sektorer for et aldersvennlig samfunn» [1]"
    )


def test_a_milestone_s_date_line_is_quoted_with_it() -> None:
    table = (
        "Politisk behandling av planforslag.\n\nJuni 2025\n\n"
        "Sluttbehandling av plan i kommunestyret.\n\nOktober 2025"
    )
    weights = {"sluttbehandl": 1.0, "kommunestyr": 1.0}
    first_line = lead_line(table, weights, "Når skal kommunestyret sluttbehandle planen?")
    assert "«Sluttbehandling av plan i kommunestyret. Oktober 2025»" in first_line


def test_a_date_line_without_a_word_is_quoted_with_its_milestone() -> None:
    table = (
        "Varsel om oppstart.\n\nHøring og offentlig ettersyn av planprogram.\n\n22.03.24 – 03.05.24"
    )
    weights = {"horing": 1.0, "ettersyn": 1.0}
    first_line = lead_line(table, weights, "Når var planprogrammet på høring?")
    assert "«Høring og offentlig ettersyn av planprogram. 22.03.24 – 03.05.24»" in first_line


def test_the_municipal_rule_leads_before_the_regional_one() -> None:
    regional = hit("Den regionale planstrategien vedtas av regional planmyndighet.", "pbl:0009")
    weights = {"planstrategi": 1.0, "vedt": 1.0}
    text, _ = ExtractiveAnswerer().answer(
        "nb", [regional, hit(LAW)], weights, "Hvem vedtar planstrategien?"
    )
    assert "«Kommunestyret skal" in text.split("\n")[0]


def test_weak_passages_are_left_out() -> None:
    unrelated = hit("Byggesaken skal behandles innen tolv uker.", "pbl:0003")
    weights = {"vedt": 1.0, "kommunestyr": 1.0}
    text, citations = ExtractiveAnswerer().answer(
        "nb", [hit(LAW), unrelated], weights, "Hvem vedtar?"
    )
    assert [c.chunk_id for c in citations] == ["pbl:0001"] and "[2]" not in text


def test_a_quote_is_read_under_its_title_and_section() -> None:
    """The list of surveys sits in Hole's welfare plan under "Kartlegging": its lines never
    say "Hole" or "velferdsplan", yet they are what the question asks for."""
    intro = hit(
        "Hole kommune skal utarbeide en velferdsplan. Det er viktig med en grundig "
        "kartlegging som grunnlag.",
        "hole:0001",
    )
    surveys = Hit(
        Chunk(
            "hole:0002",
            "hole",
            "Planprogram velferdsplan Hole kommune",
            "planprogram",
            "nb",
            "Framskrivninger av befolkning og ressursbehov. Oversikt over bygningsmasse i helse "
            "og omsorg.",
            0,
            90,
            "h",
            section="3.2 Kartlegging",
        ),
        0.03,
    )
    weights = {"kartlegging": 2.0, "hol": 1.0, "velferdsplan": 1.0, "grunnlag": 1.0}
    text, citations = ExtractiveAnswerer().answer(
        "nb", [intro, surveys], weights, "Hvilke kartlegginger skal Hole gjøre?"
    )
    assert "Framskrivninger av befolkning" in text
    assert [c.chunk_id for c in citations] == ["hole:0001", "hole:0002"]


def in_section(text: str, chunk_id: str, start: int) -> Hit:
    chunk = replace(hit(text, chunk_id).chunk, section="§ 21-3. Nabovarsel", start=start)
    return Hit(replace(chunk, end=start + len(text)), 0.03, dense_score=0.6)


def test_passages_of_one_section_are_one_source() -> None:
    first = "Før søknad sendes inn, skal naboer og gjenboere varsles av søker."
    later = "Merknader til nabovarselet må være kommet til søker innen en frist på minst 2 uker."
    hits = [in_section(later, "pbl:0009", 900), in_section(first, "pbl:0001", 0)]
    weights = {"nabovarsel": 1.0, "frist": 1.0, "merknad": 1.0, "varsl": 1.0, "nabo": 1.0}
    text, citations = ExtractiveAnswerer(3).answer("nb", hits, weights, "Hva er fristen?")
    assert first in text and later in text
    assert set(re.findall(r"\[(\d+)\]", text)) == {"1"}
    [source] = citations
    assert source.chunk_id == "pbl:0001"  # in document order, the gap marked
    assert source.excerpt == f"{first}\n\n[…]\n\n{later}"


def test_adjacent_passages_of_a_section_are_joined() -> None:
    first, second = "Første ledd.", "Andre ledd."
    source = citation_for(1, in_section(second, "pbl:0002", 14), in_section(first, "pbl:0001", 0))
    assert source.excerpt == f"{first}\n\n{second}"


def test_no_piece_of_a_lettered_sections_heading_is_quoted() -> None:
    heading = "§ 7 c. Samfunnsmedisinsk kompetanse"
    text = f"{heading}\n\nKommunen skal ha nødvendig samfunnsmedisinsk kompetanse."
    law = Hit(replace(hit(text, "fhl:0007").chunk, section=heading), 0.03, dense_score=0.6)
    lead = hit("Kommuneoverlegen gir samfunnsmedisinsk rådgivning til kommunen.")
    weights = {"samfunnsmedisinsk": 1.0, "kompetans": 1.0, "kommuneoverleg": 1.0}
    answer, _ = ExtractiveAnswerer().answer("nb", [lead, law], weights, "Hva?")
    assert "«Kommunen skal ha nødvendig samfunnsmedisinsk kompetanse.»" in answer
    assert "«Samfunnsmedisinsk kompetanse" not in answer and "7 c." not in answer


def test_a_heading_on_the_line_above_its_text_is_its_label_not_part_of_the_quote() -> None:
    heading = "4.1 Et aldersvennlig Hole"
    text = (
        f"{heading}\nEt aldersvennlig samfunn skal legge til rette for at den enkelte kan leve "
        "selvstendige og aktive liv. Dette handler om forebygging av ensomhet."
    )
    plan = Hit(replace(hit(text, "hole:0030").chunk, section=heading), 0.03, dense_score=0.6)
    assert split_sentences(text, heading)[:2] == [
        heading,
        "Et aldersvennlig samfunn skal "
        "legge til rette for at den enkelte kan leve selvstendige og aktive liv.",
    ]
    weights = {"aldersvenn": 1.0, "samfunn": 1.0, "selvstendig": 1.0}
    answer, _ = ExtractiveAnswerer().answer(
        "nb", [plan], weights, "Hva er et aldersvennlig samfunn?"
    )
    assert answer.startswith(
        "Kort svar fra kildene: («4.1 Et aldersvennlig Hole») «Et aldersvennlig samfunn skal"
    )
    assert "Hole Et" not in answer


def test_a_section_heading_set_apart_by_a_blank_line_is_no_label() -> None:
    section = "§ 10-1. Kommunal planstrategi"
    law = Hit(replace(hit(LAW).chunk, section=section), 0.03, dense_score=0.6)
    weights = {"vedt": 1.0, "kommunestyr": 1.0, "planstrategi": 1.0}
    answer, _ = ExtractiveAnswerer().answer("nb", [law], weights, "Hvem vedtar planstrategien?")
    assert "10-1" not in answer


def test_a_quote_that_stops_mid_sentence_is_marked_cut() -> None:
    # A PDF line break before a capital: the sentence goes on in the next piece.
    sentences = [
        "Velferd består av Pleie og omsorg, Tiltak for funksjonshemmede og",
        "Psykiatri/NAV. Formålet med planen er et samlet overordnet styringsverktøy.",
    ]
    quote = best_window(sentences, {"velferd": 1.0, "funksjonshemm": 1.0}, max_chars=70)
    assert quote.text.endswith("funksjonshemmede og […]")
    whole = best_window(["Velferd består av pleie og omsorg."], {"velferd": 1.0})
    assert not whole.text.endswith("[…]")
    long_item = "• " + "opplysninger som statlige helsemyndigheter gjør tilgjengelig " * 8
    lead_in = best_window(["Oversikten skal baseres på:", long_item], {"oversikt": 1.0}, 100)
    assert lead_in.text == "Oversikten skal baseres på: […]"


def test_a_compound_question_s_second_part_is_answered_first_below_the_lead() -> None:
    weights = {"planstrategi": 1.0, "vedt": 1.0, "kommunestyr": 1.0, "gjeld": 1.0}
    scope = hit("Planstrategien gjelder hele kommunen og gjelder alle sektorer.", "pbl:0002")
    start = hit("Planstrategien gjelder fra 1. januar etter valget.", "pbl:0003")
    question = "Hvem vedtar planstrategien, og når gjelder den fra?"
    text, _ = ExtractiveAnswerer().answer("nb", [hit(LAW), scope, start], weights, question)
    lead, more = text.split("\n\n", 1)
    assert "«Kommunestyret skal" in lead
    assert more.split("\n")[1].startswith("- «Planstrategien gjelder fra 1. januar")
