"""Nearest passages by embedding (Chroma, cosine space)."""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.domain import Hit
from assistant.retrieval.store import IndexStore


class DenseRetriever:
    def __init__(self, store: IndexStore, top_k: int = 30) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store, self.top_k = store, top_k

    def search(
        self,
        query_vector: np.ndarray,
        top_k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Hit]:
        count = min(top_k or self.top_k, len(self.store.chunks))
        if count == 0:
            return []
        return [
            Hit(self.store.by_id[chunk_id], similarity, dense_score=similarity)
            for chunk_id, similarity in self.store.nearest(query_vector, count, where)
        ]
