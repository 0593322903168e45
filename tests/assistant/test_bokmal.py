import pytest

from assistant.retrieval import bokmal
from assistant.retrieval.bokmal import lost_in_translation, searchable, to_bokmal
from assistant.service import Assistant

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


@needs_apertium
def test_a_law_keeps_its_name_in_bokmal_form() -> None:
    # Apertium alone writes "helse- og omsorgstenestelova" as "… omsorgtjenestelov".
    assert to_bokmal("Kva seier helse- og omsorgstenestelova § 7-1?") == (
        "Hva sier helse- og omsorgstenesteloven § 7-1?"
    )
    assert to_bokmal("Kva krev folkehelselova?") == "Hva krever folkehelseloven?"


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


def test_bm25_also_searches_the_words_the_translation_changed(assistant: Assistant) -> None:
    # The Møre og Romsdal slides are in nynorsk: "verkstader", not bokmål "verksteder".
    question, bokmal_text = "Kva er årlege verkstader?", "Hva er årlige verksteder?"
    also = lost_in_translation(question, bokmal_text)
    assert also == "Kva årlege verkstader"

    def best_bm25(also: str) -> float:
        hits = assistant.retriever().candidates(bokmal_text, also=also)
        found = [h.lexical_score or 0.0 for h in hits if "verkstader" in h.chunk.text]
        return max(found, default=0.0)

    assert best_bm25(also) > best_bm25("")
    assert lost_in_translation("Hvem vedtar planen?", "Hvem vedtar planen?") == ""
