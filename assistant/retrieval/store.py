"""The index format: versions under ``data/index/``, the ``CURRENT`` pointer, and what a
version folder holds. Both sides live here: ``write_files`` (called by ``ingest/index.py``)
and ``IndexStore`` (what retrievers read), so the two cannot drift.

A version folder holds the chunk table, the document list, BM25 (bm25s files) and the
document frequencies of every term, all written at ingest; its vectors are in embedded
Chroma inside the folder or in a collection on a Chroma server (``vectors.py``). Each
ingest writes a complete new version and only then replaces ``CURRENT`` atomically; a
crash half-way leaves the old version in use. Every API replica reads the same files
from the shared data dir and switches when ``CURRENT`` changes.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import bm25s
import chromadb
import numpy as np

from assistant.domain import Chunk, DocumentMeta
from assistant.errors import IndexNotReady, full_disk_means
from assistant.retrieval.analysis import terms
from assistant.retrieval.vectors import Vectors, make_vectors
from assistant.settings import Settings

FORMAT_VERSION = 2
"""2: document frequencies in ``frequencies.json`` (no longer read from bm25s internals)."""
INFO, CHUNKS, DOCUMENTS, FREQUENCIES, BM25 = (
    "index.json",
    "chunks.jsonl",
    "documents.json",
    "frequencies.json",
    "bm25",
)
OPEN_DISK_FULL = (
    "the disk of the data directory is full, and the search index needs a little room to"
    " open; free some space there, then try again"
)


@dataclass(frozen=True)
class IndexedDocument:
    meta: DocumentMeta
    content_hash: str
    chunks: int


class IndexLayout:
    """Paths of the index under ``data_dir``; knows which version is current."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "index"
        self.pointer = self.root / "CURRENT"

    def current_version(self) -> str | None:
        """The version ``CURRENT`` names, if complete: one small read, cheap per request."""
        try:
            version = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return version if (self.root / version / INFO).exists() else None

    def version_dir(self, version: str) -> Path:
        return self.root / version


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")


def chunk_to_json(chunk: Chunk) -> str:
    return json.dumps(asdict(chunk), ensure_ascii=False)


def _write_bm25(folder: Path, tokens: Sequence[list[str]]) -> None:
    retriever = bm25s.BM25()
    retriever.index(list(tokens), show_progress=False)
    retriever.save(str(folder), show_progress=False)


def write_files(
    folder: Path,
    chunks: Sequence[Chunk],
    texts: Sequence[str],
    documents: Sequence[IndexedDocument],
    info: dict[str, Any],
) -> None:
    """Write a version's files into ``folder``; ``index.json`` last, as the mark that the
    version is complete. ``texts`` are what was embedded for each chunk: BM25 indexes them
    and the document frequencies count their terms."""
    tokens = [terms(text) for text in texts]
    _write_bm25(folder / BM25, tokens)
    frequencies = Counter(term for chunk_terms in tokens for term in set(chunk_terms))
    _write_json(folder / FREQUENCIES, {"chunks": len(chunks), "df": dict(frequencies)})
    lines = "".join(chunk_to_json(chunk) + "\n" for chunk in chunks)
    (folder / CHUNKS).write_text(lines, encoding="utf-8")
    _write_json(folder / DOCUMENTS, [asdict(document) for document in documents])
    _write_json(folder / INFO, {**info, "format": FORMAT_VERSION, "chunks": len(chunks)})


def read_info(layout: IndexLayout) -> dict[str, Any] | None:
    version = layout.current_version()
    return None if version is None else _read_json(layout.version_dir(version) / INFO)


class IndexStore:
    """One opened index version: chunk table, document list, BM25, document frequencies
    and its vectors (embedded or on the Chroma server)."""

    def __init__(self, folder: Path, vectors: Vectors) -> None:
        self.folder, self.vectors = folder, vectors
        self.info: dict[str, Any] = _read_json(folder / INFO)
        if self.info.get("format") != FORMAT_VERSION:
            raise IndexNotReady(
                f"the index in {folder} has an older format; rebuild it with `planassist ingest`"
            )
        lines = (folder / CHUNKS).read_text(encoding="utf-8").splitlines()
        self.chunks: list[Chunk] = [Chunk(**json.loads(line)) for line in lines if line]
        self.by_id: dict[str, Chunk] = {chunk.id: chunk for chunk in self.chunks}
        self.position: dict[str, int] = {chunk.id: i for i, chunk in enumerate(self.chunks)}
        self.documents: dict[str, IndexedDocument] = {
            entry["meta"]["id"]: IndexedDocument(
                DocumentMeta(**entry["meta"]), entry["content_hash"], entry["chunks"]
            )
            for entry in _read_json(folder / DOCUMENTS)
        }

    @property
    def metas(self) -> list[DocumentMeta]:
        """Every indexed document's manifest facts (title, short name …)."""
        return [entry.meta for entry in self.documents.values()]

    @classmethod
    def open_current(cls, settings: Settings) -> IndexStore:
        layout = IndexLayout(settings.data_dir)
        version = layout.current_version()
        if version is None:
            raise IndexNotReady(
                f"no index in {layout.root}. Build it with `planassist ingest` (or `make run`)."
            )
        return cls(layout.version_dir(version), make_vectors(settings))

    @property
    def version(self) -> str:
        return self.folder.name

    @cached_property
    def collection(self) -> chromadb.Collection:
        with full_disk_means(OPEN_DISK_FULL):  # embedded Chroma writes a little to open
            return self.vectors.open(self.version, self.folder)

    @cached_property
    def bm25(self) -> bm25s.BM25:
        return bm25s.BM25.load(str(self.folder / BM25), show_progress=False)

    @cached_property
    def frequencies(self) -> dict[str, int]:
        """Term → how many chunks hold it, as counted at ingest."""
        return _read_json(self.folder / FREQUENCIES)["df"]

    def nearest(
        self, vector: np.ndarray, count: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ``count`` nearest chunks to ``vector`` as (id, cosine similarity)."""
        with self.vectors.reached():
            result = self.collection.query(
                query_embeddings=[vector.tolist()], n_results=count, where=where or None
            )
        pairs = zip(result["ids"][0], result["distances"][0], strict=True)
        return [(chunk_id, 1.0 - float(distance)) for chunk_id, distance in pairs]

    def embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks."""
        with self.vectors.reached():
            stored = self.collection.get(ids=list(ids), include=["embeddings"])
        pairs = zip(stored["ids"], stored["embeddings"], strict=True)
        return {chunk_id: np.asarray(vector, dtype=np.float32) for chunk_id, vector in pairs}

    def following(self, chunk: Chunk) -> Chunk | None:
        """The next chunk of the same document (what a passage continues into), if any."""
        position = self.position[chunk.id] + 1
        if position < len(self.chunks) and self.chunks[position].doc_id == chunk.doc_id:
            return self.chunks[position]
        return None

    def seen(self, term: str) -> bool:
        return term in self.frequencies

    def idf(self, term: str) -> float:
        """Inverse document frequency; unseen terms weigh the most."""
        n_docs = max(len(self.chunks), 1)
        return math.log(1 + n_docs / (self.frequencies.get(term, 0) + 0.5))
