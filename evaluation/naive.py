"""The ``naive`` baseline: what a LangChain RAG tutorial builds.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) over each document's
full cleaned text → the same embedding model → Chroma similarity top 4 → the 4 chunks as
context. No BM25, no threshold. Its vectors are cached in the shared embedding cache.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain import Chunk, Hit
from evaluation.systems import RANKING_DEPTH, ContextBaseline

if TYPE_CHECKING:
    import chromadb

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


def naive_chunks(corpus_dir: Path) -> list[Chunk]:
    """Tutorial-style chunks of every readable corpus document."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.chunking import full_text
    from ingest.manifest import discover_documents
    from ingest.pipeline import IngestReport, load_corpus

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
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        from assistant.embedding import EmbeddingCache, embed_with_cache

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
