"""The bundled corpus's vectors, shipped in git so a fresh machine embeds (almost) nothing.

Embedding the corpus takes minutes on a laptop CPU; reading these takes a second. The file
(``corpus/vectors.npz``) holds float16 vectors keyed by the model file's sha256 and each
embedded text's sha256. Ingest copies the ones the embedding cache lacks into it, so the
cache stays the one source of vectors: a changed chunk has a new hash and is embedded as
usual, and another model (another sha256) uses none of them.

Regenerate with ``planassist models export-vectors`` (``make vectors``) after re-indexing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.domain import indexed_text
from assistant.embedding import EmbeddingCache, text_hash
from assistant.errors import PlanassistError
from assistant.model_store import ARTIFACTS
from assistant.retrieval.store import IndexStore
from assistant.settings import Settings

FILE_NAME = "vectors.npz"


def shipped_path(settings: Settings) -> Path:
    return settings.corpus_dir / FILE_NAME


def model_sha256(settings: Settings) -> str | None:
    """The sha256 of the configured model file, if it is a packaged (verified) one."""
    artifact = ARTIFACTS.get(settings.embedding_model)
    if settings.embedder != "sentence-transformers" or artifact is None:
        return None
    return artifact.sha256


def seed_cache(
    cache: EmbeddingCache, model_key: str, texts: Sequence[str], path: Path, sha256: str | None
) -> int:
    """Put shipped vectors for ``texts`` the cache lacks into it; return how many."""
    if sha256 is None or not path.is_file():
        return 0
    with np.load(path) as shipped:
        if str(shipped["model_sha256"]) != sha256:
            return 0
        hashes = [text_hash(text) for text in texts]
        cached = cache.get(model_key, hashes)
        wanted = {h for h in hashes if h not in cached}
        if not wanted:
            return 0
        rows = {bytes(digest).hex(): i for i, digest in enumerate(shipped["text_hashes"])}
        found = [h for h in wanted if h in rows]
        vectors = shipped["vectors"][[rows[h] for h in found]].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    cache.put(model_key, dict(zip(found, vectors, strict=True)))
    return len(found)


def write_shipped(
    cache: EmbeddingCache, model_key: str, texts: Sequence[str], path: Path, sha256: str
) -> int:
    """Write the cached vectors of ``texts`` as the shipped file; return how many."""
    hashes = sorted({text_hash(text) for text in texts})
    cached = cache.get(model_key, hashes)
    missing = len(hashes) - len(cached)
    if missing:
        raise PlanassistError(
            f"{missing} of {len(hashes)} passages have no cached vector; "
            "run `planassist ingest` first"
        )
    np.savez_compressed(
        path,
        model_sha256=np.array(sha256),
        text_hashes=np.array([np.frombuffer(bytes.fromhex(h), np.uint8) for h in hashes]),
        vectors=np.stack([cached[h] for h in hashes]).astype(np.float16),
    )
    return len(hashes)


def export(settings: Settings) -> tuple[Path, int]:
    """Write the shipped file for the current index's corpus documents (not uploads)."""
    sha256 = model_sha256(settings)
    if sha256 is None:
        raise PlanassistError(
            f"{settings.embedding_model} is not a packaged model; nothing to ship"
        )
    store = IndexStore.open_current(settings)
    bundled = {
        doc_id
        for doc_id, document in store.documents.items()
        if (settings.corpus_dir / document.meta.file).is_file()
    }
    texts = [
        indexed_text(chunk) if settings.contextual_chunks else chunk.text
        for chunk in store.chunks
        if chunk.doc_id in bundled
    ]
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite3")
    try:
        count = write_shipped(cache, store.info["model"], texts, shipped_path(settings), sha256)
    finally:
        cache.close()
    return shipped_path(settings), count
