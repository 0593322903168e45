"""corpus/ + uploads → loaded documents → chunks → vectors (cached) → a new index version.

Documents come from the git-tracked ``corpus/`` (shipped) and from ``data_dir/documents``
(added through the API or ``planassist ingest PATH``), so an upload never dirties the checkout.

Cheap when nothing changed: the corpus fingerprint (file hashes, manifest, chunking
settings, model) is compared with the current index before anything is loaded.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain import Chunk, DocumentMeta, RawDocument, indexed_text
from assistant.embedding import Embedder, EmbeddingCache, embed_with_cache, make_embedder
from assistant.errors import DocumentError, full_disk_means
from assistant.model_store import Progress
from assistant.retrieval.store import FORMAT_VERSION, IndexedDocument, IndexLayout, read_info
from assistant.retrieval.vectors import Vectors, make_vectors
from assistant.scope import NATIONAL, collection_folder, in_collection, organisation_folders
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.clean import OcrRepairer
from ingest.index import prune, write_version
from ingest.loaders import check_document, load_document
from ingest.manifest import discover_documents
from ingest.shipped_vectors import model_sha256, seed_cache, shipped_path

INDEX_DISK_FULL = (
    "the disk is full, so the index was not updated; the previous version keeps answering."
    " Free some space (data directory, cache), then ingest again"
)
PIPELINE_VERSION = 15
"""Bump when loading, cleaning, chunking or the BM25 terms change, so existing indexes count
as stale.

5: chunks carry their source version (law ref, dates, the §'s last amendment).
8: "ofte"/"often" are question words, not search terms.
10: a numbered list's items ("1. Målgruppe(r)" / "2. Målsetning(er)") are no headings.
"""


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    """file name → why it could not be read."""
    up_to_date: bool = False
    version: str | None = None
    seconds: float = 0.0


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: report nothing."""


def discover_sources(settings: Settings) -> tuple[list[DocumentMeta], dict[str, Path]]:
    """The shipped corpus' documents, the national ones added, then each organisation's
    (``data_dir/documents/<organisation>/``, in its collection); file name → where it is.

    A file name is one document: an added file never shadows a shipped one.
    """
    metas: list[DocumentMeta] = []
    paths: dict[str, Path] = {}
    folders = [(settings.corpus_dir, NATIONAL), (settings.uploads_dir, NATIONAL)]
    for folder, collection in folders + organisation_folders(settings.uploads_dir):
        for found in discover_documents(folder) if folder.is_dir() else []:
            meta = in_collection(found, collection)
            if meta.file not in paths:
                metas.append(meta)
                paths[meta.file] = folder / found.file
    return metas, paths


def corpus_fingerprint(
    settings: Settings, metas: list[DocumentMeta], model_key: str, paths: Mapping[str, Path]
) -> str:
    digest = hashlib.sha256()
    state = {
        "pipeline": PIPELINE_VERSION,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "contextual_chunks": settings.contextual_chunks,
        "model": model_key,
        "documents": [asdict(meta) for meta in metas],
    }
    digest.update(json.dumps(state, sort_keys=True).encode())
    for meta in metas:
        digest.update(hashlib.sha256(paths[meta.file].read_bytes()).digest())
    return digest.hexdigest()


@contextmanager
def _ingest_lock(layout: IndexLayout) -> Iterator[None]:
    """One ingest at a time per index (CLI and upload route may race)."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with (layout.root / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _load_all(
    paths: Mapping[str, Path],
    metas: list[DocumentMeta],
    repairer: OcrRepairer | None,
    report: IngestReport,
) -> list[RawDocument]:
    loaded = []
    for meta in metas:
        try:
            loaded.append(load_document(paths[meta.file], meta, repairer))
        except DocumentError as exc:
            report.skipped[meta.file] = str(exc)
    return loaded


def load_corpus(
    corpus_dir: Path,
    metas: list[DocumentMeta],
    report: IngestReport,
    paths: Mapping[str, Path] | None = None,
) -> list[RawDocument]:
    """Load every readable document (from ``corpus_dir``, or where ``paths`` says);
    unreadable ones are reported, not fatal.

    OCR-damaged documents are repaired against the vocabulary of the clean ones.
    """
    paths = paths or {meta.file: corpus_dir / meta.file for meta in metas}
    loaded = _load_all(paths, [m for m in metas if not m.ocr], None, report)
    damaged = [meta for meta in metas if meta.ocr]
    if damaged:
        repairer = OcrRepairer.from_texts(s.text for doc in loaded for s in doc.sections)
        loaded += _load_all(paths, damaged, repairer, report)
    return sorted(loaded, key=lambda doc: doc.meta.file)


def run_ingest(
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress = _no_progress,
    force: bool = False,
) -> IngestReport:
    """Bring the index up to date with ``settings.corpus_dir`` and the added documents."""
    started = time.perf_counter()
    report = IngestReport()
    layout, vectors = IndexLayout(settings.data_dir), make_vectors(settings)
    embedder = embedder or make_embedder(settings, progress)
    with full_disk_means(INDEX_DISK_FULL), _ingest_lock(layout):
        prune(layout, vectors)
        metas, paths = discover_sources(settings)
        fingerprint = corpus_fingerprint(settings, metas, embedder.model_key, paths)
        previous = read_info(layout) or {}
        if not force and _up_to_date(layout, vectors, previous, fingerprint):
            report.up_to_date, report.version = True, layout.current_version()
            report.documents, report.chunks = len(metas), previous.get("chunks", 0)
            report.seconds = time.perf_counter() - started
            return report
        documents = load_corpus(settings.corpus_dir, metas, report, paths)
        chunks: list[Chunk] = []
        indexed: list[IndexedDocument] = []
        for document in documents:
            pieces = chunk_document(document, settings.chunk_size, settings.chunk_overlap)
            chunks.extend(pieces)
            indexed.append(IndexedDocument(document.meta, document.content_hash, len(pieces)))
        _compare(previous.get("documents", {}), indexed, report)
        cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite3")
        try:
            done = 0
            progress("embedding", 0, len(chunks))

            def advance(count: int) -> None:
                nonlocal done
                done += count
                progress("embedding", done, len(chunks))

            texts = [indexed_text(c) if settings.contextual_chunks else c.text for c in chunks]
            shipped = shipped_path(settings)
            seed_cache(cache, embedder.model_key, texts, shipped, model_sha256(settings))
            embeddings, report.embedded = embed_with_cache(embedder, texts, cache, on_batch=advance)
            progress("embedding", len(chunks), len(chunks))
        finally:
            cache.close()
        info = {
            "fingerprint": fingerprint,
            "model": embedder.model_key,
            "vectors": vectors.kind,
            "documents": {doc.meta.id: doc.content_hash for doc in indexed},
        }
        report.version = write_version(layout, vectors, chunks, texts, embeddings, indexed, info)
    report.documents, report.chunks = len(indexed), len(chunks)
    report.reused = len(chunks) - report.embedded
    report.seconds = time.perf_counter() - started
    return report


def _up_to_date(
    layout: IndexLayout, vectors: Vectors, previous: dict[str, Any], fingerprint: str
) -> bool:
    """The current version indexes this corpus, in this format, with its vectors where
    they are configured now (a switch to a Chroma server, or a new one, rebuilds)."""
    current = layout.current_version()
    return (
        current is not None
        and previous.get("fingerprint") == fingerprint
        and previous.get("format") == FORMAT_VERSION
        and previous.get("vectors") == vectors.kind
        and vectors.exists(current, layout.version_dir(current))
    )


def _compare(before: dict[str, str], after: list[IndexedDocument], report: IngestReport) -> None:
    now = {doc.meta.id: doc.content_hash for doc in after}
    report.added = sorted(set(now) - set(before))
    report.removed = sorted(set(before) - set(now))
    report.changed = sorted(i for i in set(now) & set(before) if now[i] != before[i])


def add_document(
    settings: Settings,
    source: Path,
    embedder: Embedder | None = None,
    progress: Progress = _no_progress,
    collection: str = NATIONAL,
) -> IngestReport:
    """Check that ``source`` reads, copy it to the added documents of ``collection``,
    and re-ingest.

    The file is loaded before it is copied: a broken file never reaches the documents
    and the index is left as it was.
    """
    check_document(source)
    target = collection_folder(settings.uploads_dir, collection) / source.name
    with placed(target, source):
        return run_ingest(settings, embedder, progress)


@contextmanager
def placed(target: Path, source: Path | None) -> Iterator[None]:
    """While the block runs, ``target`` is a copy of ``source`` (or gone, for ``None``); if
    the block fails, ``target`` is as it was (absent, or the file it held), so an added,
    replaced or removed document whose ingest failed is neither picked up nor lost later.
    The copy is whole or absent: it is written under a hidden name first, which ingest
    ignores; one that does not fit is a 507 with ``INDEX_DISK_FULL``, as the ingest's."""
    if source is not None and target.exists() and source.resolve() == target.resolve():
        yield
        return
    pending, previous = (target.with_name(f".{target.name}.{end}") for end in ("part", "old"))
    previous.unlink(missing_ok=True)  # left by a process killed here: that change is retried
    changed = False
    try:
        with full_disk_means(INDEX_DISK_FULL):  # the folder or the copy may not fit
            target.parent.mkdir(parents=True, exist_ok=True)
            if source is not None:
                shutil.copyfile(source, pending)
            if target.exists():
                os.replace(target, previous)
            if source is not None:
                os.replace(pending, target)
        changed = True
        yield
    except BaseException:
        if changed:
            target.unlink(missing_ok=True)
        if previous.exists():
            os.replace(previous, target)
        raise
    finally:
        pending.unlink(missing_ok=True)
        previous.unlink(missing_ok=True)
