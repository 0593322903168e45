"""Upload jobs: ingest uploaded files one at a time in the background, with progress.

One worker thread per app, so uploads queue instead of racing; or, with a durable queue
(``assistant/ingest_queue.py``, Redis), ``planassist worker`` processes run them. Jobs are
kept in ``data_dir/uploads.sqlite3`` (or the database): they can be polled after a restart
(from any API replica), and a job that an in-process restart interrupted says so. A file
that does not read ends its job with the loader's message and leaves the index as it was;
a file that does is kept in ``data_dir/documents``.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.audit import AuditLog
from assistant.errors import NotFound, PlanassistError
from assistant.service import Assistant
from assistant.storage import Transaction, location, open_store

INTERRUPTED = "the server was restarted before this upload was finished; upload the file again"
FIELDS = ("job_id", "filename", "status", "stage", "done", "total", "detail", "doc_ids", "user")
COLUMNS = ", ".join(f'"{name}"' for name in FIELDS)


def _schema_1(db: Transaction) -> None:
    db.run(
        "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, filename TEXT NOT NULL, status TEXT,"
        ' stage TEXT, done INTEGER, total INTEGER, detail TEXT, doc_ids TEXT, "user" TEXT,'
        " created DOUBLE PRECISION NOT NULL)"
    )


def _interrupted(db: Transaction) -> None:
    """Jobs queued or running when the server stopped will never finish: say so."""
    db.run(
        "UPDATE jobs SET status = 'error', detail = :detail WHERE status IN ('queued', 'running')",
        detail=INTERRUPTED,
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
    """The app's upload jobs (saved, see ``storage``) and the one thread that ingests them,
    unless a durable ``queue`` hands them to worker processes."""

    def __init__(self, assistant: Assistant, queue: JobQueue | None = None) -> None:
        self.assistant = assistant
        settings = assistant.settings
        # Queued jobs outlive this process: only in-process ones were interrupted.
        on_open = _interrupted if queue is None else None
        self._db = open_store(location(settings, "uploads"), "uploads", STEPS, on_open)
        self._audit = AuditLog(location(settings, "audit"))
        self._queue = queue
        self._worker = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload")
            if queue is None
            else None
        )

    def taken(self, name: str) -> bool:
        """Is a document of this file name indexed or waiting (shipped or added)?"""
        settings = self.assistant.settings
        if (settings.corpus_dir / name).exists() or (settings.uploads_dir / name).exists():
            return True
        row = self._db.row(
            "SELECT 1 FROM jobs WHERE filename = :name AND status IN ('queued', 'running')",
            name=name,
        )
        return row is not None

    def submit(self, path: Path, user: str | None = None) -> Job:
        job = Job(job_id=uuid.uuid4().hex[:12], filename=path.name, user=user)
        names = ", ".join(f":{name}" for name in FIELDS)
        self._db.run(
            f"INSERT INTO jobs ({COLUMNS}, created) VALUES ({names}, :created)",
            **_row(job),
            created=time.time(),
        )
        if self._worker is not None:
            self._worker.submit(self.run, job, path)
            return job
        try:
            self._queue.enqueue(job, path)  # type: ignore[union-attr]  # set when no worker
        except PlanassistError as exc:  # the queue is down: the job ends here, said why
            job.status, job.detail = "error", str(exc)
            self.save(job)
            raise
        return job

    def get(self, job_id: str) -> Job:
        row = self._db.row(f"SELECT {COLUMNS} FROM jobs WHERE job_id = :job_id", job_id=job_id)
        if row is None:
            raise NotFound(f"no upload job '{job_id}'")
        *head, doc_ids, user = row
        return Job(*head, json.loads(doc_ids or "[]"), user)

    def save(self, job: Job) -> None:
        changes = ", ".join(f'"{name}" = :{name}' for name in FIELDS[1:])
        self._db.run(f"UPDATE jobs SET {changes} WHERE job_id = :job_id", **_row(job))

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


def _row(job: Job) -> dict[str, object]:
    """The job's columns by name (``FIELDS``)."""
    return {name: getattr(job, name) for name in FIELDS} | {"doc_ids": json.dumps(job.doc_ids)}
