import pytest

from assistant.retrieval import bokmal
from assistant.retrieval.bokmal import searchable, to_bokmal

needs_apertium = pytest.mark.skipif(not bokmal.available(), reason="apertium-nno-nob missing")


@needs_apertium
def test_a_nynorsk_question_is_searched_in_bokmal() -> None:
    question = "Kva må samarbeidsavtalen med helseføretaket innehalde etter § 6-2?"
    assert searchable(question, "nn") == (
        "Hva må samarbeidsavtalen med helseforetaket inneholde etter § 6-2?"
    )


@needs_apertium
def test_names_are_not_translated() -> None:
    # Apertium alone reads the municipality Hole as the word "hole" and writes "Hule".
    assert to_bokmal("Kva seier planprogrammet til Hole om Hole sine eldre?") == (
        "Hva sier planprogrammet til Hole om Hole sine eldre?"
    )
    assert to_bokmal("Når skal kommunestyret i Hole gjere endeleg vedtak?") == (
        "Når skal kommunestyret i Hole gjøre endelig vedtak?"
    )


def test_other_languages_are_searched_as_written() -> None:
    assert searchable("Hvem vedtar planstrategien?", "nb") == "Hvem vedtar planstrategien?"
    assert searchable("Who adopts the plan?", "en") == "Who adopts the plan?"


def test_without_apertium_the_question_is_searched_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bokmal, "APERTIUM", "no-such-apertium-binary")
    to_bokmal.cache_clear()
    assert to_bokmal("Kven vedtek planen?") == "Kven vedtek planen?"
    to_bokmal.cache_clear()
