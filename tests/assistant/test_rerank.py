import pytest

from assistant.domain import Chunk, Hit, indexed_text
from assistant.retrieval.analysis import terms
from assistant.retrieval.coverage import coverage_of
from assistant.retrieval.rerank import RerankWeights, rerank

QUESTION_WEIGHTS = dict.fromkeys(terms("Hvem vedtar kommuneplanen?"), 1.0)


def hit(
    chunk_id: str,
    text: str,
    fused: float,
    dense: float | None = None,
    lexical: float | None = None,
) -> Hit:
    chunk = Chunk(chunk_id, "doc", "Dokument", "lov", "nb", text, 0, len(text), "h")
    return Hit(chunk, fused, dense_score=dense, lexical_score=lexical)


# Each passage is best by one signal: fused rank, cosine, BM25, term coverage.
HITS = [
    hit("fused", "Planen skal beskrive målene.", fused=0.032, dense=0.50, lexical=2.0),
    hit("dense", "Planen gjelder for hele området.", fused=0.016, dense=0.90, lexical=1.0),
    hit("lexical", "Styret vedtar planen.", fused=0.016, dense=0.40, lexical=8.0),
    hit("coverage", "Kommunestyret vedtar kommuneplanen.", fused=0.008, dense=0.30),
]


def order(model: RerankWeights) -> list[str]:
    return [h.chunk.id for h in rerank(HITS, QUESTION_WEIGHTS, model)]


class TestRerank:
    @pytest.mark.parametrize("signal", ["fused", "dense", "lexical", "coverage"])
    def test_a_single_weight_ranks_by_its_signal(self, signal: str) -> None:
        names = ("fused", "dense", "lexical", "coverage")
        model = RerankWeights(**{name: float(name == signal) for name in names})
        assert order(model)[0] == signal

    def test_dense_alone_ranks_by_the_cosine(self) -> None:
        assert order(RerankWeights(fused=0.0, dense=1.0, lexical=0.0, coverage=0.0)) == [
            "dense",
            "fused",
            "lexical",
            "coverage",
        ]

    def test_score_is_the_weighted_sum_of_scaled_signals(self) -> None:
        model = RerankWeights(fused=1.0, dense=2.0, lexical=0.5, coverage=3.0)
        scores = {h.chunk.id: h.score for h in rerank(HITS, QUESTION_WEIGHTS, model)}
        # fused and BM25 relative to the best; coverage 1.0 and 0.5 of the two terms
        assert scores["fused"] == pytest.approx(1.0 + 2 * 0.50 + 0.5 * 2 / 8)
        assert scores["lexical"] == pytest.approx(0.5 + 2 * 0.40 + 0.5 * 1.0 + 3 * 0.5)
        assert scores["coverage"] == pytest.approx(0.25 + 2 * 0.30 + 0.0 + 3 * 1.0)
        assert list(scores) == sorted(scores, key=scores.__getitem__, reverse=True)

    def test_sets_the_coverage_of_each_passage(self) -> None:
        for reranked in rerank(HITS, QUESTION_WEIGHTS, RerankWeights()):
            expected = coverage_of(QUESTION_WEIGHTS, set(terms(indexed_text(reranked.chunk))))
            assert reranked.coverage == pytest.approx(expected)
        by_id = {h.chunk.id: h for h in rerank(HITS, QUESTION_WEIGHTS, RerankWeights())}
        assert (by_id["coverage"].coverage, by_id["lexical"].coverage) == (1.0, 0.5)

    def test_keeps_the_retriever_scores(self) -> None:
        reranked = {h.chunk.id: h for h in rerank(HITS, QUESTION_WEIGHTS, RerankWeights())}
        assert (reranked["lexical"].dense_score, reranked["lexical"].lexical_score) == (0.4, 8.0)

    def test_no_hits(self) -> None:
        assert rerank([], QUESTION_WEIGHTS, RerankWeights()) == []
