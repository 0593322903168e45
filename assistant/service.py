"""``Assistant``: the one facade that the API, the CLI and the evaluation all call.

Cheap to construct; the index, the embedding model and the chat model load on first
use (or in ``warm_up()``), and a newer index version is picked up after an ingest.
``stream()`` is the one answer path: ``ask()`` and ``chat()`` consume it.
"""

from __future__ import annotations

import copy
import os
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from assistant.answer.compose import Composer, Token, finished
from assistant.answer.extractive import ExtractiveAnswerer, best_span
from assistant.answer.generative import GenerativeAnswerer, LLMUnavailable
from assistant.answer.grounding import (
    Thresholds,
    declined_text,
    gather_evidence,
    judge_relevance,
)
from assistant.answer.rewrite import standalone_question
from assistant.conversations import ConversationStore, Turn
from assistant.domain import Answer, Chunk, Hit, SearchFilters
from assistant.embedding import Embedder, make_embedder
from assistant.errors import IndexNotReady, InvalidRequest, NotFound
from assistant.language import detect_language
from assistant.llm import describe, make_chat_model
from assistant.model_store import Progress
from assistant.prompts import message
from assistant.retrieval.bokmal import lost_in_translation, searchable
from assistant.retrieval.context import select_context
from assistant.retrieval.coverage import term_weights, with_source_spelling
from assistant.retrieval.glossary import not_names
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.store import IndexedDocument, IndexLayout, IndexStore
from assistant.retrieval.vectors import make_vectors
from assistant.scope import NATIONAL, Scope
from assistant.settings import Settings
from assistant.storage import location
from ingest.library import remove_document, replace_document
from ingest.pipeline import IngestReport, add_document


def names_section(section: str | None, ref: str) -> bool:
    """Whether ``ref`` names this section: "§ 10-1" or "10-1" → "§ 10-1. Kommunal
    planstrategi", never "§ 10-10"; a heading by its start, in any case."""
    if not section or not ref.strip():
        return False
    ref = " ".join(ref.split()).lower()
    ref = f"§ {ref}" if ref[0].isdigit() and section.startswith("§") else ref
    label = " ".join(section.split()).lower()
    return label == ref or label.startswith((f"{ref}.", f"{ref} "))


@dataclass(frozen=True)
class Health:
    index_loaded: bool
    index_version: str | None
    model_loaded: bool
    embedding_model: str
    documents: int
    chunks: int
    answer_mode: str
    llm: str
    vectors: str
    replica: str
    """host:pid of the process that answered (several API workers serve one index)."""


class Assistant:
    """Search, ask, chat and manage documents over the current index.

    ``within(scope)`` is the same assistant for someone who may read only some
    collections: its searches, answers and document lists never leave them.

    >>> assistant = Assistant(get_settings())
    >>> print(assistant.ask("Hvem skal vedta kommunal planstrategi?").text)
    >>> hole = assistant.within(Scope(frozenset({"national", "hole"})))
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self.chat_model = chat_model if chat_model is not None else make_chat_model(settings)
        self.generator = (
            GenerativeAnswerer(self.chat_model, settings.llm_retry_after_s)
            if self.chat_model is not None
            else None
        )
        """The one writer of answers (and draft prose): it remembers when the model failed."""
        self._store: IndexStore | None = None
        self._layout = IndexLayout(settings.data_dir)
        self._vectors = make_vectors(settings)
        self.scope = Scope()
        self._root = self
        """Who holds the lazily loaded index and model: views share the original's."""
        self.answerer = ExtractiveAnswerer(settings.answer_passages)
        self.conversations = ConversationStore(
            location(settings, "conversations"),
            settings.conversation_ttl_hours,
            settings.local_user,
        )

    def within(self, scope: Scope) -> Assistant:
        """A view of this assistant for someone who may read only ``scope``; it shares the
        index, the models and the conversations, and is cheap (one per request)."""
        view = copy.copy(self)
        view.scope = scope
        return view

    # -- lazily loaded parts -------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        return self._model()

    def _model(self, progress: Progress | None = None) -> Embedder:
        """The one embedding model of this assistant and its views, built on first use
        (fetched first if need be, reporting to ``progress``) and kept."""
        root = self._root
        if root._embedder is None:
            root._embedder = make_embedder(self.settings, progress)
        return root._embedder

    @property
    def store(self) -> IndexStore:
        """The current index version, reopened when an ingest (in this process or any
        other: a worker, another replica) has switched ``CURRENT``; read on every call."""
        root = self._root
        current = self._layout.current_version()
        if current is None:
            raise IndexNotReady(
                f"the index has not been built yet ({self._layout.root}). "
                "Run `planassist ingest` (or `make run`), then try again."
            )
        if root._store is None or root._store.version != current:
            root._store = IndexStore(self._layout.version_dir(current), self._vectors)
        return root._store

    def retriever(self, store: IndexStore | None = None) -> HybridRetriever:
        return HybridRetriever(
            store or self.store,
            self.embedder,
            top_k=self.settings.top_k,
            candidates=self.settings.candidates,
            rrf_k=self.settings.rrf_k,
            scope=self.scope,
        )

    @property
    def thresholds(self) -> Thresholds:
        settings = self.settings
        return Thresholds(
            settings.min_evidence,
            settings.coverage_weight,
            settings.max_missing,
            settings.min_evidence_en,
        )

    def source_names(self, store: IndexStore | None = None) -> list[str]:
        """The titles and short names ("pbl") of the documents this caller may read: a law a
        question names must be one of them to be quoted (``grounding.gather_evidence``)."""
        documents = self.scope.readable((store or self.store).documents.values())
        metas = [document.meta for document in documents]
        return [meta.title for meta in metas] + [meta.short for meta in metas if meta.short]

    def warm_up(self) -> None:
        """Load index, BM25 and model now, so the first question is not slow."""
        store = self.store
        _ = store.bm25, store.frequencies, store.collection
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

    def precheck(self, question: str, filters: SearchFilters | None, mode: str | None) -> None:
        """Fail now, not mid-stream: question, mode, filters and index must be usable."""
        self.check_question(question)
        self._generator(mode or self.settings.answer_mode)
        self.retriever().check_filters(filters or SearchFilters())

    def search(
        self, query: str, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> list[Hit]:
        query = self.check_question(query)
        text = searchable(query, detect_language(query))
        also = lost_in_translation(query, text)
        return self.retriever().search(text, top_k, filters, also=also)

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        mode: str | None = None,
        previous: Sequence[str] = (),
    ) -> Answer:
        """Answer from the documents, or say plainly that they do not cover it."""
        *_, answer = self.stream(question, top_k, filters, mode, previous)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self,
        question: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        mode: str | None = None,
        previous: Sequence[str] = (),
    ) -> Iterator[Token | Answer]:
        """Tokens of the answer as they come, then the final, verified ``Answer``."""
        started = time.perf_counter()
        question = self.check_question(question)
        language = detect_language(question)
        generator = self._generator(mode or self.settings.answer_mode)
        complete = generator.complete if generator else None
        try:
            standalone = standalone_question(question, previous, complete)
        except LLMUnavailable:
            standalone = standalone_question(question, previous)
        store = self.store  # one index version for the whole answer, read once
        search_text = searchable(standalone, language)
        weights = term_weights(store, search_text, language)
        top_k = top_k or self.settings.context_candidates
        also = lost_in_translation(standalone, search_text)
        hits = self.retriever(store).search(search_text, top_k, filters, weights, also)
        evidence = gather_evidence(
            weights, search_text, hits, not_names(), language, self.source_names(store), store.seen
        )
        relevance = judge_relevance(evidence, self.thresholds)
        base = Answer(
            text=declined_text(evidence, language),
            language=language,
            citations=[],
            abstained=True,
            mode="llm" if generator else "extractive",
            question=standalone,
            relevance=relevance.score,
            timings={"retrieval_s": round(time.perf_counter() - started, 4)},
        )
        if not relevance.covered:
            yield finished(base, started)
            return
        window = partial(best_span, weights)
        passages = select_context(hits, store, self.settings.context_chars, window)
        weights = with_source_spelling(weights, store, also, language)
        composer = Composer(self.settings, self.answerer, store, self.embedder, started)
        if generator is not None:
            try:
                yield from composer.generative(generator, base, passages, weights)
                return
            except LLMUnavailable as exc:
                notice = message("llm_unavailable", language, reason=str(exc))
                answer = composer.extractive(base, passages, weights, notice)
        else:
            answer = composer.extractive(base, passages, weights)
        yield Token(answer.text)
        yield answer

    def _generator(self, mode: str) -> GenerativeAnswerer | None:
        if mode not in ("extractive", "llm"):
            raise InvalidRequest(f"unknown answer mode '{mode}'; use 'extractive' or 'llm'")
        if mode == "extractive":
            return None
        if self.generator is None:
            raise InvalidRequest(
                "answer mode 'llm' is not available: set PLANASSIST_LLM=local (offline model) "
                "or PLANASSIST_LLM_BASE_URL to an OpenAI-compatible endpoint"
            )
        return self.generator

    # -- conversations -------------------------------------------------------------------
    def chat(
        self,
        conversation: str | None,
        question: str,
        filters: SearchFilters | None = None,
        mode: str | None = None,
    ) -> Iterator[Token | Answer]:
        """Like ``stream``, with follow-ups read in the light of the conversation so far."""
        turns = self.conversations.history(conversation) if conversation else []
        for event in self.converse(turns, question, filters, mode):
            if isinstance(event, Answer) and conversation is not None:
                self.conversations.append(conversation, "user", question)
                self.conversations.append(
                    conversation, "assistant", event.text, event.language, event.citations
                )
            yield event

    def converse(
        self,
        history: Sequence[Turn],
        question: str,
        filters: SearchFilters | None = None,
        mode: str | None = None,
    ) -> Iterator[Token | Answer]:
        """Answer ``question`` after ``history`` (stored here, or sent by a chat client):
        the earlier user turns make a follow-up stand alone."""
        recent = history[-self.settings.conversation_turns :]
        previous = [turn.text for turn in recent if turn.role == "user"]
        return self.stream(question, None, filters, mode, previous)

    # -- documents -----------------------------------------------------------------------
    def documents(self) -> list[IndexedDocument]:
        """The documents this view may read: national ones first, then by id."""
        readable = self.scope.readable(self.store.documents.values())
        return sorted(readable, key=lambda d: (d.meta.collection != NATIONAL, d.meta.id))

    def document(self, doc_id: str) -> tuple[IndexedDocument, list[Chunk]]:
        """One readable document and its chunks; another organisation's is as unknown."""
        store = self.store
        document = store.documents.get(doc_id)
        if document is None or not self.scope.allows(document.meta.collection):
            raise NotFound(f"no document with id '{doc_id}'; GET /v1/documents lists them")
        return document, [c for c in store.chunks if c.doc_id == doc_id]

    def section(self, doc_id: str, ref: str) -> tuple[IndexedDocument, list[Chunk]]:
        """A document's passages of one § or section: ``ref`` is a chunk id ("pbl:0012"),
        a § ("§ 11-13" or "11-13") or a section heading's start ("Formål")."""
        document, chunks = self.document(doc_id)
        found = [c for c in chunks if c.id == ref.strip() or names_section(c.section, ref)]
        if not found:
            raise NotFound(
                f"document '{doc_id}' has no section '{ref}'; its sections are listed by "
                f"GET /v1/documents/{doc_id}"
            )
        return document, found

    def add(self, path: Path, collection: str, progress: Progress) -> IngestReport:
        """Add the file at ``path`` to ``collection`` and re-index."""
        return add_document(self.settings, path, self._model(progress), progress, collection)

    def replace(self, doc_id: str, path: Path, progress: Progress) -> IngestReport:
        """Put the file at ``path`` in the place of the added document ``doc_id`` (looked up
        now: a queued job may run much later); it keeps its id and collection."""
        indexed = self.store.documents.get(doc_id)
        if indexed is None:
            raise NotFound(f"document '{doc_id}' is no longer in the index")
        return replace_document(self.settings, indexed.meta, path, self._model(progress), progress)

    def remove(self, doc_id: str, progress: Progress) -> IngestReport | None:
        """Take the added document ``doc_id`` out of its collection and the index; None if
        it is gone already (a job tried again after its worker died)."""
        indexed = self.store.documents.get(doc_id)
        if indexed is None:
            return None
        return remove_document(self.settings, indexed.meta, self._model(progress), progress)

    def health(self) -> Health:
        """The index, the models and the documents and passages this view may read."""
        try:
            store: IndexStore | None = self.store
        except IndexNotReady:
            store = None
        embedder = self._root._embedder
        readable = self.scope.readable(store.documents.values()) if store else []
        return Health(
            index_loaded=store is not None,
            index_version=store.version if store else None,
            model_loaded=bool(getattr(embedder, "loaded", embedder is not None)),
            embedding_model=self.settings.embedding_model
            if self.settings.embedder != "hash"
            else "hash",
            documents=len(readable),
            chunks=sum(document.chunks for document in readable),
            answer_mode=self.settings.answer_mode,
            llm=describe(self.settings),
            vectors=self._vectors.kind,
            replica=f"{socket.gethostname()}:{os.getpid()}",
        )
