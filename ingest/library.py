"""Added documents: where each one's file is, and replacing or removing it (then re-ingest).

Only documents added through the API or ``planassist ingest PATH`` (``data_dir/documents``,
national or an organisation's folder) can change here; the shipped ``corpus/`` is git's.
A replacement is read before it is put in place, so a broken file leaves the document
and the index as they were; if the re-ingest fails (a full disk), the files are put back
as they were too (``pipeline.placed``). Adding is ``pipeline.add_document``.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from assistant.auth.roles import User
from assistant.domain import DocumentMeta
from assistant.embedding import Embedder
from assistant.errors import Conflict, Forbidden
from assistant.model_store import Progress
from assistant.scope import check_manages
from assistant.settings import Settings
from ingest.loaders import check_document
from ingest.pipeline import IngestReport, placed, run_ingest


def is_added(settings: Settings, meta: DocumentMeta) -> bool:
    """Was ``meta`` added (API, ``planassist ingest PATH``) rather than shipped in corpus/?
    (Its file may be gone already: a removal or replacement tried again after its worker
    died.)"""
    return not (settings.corpus_dir / meta.file).exists()


def changeable(settings: Settings, meta: DocumentMeta, user: User, sign_in: bool) -> bool:
    """May ``user`` replace or remove ``meta`` (added, and in a collection they manage)?"""
    try:
        check_manages(user, meta.collection, sign_in)
    except Forbidden:
        return False
    return is_added(settings, meta)


def added_file(settings: Settings, meta: DocumentMeta) -> Path:
    """The added file behind ``meta``; a 409 for a shipped document (change corpus/ instead)."""
    if not is_added(settings, meta):
        raise Conflict(
            f"'{meta.id}' is part of the shipped corpus; change it in corpus/ and run"
            " `planassist ingest`"
        )
    return settings.uploads_dir / meta.file


def replace_document(
    settings: Settings,
    meta: DocumentMeta,
    source: Path,
    embedder: Embedder | None,
    progress: Progress,
) -> IngestReport:
    """Put ``source`` in the place of the added document ``meta`` and re-ingest.

    The file keeps its name (with the new file's suffix), so the document keeps its id,
    its collection and whatever cites it.
    """
    old = added_file(settings, meta)
    check_document(source)
    target = old.with_suffix(source.suffix.lower())
    with ExitStack() as change:
        change.enter_context(placed(target, source))
        if target != old:
            change.enter_context(placed(old, None))
        return run_ingest(settings, embedder, progress)


def remove_document(
    settings: Settings, meta: DocumentMeta, embedder: Embedder | None, progress: Progress
) -> IngestReport:
    """Delete the added document ``meta``'s file and re-ingest without it."""
    with placed(added_file(settings, meta), None):
        return run_ingest(settings, embedder, progress)
