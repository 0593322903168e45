"""Text → vectors: the EmbeddingGemma model, a deterministic fake for tests, and a cache.

Queries and passages are encoded differently (EmbeddingGemma has its own prompts for
each), so the protocol has two methods. Vectors are L2-normalised: a dot product is the
cosine similarity.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.errors import ModelUnavailable
from assistant.model_store import ARTIFACTS, Progress, ensure_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from assistant.settings import Settings


class Embedder(Protocol):
    model_key: str
    """Identifies the model, so cached vectors of another model are never reused."""

    def encode_query(self, text: str) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray: ...


class HashEmbedder:
    """Deterministic bag-of-words hashing vectors: fast, no model, for unit tests.

    >>> HashEmbedder(dim=64).encode_query("planstrategi").shape
    (64,)
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_key = f"hash-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def encode_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(text) for text in texts]) if texts else self._empty()

    def _empty(self) -> np.ndarray:
        return np.zeros((0, self.dim), dtype=np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded lazily from a local folder (or a hub id)."""

    def __init__(self, model_path: str, batch_size: int = 4) -> None:
        self.model_path = model_path
        self.batch_size = batch_size
        self.model_key = f"st:{Path(model_path).name}"
        self._model: SentenceTransformer | None = None

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # our own bar shows progress
            try:
                self._model = SentenceTransformer(self.model_path, device="cpu")
            except (OSError, ValueError) as exc:
                raise ModelUnavailable(
                    f"cannot load embedding model '{self.model_path}': {exc}. "
                    "Run `planassist models fetch` (or `make models`)."
                ) from exc
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def encode_query(self, text: str) -> np.ndarray:
        return self.model.encode_query([text], normalize_embeddings=True)[0].astype(np.float32)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode_document(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)


def load_before_fork(embedder: Embedder) -> None:
    """Load ``embedder``'s model now, in a process whose forked children use it (RQ's work
    horses), so they share it instead of each loading their own.

    Torch's threads must not start here: a child forked after GNU OpenMP's thread pool has
    started hangs at its first parallel step (the work horse never finishes encoding), so
    the model is loaded on one thread and each child starts its own pool.
    """
    if not isinstance(embedder, SentenceTransformerEmbedder):
        return  # nothing to load
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _ = embedder.model
    finally:
        torch.set_num_threads(threads)


def make_embedder(settings: Settings, progress: Progress | None = None) -> Embedder:
    """Build the configured embedder; fetch the default model into the cache if needed."""
    if settings.embedder == "hash":
        return HashEmbedder()
    name = settings.embedding_model
    if name in ARTIFACTS:
        if progress is None:
            path = ensure_model(ARTIFACTS[name], settings.models_dir)
        else:
            path = ensure_model(ARTIFACTS[name], settings.models_dir, progress)
        name = str(path)
    return SentenceTransformerEmbedder(name, batch_size=settings.embedding_batch_size)


class EmbeddingCache:
    """Vectors keyed by (model, text hash) in SQLite, so no text is embedded twice.

    Written batch by batch: an interrupted ingest keeps the work it finished.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, text_hash TEXT, vector BLOB,"
            " PRIMARY KEY (model, text_hash))"
        )

    def get(self, model: str, text_hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(text_hashes), 500):
            batch = list(text_hashes[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})",
                [model, *batch],
            )
            found.update({h: np.frombuffer(blob, dtype=np.float32) for h, blob in rows})
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, h, v.astype(np.float32).tobytes()) for h, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache,
    batch_size: int = 16,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Embed ``texts`` as passages, reusing cached vectors; return (vectors, newly embedded)."""
    hashes = [text_hash(text) for text in texts]
    known = cache.get(embedder.model_key, hashes)
    # Similar lengths together: less padding, which is most of the cost on a CPU.
    missing = sorted(
        (i for i, h in enumerate(hashes) if h not in known), key=lambda i: len(texts[i])
    )
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        vectors = embedder.encode_documents([texts[i] for i in batch])
        fresh = {hashes[i]: vector for i, vector in zip(batch, vectors, strict=True)}
        cache.put(embedder.model_key, fresh)
        known.update(fresh)
        if on_batch:
            on_batch(len(batch))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([known[h] for h in hashes]), len(missing)
