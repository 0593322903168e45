"""Dense + BM25, fused by reciprocal rank, reranked, with metadata filters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.domain import Hit, SearchFilters
from assistant.embedding import Embedder
from assistant.errors import InvalidRequest
from assistant.language import detect_language
from assistant.retrieval.coverage import term_weights
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.fusion import fuse
from assistant.retrieval.glossary import bridge_terms
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.rerank import RerankWeights, rerank
from assistant.retrieval.store import IndexStore


class HybridRetriever:
    """Retrieve ``candidates`` from each side, fuse, rerank, return the best ``top_k``.

    BM25 also searches the glossary's Norwegian words for an English or everyday question.

    >>> retriever = HybridRetriever(store, embedder, top_k=5)
    >>> [hit.chunk.section for hit in retriever.search("Hvem vedtar planstrategi?")]
    """

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        top_k: int = 5,
        candidates: int = 30,
        rrf_k: int = 60,
        rerank_weights: RerankWeights | None = None,
    ) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store, self.embedder = store, embedder
        self.top_k, self.rrf_k = top_k, rrf_k
        self.rerank_weights = rerank_weights or RerankWeights()
        self.dense = DenseRetriever(store, top_k=candidates)
        self.lexical = LexicalRetriever(store, top_k=candidates)

    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        weights: dict[str, float] | None = None,
    ) -> list[Hit]:
        """The best ``top_k`` passages; ``weights`` are the question's term weights
        (``coverage.term_weights``), computed here when not given."""
        if weights is None:
            weights = term_weights(self.store, query, detect_language(query))
        ranked = rerank(self.candidates(query, filters), weights, self.rerank_weights)
        return ranked[: top_k or self.top_k]

    def candidates(self, query: str, filters: SearchFilters | None = None) -> list[Hit]:
        """Dense and BM25 candidates fused by rank, each with both its scores (not reranked)."""
        filters = filters or SearchFilters()
        self.check_filters(filters)
        vector = self.embedder.encode_query(query)
        dense = self.dense.search(vector, where=filters.where())
        scores = self.lexical.scores(f"{query} {bridge_terms(query, detect_language(query))}")
        lexical = self.lexical.best(scores, allow=filters.allows)
        return self._complete(fuse([dense, lexical], k=self.rrf_k), vector, scores)

    def _complete(self, hits: list[Hit], vector: np.ndarray, scores: np.ndarray) -> list[Hit]:
        """Give every candidate both its cosine and its BM25 score (reranking needs both)."""
        missing = [hit.chunk.id for hit in hits if hit.dense_score is None]
        stored = self.store.embeddings(missing) if missing else {}
        cosine = {chunk_id: float(embedding @ vector) for chunk_id, embedding in stored.items()}
        return [
            replace(
                hit,
                dense_score=hit.dense_score
                if hit.dense_score is not None
                else cosine.get(hit.chunk.id, 0.0),
                lexical_score=float(scores[self.store.position[hit.chunk.id]]),
            )
            for hit in hits
        ]

    def check_filters(self, filters: SearchFilters) -> None:
        """Unknown filter values are a mistake by the caller, not an empty result."""
        known = {
            "doc_ids": set(self.store.documents),
            "doc_types": self.store.values("doc_type"),
            "languages": self.store.values("language"),
        }
        for name, allowed in known.items():
            unknown = sorted(set(getattr(filters, name)) - allowed)
            if unknown:
                raise InvalidRequest(
                    f"unknown {name} filter value(s) {unknown}; known: {sorted(allowed)}"
                )
