"""Document jobs: add, replace or remove a document in the background, with progress.

One worker thread per app, so jobs queue instead of racing; or, with a durable queue
(``assistant/ingest_queue.py``, Redis), ``planassist worker`` processes run them: a job
carries what it does, to which document and in which collection. Jobs are kept in
``data_dir/uploads.sqlite3`` (or the database): they can be polled after a restart (from
any API replica), and a job that an in-process restart interrupted says so. A file that
does not read ends its job with the loader's message and leaves the index as it was; a
file that does is kept in its collection's folder of ``data_dir/documents``. A job is its
submitter's (and the administrators') to follow.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Row

from assistant.audit import AuditLog
from assistant.auth.roles import Role, User
from assistant.domain import DocumentMeta
from assistant.errors import NotFound, PlanassistError
from assistant.model_store import Progress
from assistant.scope import NATIONAL, collection_folder, document_id
from assistant.service import Assistant
from assistant.storage import Transaction, location, open_store
from ingest.manifest import slugify

log = logging.getLogger("planassist")
INTERRUPTED = "the server was restarted before this upload was finished; upload the file again"
ACTIONS = {"add": "document_added", "replace": "document_replaced", "remove": "document_removed"}
"""What a job does → the audit log's action when it is done."""
FIELDS = (
    "job_id",
    "filename",
    "status",
    "stage",
    "done",
    "total",
    "detail",
    "doc_ids",
    "user",
    "action",
    "collection",
    "target",
)
COLUMNS = ", ".join(f'"{name}"' for name in FIELDS)


def _schema_1(db: Transaction) -> None:
    db.run(
        "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, filename TEXT NOT NULL, status TEXT,"
        ' stage TEXT, done INTEGER, total INTEGER, detail TEXT, doc_ids TEXT, "user" TEXT,'
        " created DOUBLE PRECISION NOT NULL)"
    )


def _schema_2(db: Transaction) -> None:
    """What a job does, to which document, in which collection: a queued job is run by
    another process from its record alone. Older jobs all added national documents."""
    db.run("ALTER TABLE jobs ADD COLUMN action TEXT NOT NULL DEFAULT 'add'")
    db.run(f"ALTER TABLE jobs ADD COLUMN collection TEXT NOT NULL DEFAULT '{NATIONAL}'")
    db.run("ALTER TABLE jobs ADD COLUMN target TEXT")


def _interrupted(db: Transaction) -> None:
    """Jobs queued or running when the server stopped will never finish: say so."""
    db.run(
        "UPDATE jobs SET status = 'error', detail = :detail WHERE status IN ('queued', 'running')",
        detail=INTERRUPTED,
    )


STEPS = [_schema_1, _schema_2]


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
    action: str = "add"
    """add, replace or remove (``ACTIONS``)."""
    collection: str = NATIONAL
    target: str | None = None
    """The id of the document the job adds, replaces or removes."""


class JobQueue(Protocol):
    """Runs ``Uploads.run`` for a job elsewhere, later (see ``assistant/ingest_queue.py``)."""

    def enqueue(self, job: Job, path: Path | None) -> None: ...

    def keep(self, job: Job) -> None:
        """Hold how ``job`` ended, which could not be saved (a full disk)."""

    def kept(self, job_id: str) -> Job | None:
        """How the job ended, if that could not be saved then (``keep``)."""

    def forget(self, job_id: str) -> None:
        """Drop the job's kept end: its record has it now."""


class Uploads:
    """The app's document jobs (saved, see ``storage``) and the one thread that runs them,
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

    def taken(self, name: str, collection: str = NATIONAL) -> bool:
        """Is a document of this file name (or id) in ``collection`` indexed, or being
        added to it? (Only that collection is looked at: the others may be another
        organisation's.)"""
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
        rows = self._db.rows(
            f"SELECT {COLUMNS} FROM jobs WHERE filename = :name AND collection = :collection"
            " AND action = 'add' AND status IN ('queued', 'running')",
            name=name,
            collection=collection,
        )
        # A job whose end only the queue kept (a full disk) has ended all the same.
        return any(_unfinished(self._ended(_job(row))) for row in rows)

    def submit(self, path: Path, user: str | None = None, collection: str = NATIONAL) -> Job:
        """Add the (screened) file at ``path`` to ``collection``."""
        target = document_id(collection, slugify(path.stem))
        job = Job(_new_id(), path.name, user=user, collection=collection, target=target)
        return self._start(job, path)

    def replace(self, meta: DocumentMeta, path: Path, user: str | None = None) -> Job:
        """Put the (screened) file at ``path`` in the place of the added document ``meta``."""
        return self._change("replace", meta, path.name, path, user)

    def remove(self, meta: DocumentMeta, user: str | None = None) -> Job:
        """Take the added document ``meta`` out of its collection and the index."""
        return self._change("remove", meta, meta.file.rsplit("/", 1)[-1], None, user)

    def _change(
        self, action: str, meta: DocumentMeta, filename: str, path: Path | None, user: str | None
    ) -> Job:
        """Start a job that changes the added document ``meta`` (it keeps its id)."""
        job = Job(
            _new_id(),
            filename,
            user=user,
            action=action,
            collection=meta.collection,
            target=meta.id,
        )
        return self._start(job, path)

    def get(self, job_id: str, user: User | None = None) -> Job:
        """A job; ``user`` (when given) must be who submitted it, or an administrator."""
        row = self._db.row(f"SELECT {COLUMNS} FROM jobs WHERE job_id = :job_id", job_id=job_id)
        job = _job(row) if row else None
        if job is None or (user is not None and job.user != user.name and user.role != Role.admin):
            raise NotFound(f"no upload job '{job_id}'")
        return self._ended(job)

    def _ended(self, job: Job) -> Job:
        """``job``, or how it ended if its worker could not save that (a full disk): the
        queue kept it, and it is saved now if there is room (then the queue drops it)."""
        ended = self._queue.kept(job.job_id) if self._queue and _unfinished(job) else None
        if ended is None:
            return job
        with suppress(PlanassistError):  # still full: the queue keeps it
            self.save(ended)
            self._queue.forget(job.job_id)  # type: ignore[union-attr]  # set: it kept the end
        return ended

    def save(self, job: Job) -> None:
        changes = ", ".join(f'"{name}" = :{name}' for name in FIELDS[1:])
        self._db.run(f"UPDATE jobs SET {changes} WHERE job_id = :job_id", **_row(job))

    def run(self, job: Job, path: Path | None) -> None:
        """Do the job (with the file at ``path``, then remove its folder; a removal has
        none), recording progress and the outcome."""

        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total
            self.save(job)

        try:
            job.status, job.stage = "running", "reading"
            self.save(job)
            self._do(job, path, progress)
            job.doc_ids = [job.target] if job.target else []
            job.status, job.stage = "done", "done"
            detail = {"file": job.filename, "collection": job.collection, "doc_id": job.target}
            self._audit.record(job.user or "-", ACTIONS[job.action], job.target, detail)
        except PlanassistError as exc:
            job.status, job.detail = "error", str(exc)
        except Exception as exc:  # the job must end; the server log has the rest
            log.exception("upload job %s failed", job.job_id)
            job.status, job.detail = "error", f"ingest failed ({type(exc).__name__})"
        finally:
            if path is not None:
                shutil.rmtree(path.parent, ignore_errors=True)
            self.record_end(job)

    def record_end(self, job: Job) -> None:
        """Save how ``job`` ended; if even that fails (a full disk), say so in the log and
        leave it with the durable queue, which ``get`` and ``taken`` read it from, and a
        worker's maintenance saves it once there is room (an in-process job is marked
        interrupted at the next start instead)."""
        try:
            self.save(job)
        except PlanassistError as exc:
            log.warning(
                "upload job %s ended (%s) but was not saved: %s", job.job_id, job.status, exc
            )
            if self._queue is not None:
                self._queue.keep(job)

    def _start(self, job: Job, path: Path | None) -> Job:
        """Record ``job``, then hand it to the thread or to the durable queue. If either
        fails (a full disk, the queue down), the uploaded file's folder is removed."""
        try:
            self._db.insert("jobs", **_row(job), created=time.time())
        except PlanassistError:
            if path is not None:
                shutil.rmtree(path.parent, ignore_errors=True)
            raise
        if self._worker is not None:
            self._worker.submit(self.run, job, path)
            return job
        try:
            self._queue.enqueue(job, path)  # type: ignore[union-attr]  # set when no worker
        except PlanassistError as exc:  # the job ends here, said why; enqueue cleaned up
            job.status, job.detail = "error", str(exc)
            self.record_end(job)
            raise
        return job

    def _do(self, job: Job, path: Path | None, progress: Progress) -> None:
        """Add, replace or remove, as the job says (a removal has no file)."""
        target = job.target or ""
        if job.action == "remove":
            self.assistant.remove(target, progress)
            return
        if path is None:  # never: an addition or a replacement is queued with its file
            raise ValueError(f"job {job.job_id} ({job.action}) has no file")
        if job.action == "replace":
            self.assistant.replace(target, path, progress)
        else:
            self.assistant.add(path, job.collection, progress)


def _unfinished(job: Job) -> bool:
    return job.status in ("queued", "running")


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def _job(row: Row) -> Job:
    values = row._asdict()
    values["doc_ids"] = json.loads(values["doc_ids"] or "[]")
    return Job(**values)


def _row(job: Job) -> dict[str, object]:
    """The job's columns by name (``FIELDS``)."""
    return {name: getattr(job, name) for name in FIELDS} | {"doc_ids": json.dumps(job.doc_ids)}
