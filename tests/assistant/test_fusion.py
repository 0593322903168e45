import pytest

from assistant.domain import Chunk, Hit
from assistant.retrieval.fusion import fuse


def chunk(chunk_id: str) -> Chunk:
    return Chunk(chunk_id, "doc", "Doc", "lov", "nb", "text", 0, 4, "hash")


class TestFuse:
    def test_a_chunk_in_both_lists_wins(self) -> None:
        dense = [Hit(chunk("a"), 0.9, dense_score=0.9), Hit(chunk("b"), 0.8, dense_score=0.8)]
        lexical = [Hit(chunk("b"), 7.0, lexical_score=7.0), Hit(chunk("c"), 5.0, lexical_score=5.0)]
        fused = fuse([dense, lexical], k=60)
        assert [hit.chunk.id for hit in fused] == ["b", "a", "c"]
        assert fused[0].score == pytest.approx(1 / 62 + 1 / 61)

    def test_keeps_both_scores(self) -> None:
        fused = fuse(
            [[Hit(chunk("a"), 0.5, dense_score=0.5)], [Hit(chunk("a"), 3.0, lexical_score=3.0)]]
        )
        assert (fused[0].dense_score, fused[0].lexical_score) == (0.5, 3.0)

    def test_weights_must_match_rankings(self) -> None:
        with pytest.raises(ValueError, match="2 weights for 1 rankings"):
            fuse([[]], weights=[1.0, 2.0])

    def test_empty(self) -> None:
        assert fuse([[], []]) == []
