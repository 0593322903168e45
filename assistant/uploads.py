"""Upload jobs: ingest uploaded files one at a time in the background, with progress.

One worker thread per app, so uploads queue instead of racing; or, with a durable queue
(``assistant/ingest_queue.py``, Redis), ``planassist worker`` processes run them. Jobs are
kept in ``data_dir/uploads.sqlite3``: they can be polled after a restart (from any API
replica), and a job that an in-process restart interrupted says so. A file that does not
read ends its job with the loader's message and leaves the index as it was; a file that
does is kept in ``data_dir/documents``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.audit import AuditLog
from assistant.errors import NotFound, PlanassistError
from assistant.service import Assistant
from assistant.storage import open_store

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


class JobQueue(Protocol):
    """Runs ``Uploads.run`` for a job elsewhere, later (see ``assistant/ingest_queue.py``)."""

    def enqueue(self, job: Job, path: Path) -> None: ...


class Uploads:
    """The app's upload jobs (in SQLite) and the one thread that ingests them, unless a
    durable ``queue`` hands them to worker processes."""

    def __init__(self, assistant: Assistant, queue: JobQueue | None = None) -> None:
        self.assistant = assistant
        data_dir = assistant.settings.data_dir
        self._db = open_store(data_dir / "uploads.sqlite3", STEPS)
        self._audit = AuditLog(data_dir / "audit.sqlite3")
        self._lock = threading.Lock()
        self._queue = queue
        if queue is not None:  # queued jobs outlive this process: nothing was interrupted
            return
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload")
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = 'error', detail = ?"
                " WHERE status IN ('queued', 'running')",
                (INTERRUPTED,),
            )

    def taken(self, name: str) -> bool:
        """Is a document of this file name indexed or waiting (shipped or added)?"""
        settings = self.assistant.settings
        if (settings.corpus_dir / name).exists() or (settings.uploads_dir / name).exists():
            return True
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM jobs WHERE filename = ? AND status IN ('queued', 'running')",
                (name,),
            ).fetchone()
        return row is not None

    def submit(self, path: Path, user: str | None = None) -> Job:
        job = Job(job_id=uuid.uuid4().hex[:12], filename=path.name, user=user)
        with self._lock:
            self._db.execute(
                f"INSERT INTO jobs ({COLUMNS}, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_row(job), time.time()),
            )
        if self._queue is None:
            self._worker.submit(self.run, job, path)
            return job
        try:
            self._queue.enqueue(job, path)
        except PlanassistError as exc:  # the queue is down: the job ends here, said why
            job.status, job.detail = "error", str(exc)
            self.save(job)
            raise
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            row = self._db.execute(
                f"SELECT {COLUMNS} FROM jobs WHERE job_id = ?", (job_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"no upload job '{job_id}'")
        *head, doc_ids, user = row
        return Job(*head, json.loads(doc_ids or "[]"), user)

    def save(self, job: Job) -> None:
        job_id, *values = _row(job)
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET filename = ?, status = ?, stage = ?, done = ?, total = ?,"
                " detail = ?, doc_ids = ?, user = ? WHERE job_id = ?",
                (*values, job_id),
            )

    def run(self, job: Job, path: Path) -> None:
        """Ingest ``path`` (then remove its folder), recording progress and the outcome."""

        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total
            self.save(job)

        job.status, job.stage = "running", "reading"
        self.save(job)
        try:
            self.assistant.ingest(path, progress)
            job.doc_ids = [
                doc.meta.id for doc in self.assistant.documents() if doc.meta.file == path.name
            ]
            job.status, job.stage = "done", "done"
            self._audit.record(
                job.user or "-", "document_added", ",".join(job.doc_ids), {"file": job.filename}
            )
        except PlanassistError as exc:
            job.status, job.detail = "error", str(exc)
        except Exception as exc:  # the job must end; the server log has the rest
            job.status, job.detail = "error", f"ingest failed ({type(exc).__name__})"
        finally:
            self.save(job)
            shutil.rmtree(path.parent, ignore_errors=True)


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
