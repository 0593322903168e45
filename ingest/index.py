"""Write a complete index version, then switch ``CURRENT`` to it in one atomic step.

Everything is written into ``index/.building-<version>`` (and, with a Chroma server, into
that version's collection); only a finished folder is renamed into place and pointed to.
A failure before the switch (a full disk, Ctrl-C, kill -9) leaves the previous version
serving. A build that fails removes what it wrote at once, so a full disk is not left
fuller; what a killed one (or an unreachable Chroma server) leaves, the next run's
``prune`` sweeps, the half-written collection included.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np

from assistant.domain import Chunk
from assistant.retrieval.store import IndexedDocument, IndexLayout, write_files
from assistant.retrieval.vectors import Vectors

KEEP_PREVIOUS = 1
"""Older versions kept besides the current one: a server still reading one is not broken."""
BUILDING = ".building-"


def write_version(
    layout: IndexLayout,
    vectors: Vectors,
    chunks: Sequence[Chunk],
    texts: Sequence[str],
    embeddings: np.ndarray,
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
    building, finished = layout.root / f"{BUILDING}{version}", layout.version_dir(version)
    building.mkdir()  # first: a leftover collection always has a folder that names it
    try:
        vectors.write(version, building, chunks, embeddings)
        write_files(building, chunks, texts, documents, {**info, "created": time.time()})
        building.rename(finished)
        _point_to(layout, version)
    except BaseException:  # a full disk, Ctrl-C: the old version stays current; free space
        if layout.current_version() != version:
            for folder in (building, finished):
                _sweep(vectors, version, folder)
        raise
    prune(layout, vectors)
    return version


def _point_to(layout: IndexLayout, version: str) -> None:
    pending = layout.pointer.with_suffix(".tmp")
    try:
        pending.write_text(version + "\n")
        os.replace(pending, layout.pointer)
    finally:
        pending.unlink(missing_ok=True)


def prune(layout: IndexLayout, vectors: Vectors) -> None:
    """Remove unfinished builds and all but the newest ``KEEP_PREVIOUS`` old versions,
    each with its vectors. Only versions with a folder here are touched: other data dirs
    may keep their versions on the same Chroma server."""
    if not layout.root.exists():
        return
    current = layout.current_version()
    for leftover in layout.root.glob(f"{BUILDING}*"):
        if not _is_building_now(leftover):
            _remove(vectors, leftover.name.removeprefix(BUILDING), leftover)
    versions = sorted(path for path in layout.root.glob("v*") if path.is_dir())
    old = [path for path in versions if path.name != current]
    for path in old[: max(len(old) - KEEP_PREVIOUS, 0)]:
        _remove(vectors, path.name, path)


def _remove(vectors: Vectors, version: str, folder: Path) -> None:
    """Vectors first: if the server cannot be reached the folder stays, so a later prune
    still knows the collection is there to remove."""
    vectors.drop(version, folder)
    shutil.rmtree(folder, ignore_errors=True)


def _sweep(vectors: Vectors, version: str, folder: Path) -> None:
    """``_remove`` a failed build at once (its files would keep a full disk full); if the
    Chroma server cannot be reached to drop its collection, the folder stays, and the next
    ingest's ``prune`` sweeps both."""
    if folder.exists():
        with suppress(Exception):  # the build's own error is the one to report
            _remove(vectors, version, folder)


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
