"""Write a complete index version, then switch ``CURRENT`` to it in one atomic step.

Everything is written into ``index/.building-<version>``; only a finished folder is
renamed into place and pointed to. A crash or Ctrl-C before the switch leaves the
previous version serving, and the next run sweeps the leftovers.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.domain import Chunk
from assistant.retrieval.analysis import terms
from assistant.retrieval.store import (
    COLLECTION,
    FORMAT_VERSION,
    IndexedDocument,
    IndexLayout,
    chroma_client,
    chunk_to_json,
)

KEEP_PREVIOUS = 1
"""Older versions kept besides the current one: a server still reading one is not broken."""


def _chroma_metadata(chunk: Chunk) -> dict[str, Any]:
    fields = {
        "doc_id": chunk.doc_id,
        "doc_type": chunk.doc_type,
        "language": chunk.language,
        "section": chunk.section,
        "page": chunk.page,
        "collection": chunk.collection,
    }
    return {key: value for key, value in fields.items() if value is not None}


HNSW = {"space": "cosine", "ef_construction": 400, "ef_search": 400, "max_neighbors": 32}
"""Chroma's default graph (16 neighbours, search breadth 100) missed about one in 150 of
the 30 nearest passages, and which one changed from process to process (the graph is
rebuilt on load): the same question could be answered in one run and declined in the
next. A wider graph and search find the exact neighbours at this corpus size."""


def _write_chroma(folder: Path, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
    client = chroma_client(folder)
    collection = client.create_collection(COLLECTION, configuration={"hnsw": HNSW})
    step = min(client.get_max_batch_size(), 1000)
    for start in range(0, len(chunks), step):
        batch = chunks[start : start + step]
        collection.add(
            ids=[chunk.id for chunk in batch],
            embeddings=vectors[start : start + step].tolist(),
            documents=[chunk.text for chunk in batch],
            metadatas=[_chroma_metadata(chunk) for chunk in batch],
        )
    client.close()


def _write_bm25(folder: Path, texts: Sequence[str]) -> None:
    retriever = bm25s.BM25()
    retriever.index([terms(text) for text in texts], show_progress=False)
    retriever.save(str(folder), show_progress=False)


def write_version(
    layout: IndexLayout,
    chunks: Sequence[Chunk],
    texts: Sequence[str],
    vectors: np.ndarray,
    documents: Sequence[IndexedDocument],
    info: dict[str, Any],
) -> str:
    """Write a new version and make it current; return its name.

    ``texts`` are what was embedded for each chunk, and what BM25 indexes.
    """
    layout.root.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    stamp = time.strftime("v%Y%m%d-%H%M%S", time.gmtime(now / 1e9))
    version = f"{stamp}{now % 1_000_000_000:09d}-{os.getpid()}"  # sorts by time
    building = layout.root / f".building-{version}"
    building.mkdir()
    _write_chroma(building / "chroma", chunks, vectors)
    _write_bm25(building / "bm25", texts)
    lines = "".join(chunk_to_json(chunk) + "\n" for chunk in chunks)
    (building / "chunks.jsonl").write_text(lines, encoding="utf-8")
    entries = [asdict(document) for document in documents]
    (building / "documents.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1))
    info = {**info, "format": FORMAT_VERSION, "chunks": len(chunks), "created": time.time()}
    (building / "index.json").write_text(json.dumps(info, indent=1))
    building.rename(layout.version_dir(version))
    _point_to(layout, version)
    prune(layout)
    return version


def _point_to(layout: IndexLayout, version: str) -> None:
    pending = layout.pointer.with_suffix(".tmp")
    pending.write_text(version + "\n")
    os.replace(pending, layout.pointer)


def prune(layout: IndexLayout) -> None:
    """Remove unfinished builds and all but the newest ``KEEP_PREVIOUS`` old versions."""
    if not layout.root.exists():
        return
    current = layout.current_version()
    for leftover in layout.root.glob(".building-*"):
        if not _is_building_now(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    versions = sorted(path for path in layout.root.glob("v*") if path.is_dir())
    old = [path for path in versions if path.name != current]
    for path in old[: max(len(old) - KEEP_PREVIOUS, 0)]:
        shutil.rmtree(path, ignore_errors=True)


def _is_building_now(folder: Path) -> bool:
    """A build folder ends in the builder's pid; keep it while that process lives."""
    pid = folder.name.rsplit("-", 1)[-1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except OSError:
        return False
    return True


def read_info(layout: IndexLayout) -> dict[str, Any] | None:
    version = layout.current_version()
    if version is None:
        return None
    return json.loads((layout.version_dir(version) / "index.json").read_text())
