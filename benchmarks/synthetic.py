"""Synthetic index contents of any size, made from the real index without the model.

Copy 0 is the real corpus as indexed; copy k ≥ 1 of a chunk belongs to document
"<doc>~k": its text drops about one word in ten and takes a few words from another
chunk, and its vector mixes the two chunks' vectors with a little noise (normalised).
So the copies sit near the real passages, as a larger corpus on the same subjects
would, without embedding 100 000 passages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from assistant.domain import Chunk, indexed_text
from assistant.retrieval.store import IndexedDocument, IndexLayout, IndexStore
from assistant.retrieval.vectors import Vectors
from assistant.settings import Settings
from ingest.index import write_version

MIX = 0.3
"""Weight of the other chunk's vector in a copy's vector."""
NOISE = 0.2
"""Length of the random part of a copy's vector (before normalising)."""


@dataclass(frozen=True)
class Corpus:
    """Chunks in index order, the texts BM25 indexes, unit vectors, documents."""

    chunks: list[Chunk]
    texts: list[str]
    vectors: np.ndarray
    documents: list[IndexedDocument]

    def __len__(self) -> int:
        return len(self.chunks)

    def write(self, layout: IndexLayout, vectors: Vectors) -> str:
        """Write it as an index version with the project's writer; return the version."""
        return write_version(
            layout, vectors, self.chunks, self.texts, self.vectors, self.documents, {}
        )


def real_corpus(settings: Settings) -> Corpus:
    """The current index's chunks with their stored vectors (embedded or on the server)."""
    store = IndexStore.open_current(settings)
    stored = store.embeddings([chunk.id for chunk in store.chunks])
    vectors = np.stack([stored[chunk.id] for chunk in store.chunks]).astype(np.float32)
    contextual = settings.contextual_chunks
    texts = [indexed_text(c) if contextual else c.text for c in store.chunks]
    return Corpus(store.chunks, texts, vectors, list(store.documents.values()))


def _perturb(words: list[str], donor: list[str], rng: np.random.Generator) -> str:
    kept = [word for word in words if rng.random() >= 0.1]
    start = int(rng.integers(0, max(len(donor) - 12, 1)))
    return " ".join(kept + donor[start : start + 12])


def _copy_of(real: Corpus, index: int, donor: int, copy: int, rng: np.random.Generator) -> Chunk:
    chunk = real.chunks[index]
    text = _perturb(chunk.text.split(), real.chunks[donor].text.split(), rng)
    return replace(chunk, id=f"{chunk.id}~{copy}", doc_id=f"{chunk.doc_id}~{copy}", text=text)


def synthetic_corpus(
    real: Corpus, size: int, seed: int = 0, contextual: bool = True, rare_words: int = 0
) -> Corpus:
    """``size`` chunks: the real ones first, then perturbed copies (see the module doc).

    With ``rare_words``, each copy also takes three of that many invented words, so the
    vocabulary grows as a larger real corpus's would (Heaps' law), not only the texts.
    """
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    rng = np.random.default_rng(seed)
    count = len(real)
    chunks: list[Chunk] = list(real.chunks[:size])
    texts: list[str] = list(real.texts[:size])
    donors = rng.integers(count, size=size)
    for position in range(len(chunks), size):
        made = _copy_of(real, position % count, int(donors[position]), position // count, rng)
        if rare_words:
            rare = " ".join(f"sjeldnord{n}" for n in rng.integers(rare_words, size=3))
            made = replace(made, text=f"{made.text} {rare}")
        chunks.append(made)
        texts.append(indexed_text(made) if contextual else made.text)
    base = np.arange(size) % count
    vectors = real.vectors[base] + MIX * real.vectors[donors]
    noise = rng.standard_normal(vectors.shape, dtype=np.float32)
    noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    vectors += noise
    vectors[: min(size, count)] = real.vectors[: min(size, count)]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return Corpus(chunks, texts, vectors.astype(np.float32), _documents(real, chunks))


def _documents(real: Corpus, chunks: list[Chunk]) -> list[IndexedDocument]:
    """One document entry per (real document, copy) that has chunks, in chunk order."""
    by_id = {document.meta.id: document for document in real.documents}
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    documents = []
    for doc_id, chunk_count in counts.items():
        original = by_id[doc_id.split("~")[0]]
        meta = replace(original.meta, id=doc_id)
        documents.append(IndexedDocument(meta, original.content_hash, chunk_count))
    return documents
