"""Document jobs: add, replace or remove a document in the background, with progress.

One worker thread per app, so jobs queue instead of racing. Jobs are kept in
``data_dir/uploads.sqlite3``: they can be polled after a restart, and a job the restart
interrupted says so. A file that does not read ends its job with the loader's message and
leaves the index as it was; a file that does is kept in its collection's folder of
``data_dir/documents``. A job is its submitter's (and the administrators') to follow.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assistant.audit import AuditLog
from assistant.auth.roles import Role, User
from assistant.domain import DocumentMeta
from assistant.embedding import Embedder
from assistant.errors import NotFound, PlanassistError
from assistant.model_store import Progress
from assistant.scope import NATIONAL, collection_folder, document_id
from assistant.service import Assistant
from assistant.storage import open_store
from ingest.library import remove_document, replace_document
from ingest.manifest import slugify
from ingest.pipeline import IngestReport

INTERRUPTED = "the server was restarted before this upload was finished; upload the file again"
COLUMNS = "job_id, filename, status, stage, done, total, detail, doc_ids, user"


def _schema_1(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, filename TEXT NOT NULL, status TEXT,"
        " stage TEXT, done INTEGER, total INTEGER, detail TEXT, doc_ids TEXT, user TEXT,"
        " created REAL NOT NULL)"
    )


STEPS = [_schema_1]


@dataclass
class Job:
    job_id: str
    filename: str
    status: str = "queued"
    stage: str = "queued"
    done: int = 0
    total: int = 0
    detail: str | None = None
    doc_ids: list[str] = field(default_factory=list)
    user: str | None = None


class Uploads:
    """The app's upload jobs (in SQLite) and the one thread that ingests them."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        data_dir = assistant.settings.data_dir
        self._db = open_store(data_dir / "uploads.sqlite3", STEPS)
        self._audit = AuditLog(data_dir / "audit.sqlite3")
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload")
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = 'error', detail = ?"
                " WHERE status IN ('queued', 'running')",
                (INTERRUPTED,),
            )

    def taken(self, name: str, collection: str = NATIONAL, user: str | None = None) -> bool:
        """Is a document of this file name (or id) in ``collection`` indexed, or one
        ``user`` sent waiting? (Other people's jobs are not looked at: they may be
        another organisation's.)"""
        settings = self.assistant.settings
        folder = collection_folder(settings.uploads_dir, collection)
        shipped = collection == NATIONAL and (settings.corpus_dir / name).exists()
        doc_id = document_id(collection, slugify(Path(name).stem))
        try:
            indexed = doc_id in self.assistant.store.documents
        except PlanassistError:  # no index yet
            indexed = False
        if shipped or indexed or (folder / name).exists():
            return True
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM jobs WHERE filename = ? AND user IS ?"
                " AND status IN ('queued', 'running')",
                (name, user),
            ).fetchone()
        return row is not None

    def submit(self, path: Path, user: str | None = None, collection: str = NATIONAL) -> Job:
        """Add the (screened) file at ``path`` to ``collection``."""
        return self._queue(
            path.name,
            user,
            lambda progress: self.assistant.ingest(path, progress, collection),
            "document_added",
            {"collection": collection, "doc_id": document_id(collection, slugify(path.stem))},
            path.parent,
        )

    def replace(self, meta: DocumentMeta, path: Path, user: str | None = None) -> Job:
        """Put the (screened) file at ``path`` in the place of the added document ``meta``."""
        settings = self.assistant.settings
        return self._queue(
            path.name,
            user,
            lambda progress: replace_document(settings, meta, path, self._embedder(), progress),
            "document_replaced",
            {"collection": meta.collection, "doc_id": meta.id},
            path.parent,
        )

    def remove(self, meta: DocumentMeta, user: str | None = None) -> Job:
        """Take the added document ``meta`` out of its collection and the index."""
        settings = self.assistant.settings
        return self._queue(
            meta.file.rsplit("/", 1)[-1],
            user,
            lambda progress: remove_document(settings, meta, self._embedder(), progress),
            "document_removed",
            {"collection": meta.collection, "doc_id": meta.id},
        )

    def get(self, job_id: str, user: User | None = None) -> Job:
        """A job; ``user`` (when given) must be who submitted it, or an administrator."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {COLUMNS} FROM jobs WHERE job_id = ?", (job_id,)
            ).fetchone()
        owner = row[-1] if row else None
        if row is None or (user is not None and owner != user.name and user.role != Role.admin):
            raise NotFound(f"no upload job '{job_id}'")
        *head, doc_ids, owner = row
        return Job(*head, json.loads(doc_ids or "[]"), owner)

    def _embedder(self) -> Embedder:
        """The assistant's model (loaded at start-up), so a job never loads a second one."""
        return self.assistant.embedder

    def _queue(
        self,
        filename: str,
        user: str | None,
        work: Callable[[Progress], IngestReport],
        action: str,
        detail: dict[str, str],
        cleanup: Path | None = None,
    ) -> Job:
        job = Job(job_id=uuid.uuid4().hex[:12], filename=filename, user=user)
        with self._lock:
            self._db.execute(
                f"INSERT INTO jobs ({COLUMNS}, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_row(job), time.time()),
            )
        self._worker.submit(self._run, job, work, action, detail, cleanup)
        return job

    def _save(self, job: Job) -> None:
        job_id, *values = _row(job)
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET filename = ?, status = ?, stage = ?, done = ?, total = ?,"
                " detail = ?, doc_ids = ?, user = ? WHERE job_id = ?",
                (*values, job_id),
            )

    def _run(
        self,
        job: Job,
        work: Callable[[Progress], IngestReport],
        action: str,
        detail: dict[str, str],
        cleanup: Path | None,
    ) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total
            self._save(job)

        job.status, job.stage = "running", "reading"
        self._save(job)
        try:
            work(progress)
            job.doc_ids = [detail["doc_id"]]
            job.status, job.stage = "done", "done"
            self._audit.record(
                job.user or "-", action, ",".join(job.doc_ids), {"file": job.filename, **detail}
            )
        except PlanassistError as exc:
            job.status, job.detail = "error", str(exc)
        except Exception as exc:  # the job must end; the server log has the rest
            job.status, job.detail = "error", f"ingest failed ({type(exc).__name__})"
        finally:
            self._save(job)
            if cleanup is not None:
                shutil.rmtree(cleanup, ignore_errors=True)


def _row(job: Job) -> tuple[object, ...]:
    return (
        job.job_id,
        job.filename,
        job.status,
        job.stage,
        job.done,
        job.total,
        job.detail,
        json.dumps(job.doc_ids),
        job.user,
    )
