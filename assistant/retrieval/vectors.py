"""Where an index version's vectors live: embedded Chroma in the version's folder (the
default, offline), or one collection per version on a Chroma server
(``PLANASSIST_CHROMA_URL``), which every API replica and ingest worker reaches.

The rest of the version (chunk table, BM25, document frequencies) stays in files on the
shared data dir either way (``store.py``); this module is the one seam between the two
back ends, and the one place that turns an unreachable server into a 503.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import chromadb
import httpx
import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.domain import Chunk
from assistant.errors import BackendUnavailable, IndexNotReady
from assistant.settings import Settings

EMBEDDED_COLLECTION = "chunks"
SERVER_PREFIX = "planassist-"


def chroma_settings() -> ChromaSettings:
    """Telemetry off (no network here); a new object per client, as the client writes
    its host and port into it."""
    return ChromaSettings(anonymized_telemetry=False)


HNSW = {"space": "cosine", "ef_construction": 400, "ef_search": 400, "max_neighbors": 32}
"""Chroma's default graph (16 neighbours, search breadth 100) missed about one in 150 of
the 30 nearest passages, and which one changed from process to process (the graph is
rebuilt on load): the same question could be answered in one run and declined in the
next. A wider graph and search find the exact neighbours at this corpus size."""


def _metadata(chunk: Chunk) -> dict[str, Any]:
    fields = {
        "doc_id": chunk.doc_id,
        "doc_type": chunk.doc_type,
        "language": chunk.language,
        "section": chunk.section,
        "page": chunk.page,
        "collection": chunk.collection,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _fill(
    client: chromadb.ClientAPI, name: str, chunks: Sequence[Chunk], vectors: np.ndarray
) -> None:
    collection = client.create_collection(name, configuration={"hnsw": HNSW})
    step = min(client.get_max_batch_size(), 1000)
    for start in range(0, len(chunks), step):
        batch = chunks[start : start + step]
        collection.add(
            ids=[chunk.id for chunk in batch],
            embeddings=vectors[start : start + step].tolist(),
            documents=[chunk.text for chunk in batch],
            metadatas=[_metadata(chunk) for chunk in batch],
        )


class EmbeddedVectors:
    """Chroma in ``<version folder>/chroma``: written, read and removed with the folder."""

    kind: Literal["embedded"] = "embedded"

    def write(
        self, version: str, folder: Path, chunks: Sequence[Chunk], vectors: np.ndarray
    ) -> None:
        client = self._client(folder)
        try:
            _fill(client, EMBEDDED_COLLECTION, chunks, vectors)
        finally:
            client.close()

    def open(self, version: str, folder: Path) -> chromadb.Collection:
        return self._client(folder).get_collection(EMBEDDED_COLLECTION)

    def exists(self, version: str, folder: Path) -> bool:
        return (folder / "chroma").is_dir()

    def drop(self, version: str, folder: Path) -> None:
        """Nothing to do: the vectors go with the folder."""

    @contextmanager
    def reached(self) -> Iterator[None]:
        yield

    @staticmethod
    def _client(folder: Path) -> chromadb.ClientAPI:
        path = str(folder / "chroma")
        try:
            return chromadb.PersistentClient(path=path, settings=chroma_settings())
        except Exception:
            # Chroma (1.5) keeps a client that failed to start (a full disk) and hands it out,
            # broken, for that path ever after: forget it, so the next try starts afresh.
            SharedSystemClient._identifier_to_system.pop(path, None)
            raise


class ServerVectors:
    """One collection per index version on a Chroma server (``chroma run``, or distributed
    Chroma: the same API). Collections are named by version, so a version's vectors are
    never changed after it is written and replicas on either version read consistent ones.
    """

    kind: Literal["server"] = "server"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)  # checked by Settings: http(s)://host[:port]
        self.url = url
        self._host, self._ssl = parts.hostname or "", parts.scheme == "https"
        self._port = parts.port or (443 if self._ssl else 80)

    @cached_property
    def _client(self) -> chromadb.ClientAPI:
        with self.reached():
            try:
                return chromadb.HttpClient(
                    host=self._host, port=self._port, ssl=self._ssl, settings=chroma_settings()
                )
            except ValueError as exc:  # chromadb's "Could not connect to a Chroma server"
                raise BackendUnavailable(self._down(exc)) from None

    @staticmethod
    def name(version: str) -> str:
        return f"{SERVER_PREFIX}{version}"

    def write(
        self, version: str, folder: Path, chunks: Sequence[Chunk], vectors: np.ndarray
    ) -> None:
        with self.reached():
            _fill(self._client, self.name(version), chunks, vectors)

    def open(self, version: str, folder: Path) -> chromadb.Collection:
        with self.reached():
            try:
                return self._client.get_collection(self.name(version))
            except NotFoundError:
                raise IndexNotReady(
                    f"index version {version} has no vectors on the Chroma server at "
                    f"{self.url}; rebuild it with `planassist ingest`"
                ) from None

    def exists(self, version: str, folder: Path) -> bool:
        with self.reached():
            names = {collection.name for collection in self._client.list_collections()}
        return self.name(version) in names

    def drop(self, version: str, folder: Path) -> None:
        with self.reached(), suppress(NotFoundError):
            self._client.delete_collection(self.name(version))

    @contextmanager
    def reached(self) -> Iterator[None]:
        """Turn a refused or timed-out connection into a 503 that names the server; the
        next request tries again (the HTTP client reconnects by itself)."""
        try:
            yield
        except httpx.TransportError as exc:
            raise BackendUnavailable(self._down(exc)) from None

    def _down(self, exc: Exception) -> str:
        return f"the Chroma server at {self.url} is not reachable ({exc}); try again shortly"


Vectors = EmbeddedVectors | ServerVectors


def make_vectors(settings: Settings) -> Vectors:
    """Embedded Chroma unless ``PLANASSIST_CHROMA_URL`` names a server."""
    return ServerVectors(settings.chroma_url) if settings.chroma_url else EmbeddedVectors()
