from assistant.answer.extractive import ExtractiveAnswerer, best_window, split_sentences
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


def test_window_covers_most_terms_and_stops_there() -> None:
    weights = {"vedt": 1.0, "kommunestyr": 1.0}
    long_law = LAW + " " + "Kommunen bør legge opp til bred medvirkning. " * 4
    quote = best_window(split_sentences(long_law), weights, max_chars=260)
    assert quote.score == 1.0 and "Kommunestyret skal" in quote.text
    assert "medvirkning" not in quote.text


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


def test_a_question_alone_is_not_an_answer() -> None:
    sentences = ["Hva er kommunal planstrategi?", "Den viser hvilke planer som trengs."]
    quote = best_window(sentences, {"kommunal": 1.0, "planstrategi": 1.0, "planer": 0.1})
    assert "Den viser" in quote.text


def test_no_shared_terms_quotes_the_opening() -> None:
    quote = best_window(split_sentences(LAW), {"adopt": 1.0})
    assert quote.score == 0 and quote.text.startswith("§ 10-1. Kommunal planstrategi")


def test_answer_numbers_citations_in_order_and_frames_in_language() -> None:
    other = hit("Planprogrammet skal gjøre rede for formålet med planarbeidet.", "pbl:0002")
    weights = {"planprogram": 1.0, "planstrategi": 1.0}
    text, citations = ExtractiveAnswerer().answer("nn", [hit(LAW), other], weights)
    assert text.startswith("Dette seier kjeldene:")
    assert [c.n for c in citations] == [1, 2] and "[1]" in text and "[2]" in text
    assert citations[0].excerpt == LAW


def test_weak_passages_are_left_out() -> None:
    unrelated = hit("Byggesaken skal behandles innen tolv uker.", "pbl:0003")
    weights = {"vedt": 1.0, "kommunestyr": 1.0}
    text, citations = ExtractiveAnswerer().answer("nb", [hit(LAW), unrelated], weights)
    assert [c.chunk_id for c in citations] == ["pbl:0001"] and "[2]" not in text
