"""``Assistant``: the one facade that the API, the CLI and the evaluation all call.

Cheap to construct; the index and the embedding model load on first use (or in
``warm_up()``), and a newer index version is picked up automatically after an ingest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.grounding import judge_relevance, term_weights
from assistant.domain import Answer, Chunk, Hit, SearchFilters
from assistant.embedding import Embedder, make_embedder
from assistant.errors import IndexNotReady, InvalidRequest, NotFound
from assistant.language import detect_language
from assistant.model_store import Progress
from assistant.prompts import message
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.store import IndexedDocument, IndexLayout, IndexStore
from assistant.settings import Settings
from ingest.pipeline import IngestReport, add_document, run_ingest


@dataclass(frozen=True)
class Health:
    index_loaded: bool
    index_version: str | None
    model_loaded: bool
    embedding_model: str
    documents: int
    chunks: int
    answer_mode: str


class Assistant:
    """Search, ask and manage documents over the current index.

    >>> assistant = Assistant(get_settings())
    >>> print(assistant.ask("Hvem skal vedta kommunal planstrategi?").text)
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store: IndexStore | None = None
        self._layout = IndexLayout(settings.data_dir)
        self.answerer = ExtractiveAnswerer(settings.answer_passages)

    # -- lazily loaded parts -------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def store(self) -> IndexStore:
        """The current index version, reopened when an ingest has switched it."""
        current = self._layout.current_version()
        if current is None:
            raise IndexNotReady(
                f"the index has not been built yet ({self._layout.root}). "
                "Run `planassist ingest` (or `make run`), then try again."
            )
        if self._store is None or self._store.version != current:
            self._store = IndexStore(self._layout.version_dir(current))
        return self._store

    def retriever(self) -> HybridRetriever:
        return HybridRetriever(
            self.store,
            self.embedder,
            top_k=self.settings.top_k,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
        )

    def warm_up(self) -> None:
        """Load index, BM25 and model now, so the first question is not slow."""
        store = self.store
        _ = store.bm25, store.collection
        self.embedder.encode_query("oppvarming")

    # -- questions -----------------------------------------------------------------------
    def check_question(self, question: str) -> str:
        question = question.strip()
        if not question:
            raise InvalidRequest(
                "the question is empty; write a question in bokmål, nynorsk or English"
            )
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise InvalidRequest(
                f"the question is {len(question)} characters long; the limit is {limit}"
            )
        return question

    def search(
        self, query: str, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> list[Hit]:
        return self.retriever().search(self.check_question(query), top_k, filters)

    def ask(
        self, question: str, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        """Answer from the documents, or say plainly that they do not cover it."""
        started = time.perf_counter()
        question = self.check_question(question)
        language = detect_language(question)
        hits = self.retriever().search(question, top_k, filters)
        retrieved = time.perf_counter()
        relevance = judge_relevance(
            self.store,
            question,
            language,
            hits,
            self.settings.min_dense_score,
            self.settings.min_evidence,
        )
        if not relevance.covered:
            text, citations, passages = message("not_covered", language), [], []
        else:
            passages = hits[: self.answerer.max_passages]
            weights = term_weights(self.store, question)
            text, citations = self.answerer.answer(language, passages, weights)
        finished = time.perf_counter()
        return Answer(
            text=text,
            language=language,
            citations=citations,
            abstained=not relevance.covered,
            passages=passages,
            timings={
                "retrieval_s": round(retrieved - started, 4),
                "answer_s": round(finished - retrieved, 4),
                "total_s": round(finished - started, 4),
            },
        )

    # -- documents -----------------------------------------------------------------------
    def documents(self) -> list[IndexedDocument]:
        return sorted(self.store.documents.values(), key=lambda doc: doc.meta.id)

    def document(self, doc_id: str) -> tuple[IndexedDocument, list[Chunk]]:
        store = self.store
        if doc_id not in store.documents:
            raise NotFound(f"no document with id '{doc_id}'; GET /v1/documents lists them")
        return store.documents[doc_id], [c for c in store.chunks if c.doc_id == doc_id]

    def ingest(self, path: Path | None = None, progress: Progress | None = None) -> IngestReport:
        """Re-ingest the corpus, or add ``path`` to it first."""
        kwargs = {"progress": progress} if progress else {}
        if path is None:
            return run_ingest(self.settings, self._embedder, **kwargs)
        return add_document(self.settings, path, self._embedder, **kwargs)

    def health(self) -> Health:
        try:
            store: IndexStore | None = self.store
        except IndexNotReady:
            store = None
        return Health(
            index_loaded=store is not None,
            index_version=store.version if store else None,
            model_loaded=bool(getattr(self._embedder, "loaded", self._embedder is not None)),
            embedding_model=self.settings.embedding_model
            if self.settings.embedder != "hash"
            else "hash",
            documents=len(store.documents) if store else 0,
            chunks=len(store.chunks) if store else 0,
            answer_mode="extractive",
        )
