"""Dense + BM25, fused by reciprocal rank, reranked, with metadata filters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.domain import Chunk, Hit, SearchFilters
from assistant.embedding import Embedder
from assistant.errors import InvalidRequest
from assistant.language import detect_language
from assistant.retrieval.analysis import names_in
from assistant.retrieval.coverage import holds_name, passage_terms, term_weights
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.fusion import fuse
from assistant.retrieval.glossary import bridge_terms, not_names
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.rerank import RerankWeights, rerank
from assistant.retrieval.sections import cited_chunks, named_laws
from assistant.retrieval.store import IndexStore
from assistant.scope import Scope


class HybridRetriever:
    """Retrieve ``candidates`` from each side, fuse, rerank, return the best ``top_k``.

    BM25 also searches the glossary's Norwegian words for an English or everyday question,
    and ``also``: the words a nynorsk question's bokmål reading changed.
    Only passages of the ``scope``'s collections are ever candidates: Chroma filters on
    them, and BM25 hits outside them are passed over before fusion (``best`` keeps going
    down the ranking until it has ``candidates`` allowed ones).

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
        scope: Scope | None = None,
    ) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be positive, got {top_k}")
        self.store, self.embedder = store, embedder
        self.top_k, self.rrf_k = top_k, rrf_k
        self.rerank_weights = rerank_weights or RerankWeights()
        self.scope = scope or Scope()
        self.dense = DenseRetriever(store, top_k=candidates)
        self.lexical = LexicalRetriever(store, top_k=candidates)

    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        weights: dict[str, float] | None = None,
        also: str = "",
    ) -> list[Hit]:
        """The best ``top_k`` passages; ``weights`` are the question's term weights
        (``coverage.term_weights``), computed here when not given; ``also`` more words
        for BM25 (``bokmal.lost_in_translation``)."""
        if weights is None:
            weights = term_weights(self.store, query, detect_language(query))
        ranked = rerank(self.candidates(query, filters, also), weights, self.rerank_weights)
        cited = [chunk.id for chunk in self._cited(query, filters or SearchFilters())]
        if cited:  # the cited §§ first, in document order: a § opens with its rule
            by_id = {hit.chunk.id: hit for hit in ranked}
            ranked = [by_id[i] for i in cited] + [h for h in ranked if h.chunk.id not in cited]
        else:
            ranked = self._named_law_first(query, ranked)
        return self._with_every_name(query, ranked, top_k or self.top_k)

    def _with_every_name(self, query: str, ranked: list[Hit], top_k: int) -> list[Hit]:
        """The best ``top_k`` of ``ranked``, where a name the question uses that none of
        them holds brings the best lower passage that does into the last places (never
        the first): in "How did Kristiansand … and Moss … make sure …" the Moss passages
        filled the top, and the decline check read the missed Kristiansand slide as a name
        the documents lack."""
        top = ranked[:top_k]
        slot = len(top) - 1
        for name in names_in(query, not_names()):
            present = frozenset().union(*(passage_terms(hit.chunk) for hit in top))
            if slot < 1 or holds_name(name, present, top):
                continue
            holding = next(
                (
                    hit
                    for hit in ranked[top_k:]
                    if hit not in top and holds_name(name, passage_terms(hit.chunk), [hit])
                ),
                None,
            )
            if holding is not None:
                top[slot] = holding
                slot -= 1
        return top

    def _named_law_first(self, query: str, ranked: list[Hit]) -> list[Hit]:
        """``ranked`` with the best passage of each law the question names first: "Hva
        krever helse- og omsorgstjenesteloven om brukernes innflytelse?" is answered by the
        law, not by the planprogram that lists it by name, which the question's words
        matched better."""
        laws, _ = named_laws(query, self.store.metas)
        best = (next((hit for hit in ranked if hit.chunk.doc_id == law), None) for law in laws)
        first = sorted((hit for hit in best if hit is not None), key=ranked.index)
        return first + [hit for hit in ranked if hit not in first]

    def candidates(
        self, query: str, filters: SearchFilters | None = None, also: str = ""
    ) -> list[Hit]:
        """Dense and BM25 candidates fused by rank, each with both its scores (not reranked)."""
        filters = filters or SearchFilters()
        self.check_filters(filters)
        vector = self.embedder.encode_query(query)
        dense = self.dense.search(vector, where=self._where(filters))
        bridged = bridge_terms(query, detect_language(query))
        scores = self.lexical.scores(f"{query} {bridged} {also}")
        lexical = self.lexical.best(scores, allow=lambda c: self._allows(filters, c))
        fused = fuse([dense, lexical], k=self.rrf_k)
        found = {hit.chunk.id for hit in fused}
        cited = [Hit(c, 0.0) for c in self._cited(query, filters) if c.id not in found]
        return self._complete(fused + cited, vector, scores)

    def _cited(self, query: str, filters: SearchFilters) -> list[Chunk]:
        """The passages of the §§ the question cites by number (``sections``)."""
        cited = cited_chunks(query, self.store.metas, self.store.chunks)
        return [chunk for chunk in cited if self._allows(filters, chunk)]

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

    def _allows(self, filters: SearchFilters, chunk: Chunk) -> bool:
        return self.scope.allows(chunk.collection) and filters.allows(chunk)

    def _where(self, filters: SearchFilters) -> dict[str, object] | None:
        clauses = [c for c in (self.scope.where(), filters.where()) if c]
        return {"$and": clauses} if len(clauses) > 1 else (clauses[0] if clauses else None)

    def check_filters(self, filters: SearchFilters) -> None:
        """Unknown filter values are a mistake by the caller, not an empty result (known:
        what the scope may read, so the message never names another organisation's)."""
        readable = [doc.meta for doc in self.scope.readable(self.store.documents.values())]
        known = {
            "doc_ids": {meta.id for meta in readable},
            "doc_types": {meta.doc_type for meta in readable},
            "languages": {meta.language for meta in readable},
        }
        for name, allowed in known.items():
            unknown = sorted(set(getattr(filters, name)) - allowed)
            if unknown:
                raise InvalidRequest(
                    f"unknown {name} filter value(s) {unknown}; known: {sorted(allowed)}"
                )
