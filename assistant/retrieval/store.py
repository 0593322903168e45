"""The on-disk index: versions under ``data/index/`` and the ``CURRENT`` pointer.

Each ingest writes a complete new version folder (Chroma + BM25 + chunk table) and only
then replaces ``CURRENT`` atomically; a crash half-way leaves the old version in use.
This module owns the layout; ``ingest/index.py`` writes it, retrievers read it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import bm25s
import chromadb
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from assistant.domain import Chunk, DocumentMeta
from assistant.errors import IndexNotReady, full_disk_means

COLLECTION = "chunks"
FORMAT_VERSION = 1
OPEN_DISK_FULL = (
    "the disk of the data directory is full, and the search index needs a little room to"
    " open; free some space there, then try again"
)


@dataclass(frozen=True)
class IndexedDocument:
    meta: DocumentMeta
    content_hash: str
    chunks: int


def chroma_client(path: Path) -> chromadb.ClientAPI:
    """An embedded Chroma client with telemetry off (no network here)."""
    try:
        return chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
        )
    except Exception:
        # Chroma (1.5) keeps a client that failed to start (a full disk) and hands it out,
        # broken, for that path ever after: forget it, so the next try starts afresh.
        SharedSystemClient._identifier_to_system.pop(str(path), None)
        raise


class IndexLayout:
    """Paths of the index under ``data_dir``; knows which version is current."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "index"
        self.pointer = self.root / "CURRENT"

    def current_version(self) -> str | None:
        try:
            version = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return version if (self.root / version / "index.json").exists() else None

    def version_dir(self, version: str) -> Path:
        return self.root / version


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def chunk_to_json(chunk: Chunk) -> str:
    return json.dumps(asdict(chunk), ensure_ascii=False)


class IndexStore:
    """One opened index version: chunk table, document list, Chroma collection, BM25."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.info: dict[str, Any] = _read_json(folder / "index.json")
        lines = (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
        self.chunks: list[Chunk] = [Chunk(**json.loads(line)) for line in lines if line]
        self.by_id: dict[str, Chunk] = {chunk.id: chunk for chunk in self.chunks}
        self.position: dict[str, int] = {chunk.id: i for i, chunk in enumerate(self.chunks)}
        self.documents: dict[str, IndexedDocument] = {
            entry["meta"]["id"]: IndexedDocument(
                DocumentMeta(**entry["meta"]), entry["content_hash"], entry["chunks"]
            )
            for entry in _read_json(folder / "documents.json")
        }

    @classmethod
    def open_current(cls, data_dir: Path) -> IndexStore:
        layout = IndexLayout(data_dir)
        version = layout.current_version()
        if version is None:
            raise IndexNotReady(
                f"no index in {layout.root}. Build it with `planassist ingest` (or `make run`)."
            )
        return cls(layout.version_dir(version))

    @property
    def version(self) -> str:
        return self.folder.name

    @cached_property
    def collection(self) -> chromadb.Collection:
        with full_disk_means(OPEN_DISK_FULL):  # Chroma writes a little to open its files
            return chroma_client(self.folder / "chroma").get_collection(COLLECTION)

    @cached_property
    def bm25(self) -> bm25s.BM25:
        return bm25s.BM25.load(str(self.folder / "bm25"), show_progress=False)

    def following(self, chunk: Chunk) -> Chunk | None:
        """The next chunk of the same document (what a passage continues into), if any."""
        position = self.position[chunk.id] + 1
        if position < len(self.chunks) and self.chunks[position].doc_id == chunk.doc_id:
            return self.chunks[position]
        return None

    def values(self, field: str) -> set[str]:
        """Distinct values of a document field (doc_type, language) for filter checks."""
        return {str(getattr(doc.meta, field)) for doc in self.documents.values()}

    def seen(self, term: str) -> bool:
        return term in self.bm25.vocab_dict

    def idf(self, term: str) -> float:
        """Inverse document frequency from the BM25 index; unseen terms weigh the most."""
        n_docs = max(len(self.chunks), 1)
        term_id = self.bm25.vocab_dict.get(term)
        indptr = self.bm25.scores["indptr"]
        df = 0 if term_id is None else int(indptr[term_id + 1] - indptr[term_id])
        return math.log(1 + n_docs / (df + 0.5))
