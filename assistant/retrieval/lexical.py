"""BM25 over the chunks with Norwegian stemming: exact terms like "§ 10-1" need it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.domain import Chunk, Hit
from assistant.retrieval.analysis import terms
from assistant.retrieval.store import IndexStore


class LexicalRetriever:
    """Scores every chunk with BM25 (the corpus is small), keeps the allowed top ones."""

    def __init__(self, store: IndexStore, top_k: int = 30) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store, self.top_k = store, top_k

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk, in ``store.chunks`` order (zeros for a query of no terms)."""
        query_terms = list(dict.fromkeys(terms(query)))
        if not query_terms or not self.store.chunks:
            return np.zeros(len(self.store.chunks), dtype=np.float32)
        return self.store.bm25.get_scores(query_terms)

    def search(
        self, query: str, top_k: int | None = None, allow: Callable[[Chunk], bool] | None = None
    ) -> list[Hit]:
        return self.best(self.scores(query), top_k, allow)

    def best(
        self,
        scores: np.ndarray,
        top_k: int | None = None,
        allow: Callable[[Chunk], bool] | None = None,
    ) -> list[Hit]:
        """The highest-scoring allowed chunks (score > 0), best first."""
        hits: list[Hit] = []
        for index in np.argsort(-scores, kind="stable"):
            score = float(scores[index])
            if score <= 0 or len(hits) >= (top_k or self.top_k):
                break
            chunk = self.store.chunks[index]
            if allow is None or allow(chunk):
                hits.append(Hit(chunk=chunk, score=score, lexical_score=score))
        return hits
