"""Dense + BM25, fused by reciprocal rank, with metadata filters."""

from __future__ import annotations

from assistant.domain import Hit, SearchFilters
from assistant.embedding import Embedder
from assistant.errors import InvalidRequest
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.fusion import fuse
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.store import IndexStore


class HybridRetriever:
    """Retrieve ``candidates`` from each side, fuse, return the best ``top_k``.

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
    ) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store, self.embedder = store, embedder
        self.top_k, self.rrf_k = top_k, rrf_k
        self.dense = DenseRetriever(store, top_k=candidates)
        self.lexical = LexicalRetriever(store, top_k=candidates)

    def search(
        self, query: str, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> list[Hit]:
        filters = filters or SearchFilters()
        self.check_filters(filters)
        dense = self.dense.search(self.embedder.encode_query(query), where=filters.where())
        lexical = self.lexical.search(query, allow=filters.allows)
        return fuse([dense, lexical], k=self.rrf_k)[: top_k or self.top_k]

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
