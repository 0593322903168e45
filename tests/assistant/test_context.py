from collections.abc import Sequence

import pytest

from assistant.domain import Chunk, Hit
from assistant.retrieval.context import (
    WHOLE_PASSAGES,
    WINDOW_CHARS,
    breaks_off,
    select_context,
)
from assistant.retrieval.store import IndexStore
from assistant.settings import Settings


@pytest.fixture(scope="module")
def store(indexed_settings: Settings) -> IndexStore:
    return IndexStore.open_current(indexed_settings)


def continued(store: IndexStore, lead_in: bool) -> Chunk:
    """A chunk of the test index that breaks off (after a ":" or mid-sentence) and has a
    following chunk in its document."""
    return next(
        chunk
        for chunk in store.chunks
        if breaks_off(chunk.text)
        and chunk.text.rstrip().endswith(":") == lead_in
        and store.following(chunk) is not None
    )


def complete(store: IndexStore) -> list[Chunk]:
    """Chunks of the test index that end on a full sentence, shortest first."""
    return sorted((c for c in store.chunks if not breaks_off(c.text)), key=lambda c: len(c.text))


def hits(*chunks: Chunk) -> list[Hit]:
    return [
        Hit(chunk, 1.0 - i / 10, dense_score=0.5, coverage=0.4) for i, chunk in enumerate(chunks)
    ]


def ids(selected: Sequence[Hit]) -> list[str]:
    return [hit.chunk.id for hit in selected]


def size(*chunks: Chunk) -> int:
    return sum(len(chunk.text) for chunk in chunks)


class TestBreaksOff:
    @pytest.mark.parametrize(
        "text",
        [
            "Planprogrammet skal gjøre rede for:",
            "Planen skal omfatte:  \n",
            "Kommunen skal vedta en",
        ],
    )
    def test_a_lead_in_or_a_cut_sentence_breaks_off(self, text: str) -> None:
        assert breaks_off(text)

    @pytest.mark.parametrize(
        "text",
        [
            "Kommunestyret vedtar planen.",
            "Hva er et planprogram?",
            "Den skal offentliggjøres (jf. § 5-2)",
            "Planen heter «Tett på»",
            "Det er viktig!  \n",
        ],
    )
    def test_a_complete_sentence_does_not(self, text: str) -> None:
        assert not breaks_off(text)


class TestSelectContext:
    def test_takes_ranked_passages_while_they_fit(self, store: IndexStore) -> None:
        small, *_, large = complete(store)
        medium = next(c for c in complete(store) if len(c.text) > len(small.text))
        budget = size(large, small)
        selected = select_context(hits(large, medium, small), store, budget)
        assert ids(selected) == [large.id, small.id]  # medium does not fit, small still does
        assert size(*(hit.chunk for hit in selected)) <= budget

    def test_the_best_passage_is_always_included(self, store: IndexStore) -> None:
        small, *_, large = complete(store)
        selected = select_context(hits(large, small), store, budget_chars=10)
        assert ids(selected) == [large.id]

    def test_a_lead_in_brings_its_continuation_right_after_it(self, store: IndexStore) -> None:
        lead_in = continued(store, lead_in=True)
        following = store.following(lead_in)
        other = complete(store)[0]
        ranked = hits(lead_in, other)
        selected = select_context(ranked, store, size(lead_in, following, other))
        assert ids(selected) == [lead_in.id, following.id, other.id]
        assert (selected[1].score, selected[1].coverage) == (ranked[0].score, ranked[0].coverage)

    def test_a_cut_sentence_brings_its_continuation(self, store: IndexStore) -> None:
        cut = continued(store, lead_in=False)
        following = store.following(cut)
        selected = select_context(hits(cut), store, size(cut, following))
        assert ids(selected) == [cut.id, following.id]

    def test_no_continuation_that_does_not_fit(self, store: IndexStore) -> None:
        lead_in = continued(store, lead_in=True)
        following = store.following(lead_in)
        selected = select_context(hits(lead_in), store, size(lead_in, following) - 1)
        assert ids(selected) == [lead_in.id]

    def test_no_continuation_after_a_complete_passage(self, store: IndexStore) -> None:
        chunk = next(c for c in complete(store) if store.following(c) is not None)
        assert ids(select_context(hits(chunk), store, 100_000)) == [chunk.id]

    def test_no_passage_twice(self, store: IndexStore) -> None:
        lead_in = continued(store, lead_in=True)
        following = store.following(lead_in)
        ranked = hits(lead_in, following, lead_in)
        selected = select_context(ranked, store, 100_000)
        assert ids(selected) == [lead_in.id, following.id]
        assert selected[1].score == ranked[0].score  # added as the continuation

    def test_no_hits(self, store: IndexStore) -> None:
        assert select_context([], store, 1000) == []


def middle_third(text: str, max_chars: int) -> tuple[int, int]:
    """A stand-in window: the middle third of the text."""
    return len(text) // 3, 2 * len(text) // 3


class TestCutPassages:
    """Past the best ``WHOLE_PASSAGES``, a passage is handed over by its best stretch."""

    def long_chunks(self, store: IndexStore, count: int) -> list[Chunk]:
        return [c for c in complete(store) if len(c.text) > WINDOW_CHARS][:count]

    def test_the_best_passages_stay_whole_the_rest_are_cut(self, store: IndexStore) -> None:
        chunks = self.long_chunks(store, WHOLE_PASSAGES + 2)
        selected = select_context(hits(*chunks), store, 100_000, middle_third)
        assert ids(selected) == [chunk.id for chunk in chunks]
        whole, cut = selected[:WHOLE_PASSAGES], selected[WHOLE_PASSAGES:]
        assert [hit.chunk for hit in whole] == chunks[:WHOLE_PASSAGES]
        for hit, chunk in zip(cut, chunks[WHOLE_PASSAGES:], strict=True):
            start, end = middle_third(chunk.text, WINDOW_CHARS)
            assert hit.chunk.text == chunk.text[start:end]  # verbatim, where it stands
            assert (hit.chunk.start, hit.chunk.end) == (chunk.start + start, chunk.start + end)

    def test_a_cut_passage_fits_where_the_whole_one_would_not(self, store: IndexStore) -> None:
        chunks = self.long_chunks(store, WHOLE_PASSAGES + 1)
        budget = size(*chunks[:WHOLE_PASSAGES]) + len(chunks[-1].text) // 2
        assert ids(select_context(hits(*chunks), store, budget)) == ids(hits(*chunks[:-1]))
        selected = select_context(hits(*chunks), store, budget, middle_third)
        assert ids(selected) == ids(hits(*chunks))

    def test_a_cut_passage_brings_no_continuation(self, store: IndexStore) -> None:
        cut = next(
            c
            for c in store.chunks
            if len(c.text) > WINDOW_CHARS and breaks_off(c.text) and store.following(c)
        )
        ranked = hits(*self.long_chunks(store, WHOLE_PASSAGES), cut)
        selected = select_context(ranked, store, 100_000, lambda text, _: (0, len(text)))
        assert ids(selected) == ids(ranked)  # whole, yet ranked past the best: not continued

    def test_a_short_passage_is_never_cut(self, store: IndexStore) -> None:
        short = complete(store)[0]
        ranked = hits(*self.long_chunks(store, WHOLE_PASSAGES), short)
        selected = select_context(ranked, store, 100_000, middle_third)
        assert selected[-1].chunk == short
