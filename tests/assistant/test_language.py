import pytest

from assistant.language import detect_language


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Hvem skal vedta kommunal planstrategi?", "nb"),
        ("Hva er en kommunal planstrategi?", "nb"),
        ("Kva er innsatstrappa?", "nn"),
        ("Korleis kan politikarar bruke den forenkla innsatstrappa?", "nn"),
        ("Kven vedtek planprogrammet, og kva skal det innehalde?", "nn"),
        ("Who adopts the planning programme for a municipal master plan?", "en"),
        ("What must a municipal planning strategy contain?", "en"),
        ("og hvem vedtar den?", "nb"),
        # No question word of either form: the verbs and nouns tell.
        ("Øvst i trappa ligg institusjon. Når pliktar kommunen å tilby sjukeheim?", "nn"),
        ("Når trenger kommunen flere plasser på sykehjem?", "nb"),
        # A quoted title is in its own language, not the asker's.
        (
            'Which websites does the course on effective plans ("Hva er en virksom plan?") '
            "recommend?",
            "en",
        ),
        ("Which websites does «Hva er en virksom plan?» recommend?", "en"),
        ("Kva seier «Leve hele livet» om måltid?", "nn"),
    ],
)
def test_detects_question_language(question: str, expected: str) -> None:
    assert detect_language(question) == expected


def test_a_quote_alone_is_read() -> None:
    assert detect_language("«Hva er en virksom plan?»") == "nb"


def test_no_evidence_gives_the_default() -> None:
    assert detect_language("Planstrategi 2024") == "nb"
    assert detect_language("", default="nn") == "nn"
