"""The baselines planassist is compared with: ``naive`` (a LangChain tutorial) and ``bm25``.

Both hand their top ``BASELINE_CONTEXT`` chunks to the product's ``ExtractiveAnswerer`` and
never abstain. ``naive``: RecursiveCharacterTextSplitter(chunk_size=1000,
chunk_overlap=200) over each document's full cleaned text → the same embedding model →
Chroma similarity top 4; no BM25, no threshold; its vectors are cached in the shared
embedding cache. ``bm25``: planassist's ``LexicalRetriever`` over its own chunks.

>>> make_baseline("naive", assistant).run(question)
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.domain import Chunk, Hit
from assistant.embedding import EmbeddingCache, embed_with_cache
from assistant.language import detect_language
from assistant.retrieval.coverage import term_weights
from assistant.retrieval.lexical import LexicalRetriever
from evaluation import EvaluationError
from evaluation.dataset import Question
from evaluation.systems import RANKING_DEPTH, System, SystemResult, ranked_documents
from ingest.chunking import full_text
from ingest.manifest import discover_documents
from ingest.pipeline import IngestReport, load_corpus

if TYPE_CHECKING:
    from assistant.service import Assistant

BASELINE_CONTEXT = 4
"""Chunks a baseline hands to the answerer (the LangChain tutorial's default k)."""
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


class ContextBaseline:
    """A retriever without threshold: top chunks → the same extractive answerer, never abstains."""

    name = "baseline"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        # The product's answerer with its settings, only fed the baseline's whole context.
        self.answerer = copy.copy(assistant.answerer)
        self.answerer.max_passages = BASELINE_CONTEXT

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def retrieve(self, question: str) -> list[Hit]:
        raise NotImplementedError

    def run(self, question: Question) -> SystemResult:
        started = time.perf_counter()
        hits = self.retrieve(question.question)
        retrieved = time.perf_counter()
        context = hits[:BASELINE_CONTEXT]
        language = detect_language(question.question)
        weights = term_weights(self.assistant.store, question.question, language)
        text, citations = self.answerer.answer(language, context, weights, question.question)
        return SystemResult(
            ranked_docs=ranked_documents(hits),
            context=[hit.chunk.text for hit in context],
            answer=text,
            citations=citations,
            abstained=False,
            retrieval_s=round(retrieved - started, 4),
            total_s=round(time.perf_counter() - started, 4),
        )


class Bm25Baseline(ContextBaseline):
    """BM25 only over planassist's own chunks (``LexicalRetriever``), top 4 as context."""

    name = "bm25"

    def retrieve(self, question: str) -> list[Hit]:
        return LexicalRetriever(self.assistant.store).search(question, top_k=RANKING_DEPTH)


def naive_chunks(corpus_dir: Path) -> list[Chunk]:
    """Tutorial-style chunks of every readable corpus document."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    chunks: list[Chunk] = []
    for doc in load_corpus(corpus_dir, discover_documents(corpus_dir), IngestReport()):
        meta = doc.meta
        for i, piece in enumerate(splitter.create_documents([full_text(doc)])):
            start = piece.metadata["start_index"]
            chunks.append(
                Chunk(
                    id=f"naive:{meta.id}:{i:04d}",
                    doc_id=meta.id,
                    title=meta.title,
                    doc_type=meta.doc_type,
                    language=meta.language,
                    text=piece.page_content,
                    start=start,
                    end=start + len(piece.page_content),
                    content_hash="",
                )
            )
    return chunks


class NaiveBaseline(ContextBaseline):
    """Dense-only retrieval over tutorial chunks in an in-memory Chroma collection."""

    name = "naive"

    @cached_property
    def chunks(self) -> dict[str, Chunk]:
        return {chunk.id: chunk for chunk in naive_chunks(self.assistant.settings.corpus_dir)}

    @cached_property
    def collection(self) -> chromadb.Collection:
        chunks = list(self.chunks.values())
        cache = EmbeddingCache(self.assistant.settings.cache_dir / "embeddings.sqlite3")
        try:
            vectors, _ = embed_with_cache(self.assistant.embedder, [c.text for c in chunks], cache)
        finally:
            cache.close()
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.create_collection(
            f"naive-{uuid.uuid4().hex[:12]}", metadata={"hnsw:space": "cosine"}
        )
        for start in range(0, len(chunks), 1000):
            batch = chunks[start : start + 1000]
            collection.add(
                ids=[c.id for c in batch], embeddings=vectors[start : start + len(batch)].tolist()
            )
        return collection

    def warm_up(self) -> None:
        super().warm_up()
        _ = self.collection

    def retrieve(self, question: str) -> list[Hit]:
        vector = self.assistant.embedder.encode_query(question)
        count = min(RANKING_DEPTH, len(self.chunks))
        result = self.collection.query(query_embeddings=[vector.tolist()], n_results=count)
        return [
            Hit(self.chunks[chunk_id], 1.0 - float(distance), dense_score=1.0 - float(distance))
            for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]


BASELINES: dict[str, Callable[[Assistant], System]] = {
    "naive": NaiveBaseline,
    "bm25": Bm25Baseline,
}


def make_baseline(name: str, assistant: Assistant) -> System:
    """The baseline called ``name``; an unknown name raises ``EvaluationError`` listing them."""
    if name not in BASELINES:
        raise EvaluationError(f"unknown baseline '{name}'; known: {', '.join(BASELINES)}")
    return BASELINES[name](assistant)
