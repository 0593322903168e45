"""The durable ingest queue: upload jobs wait in Redis (RQ) and ``planassist worker``
processes run them, so an ingest survives an API restart and runs beside any number of
API replicas. Used when ``PLANASSIST_REDIS_URL`` is set; otherwise ``Uploads`` runs jobs
on a thread in the API process.

Why RQ and not Celery: a job here is one function call on one queue, and RQ is exactly
that (Redis only, a plain function, a few settings), while Celery brings a broker
abstraction, a result backend and its own configuration system for features we would
not use. RQ runs each job in a forked work horse and watches it, so a horse killed
mid-ingest (kill -9, out of memory) is noticed at once and the job retried; a whole
worker killed is noticed by RQ's abandoned-job check (after the job's heartbeat, ≈ 90 s,
at the next maintenance of any worker). The job's status, which the upload-job API
shows, stays in the upload-job table with what the job does (add, replace or remove a
document) and in which collection: the queue only carries the job id and file name.

The uploaded file waits in ``data_dir/incoming/<job id>/``, on the data dir that the API
and the workers share.

A worker loads the embedding model once, before it forks the first work horse: every horse
starts with it instead of loading it for its job. RQ 2.12 has no hook to hand a worker a
preloaded object, so it is a module-level value set before ``Worker.work`` starts forking.
Not RQ's ``SimpleWorker`` (jobs in the worker process, which keeps the model too): it gives
up the horse that makes a killed or out-of-memory ingest cost one job, not the worker.
"""

from __future__ import annotations

import json
import logging
import shutil
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Queue, Retry, Worker
from rq.job import Job as QueuedJob

from assistant.embedding import Embedder, load_before_fork, make_embedder
from assistant.errors import (
    DISK_FULL,
    BackendUnavailable,
    IndexNotReady,
    NotFound,
    PlanassistError,
    full_disk_means,
)
from assistant.scope import collection_folder
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from assistant.uploads import Job, Uploads

log = logging.getLogger("planassist.worker")

QUEUE = "planassist-ingest"
JOB_TIMEOUT_S = 6 * 3600
"""A cold ingest of a large upload with the real model can take long; RQ's default is 3 min."""
MAINTENANCE_S = 60
"""How often a worker looks for jobs whose worker died (RQ's default: every 10 minutes)."""
KEPT_S = 30 * 24 * 3600
"""How long Redis holds a job's end that its record could not be saved with (a full disk)."""
KEPT_TIMEOUT_S = 0.5
"""How long a job poll waits for Redis to say whether it kept the job's end: every poll of
an unfinished job asks, and Redis on the private network answers in milliseconds, so a
Redis that is down or unreachable costs a poll at most this, not the 5 s connect timeout."""
RETRYING = "the ingest worker stopped during this upload (killed or out of memory); trying again"
WORKER_DIED = (
    "the ingest worker stopped during this upload (killed or out of memory) and it was "
    "not added; the index was left as it was. Upload the file again"
)
CHANGE_DIED = (
    "the ingest worker stopped during this job (killed or out of memory) before it was "
    "recorded as finished; the document may be as it was. Send the replacement or removal again"
)
_model: Embedder | None = None
"""This worker's embedding model, loaded before its work horses fork (``IngestQueue.work``);
None in any other process (a job run there builds its own)."""


class IngestQueue:
    """Upload jobs on the Redis queue ``planassist-ingest``."""

    def __init__(self, settings: Settings) -> None:
        if not settings.redis_url:
            raise ValueError("IngestQueue needs PLANASSIST_REDIS_URL")
        self.settings = settings
        self.connection = Redis.from_url(settings.redis_url, socket_connect_timeout=5)
        self._polled = Redis.from_url(
            settings.redis_url, socket_connect_timeout=KEPT_TIMEOUT_S, socket_timeout=KEPT_TIMEOUT_S
        )
        parts = urlsplit(settings.redis_url)
        address = f"{parts.hostname}:{parts.port or 6379}"
        self.where = parts.path if parts.scheme == "unix" else address  # no password
        self.queue = Queue(QUEUE, connection=self.connection)

    def enqueue(self, job: Job, path: Path | None) -> None:
        """Move the upload's folder (a removal has none) to the shared data dir and queue
        its job; the job's record says what to do with it."""
        folder = staging(self.settings, job.job_id)
        if path is not None:
            try:
                with full_disk_means(DISK_FULL):  # a copy, if the upload's temp dir is elsewhere
                    folder.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(path.parent, folder)
            except BaseException:
                for leftover in (folder, path.parent):
                    shutil.rmtree(leftover, ignore_errors=True)
                raise
        retries = self.settings.ingest_retries
        try:
            self.queue.enqueue(
                run_upload,
                job.job_id,
                path.name if path is not None else None,
                job_id=job.job_id,
                job_timeout=JOB_TIMEOUT_S,
                retry=Retry(max=retries) if retries else None,
                on_failure=Callback(job_failed),
            )
        except RedisError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise self._down(exc, "; try the upload again shortly") from None

    def work(self) -> None:
        """Run jobs until stopped (Ctrl-C: finish the current job first).

        The embedding model is loaded here, once: each job's work horse is a fork of this
        process and starts with it (``_model``), instead of loading it again per job. Redis
        is asked first, so a worker started while it is down says so at once, not after
        loading (or downloading) the model.
        """
        global _model
        try:
            self.connection.ping()
        except RedisError as exc:
            raise self._down(exc) from None
        _model = make_embedder(self.settings)
        load_before_fork(_model)
        try:
            worker = IngestWorker(
                self,
                [self.queue],
                connection=self.connection,
                maintenance_interval=MAINTENANCE_S,
                work_horse_killed_handler=horse_killed,
            )
            worker.work(logging_level="INFO")
        except RedisError as exc:
            raise self._down(exc) from None

    def keep(self, job: Job) -> None:
        """Hold how ``job`` ended in Redis, as the job table's disk is full: ``kept`` gives
        it to ``Uploads.get`` and ``Uploads.taken``, which report it and save it once there
        is room, as a worker's maintenance does (``save_kept``)."""
        try:
            self.connection.set(_unsaved(job.job_id), json.dumps(asdict(job)), ex=KEPT_S)
        except RedisError as exc:
            log.warning("upload job %s: its end was not kept in Redis either: %s", job.job_id, exc)

    def kept(self, job_id: str) -> Job | None:
        """How the job ended, if its record could not be saved then (``keep``); None also
        when Redis does not answer (the record stands)."""
        try:
            kept = self._polled.get(_unsaved(job_id))
        except RedisError:
            return None
        return Job(**json.loads(kept)) if kept else None

    def forget(self, job_id: str) -> None:
        """Drop the job's kept end, now saved with its record (if Redis does not answer,
        it expires: ``KEPT_S``)."""
        with suppress(RedisError):
            self._polled.delete(_unsaved(job_id))

    def save_kept(self) -> None:
        """Save the job ends Redis kept (``keep``) into the job table, if it has room now:
        a worker's maintenance does this, so the table is right without anyone polling."""
        ids = [key.decode().rsplit(":", 1)[-1] for key in self.connection.scan_iter(_unsaved("*"))]
        if not ids:
            return
        uploads = _uploads(self)
        for job_id in ids:
            with suppress(NotFound):  # kept by a queue for another data dir's jobs
                uploads.get(job_id)  # saves (and forgets) the kept end if there is room

    def _down(self, exc: RedisError, advice: str = "") -> BackendUnavailable:
        """The 503 for a Redis that cannot be reached, naming it."""
        return BackendUnavailable(
            f"the job queue (Redis at {self.where}) is not reachable ({exc}){advice}"
        )


class IngestWorker(Worker):
    """RQ's worker, whose maintenance (every ``MAINTENANCE_S``) also saves the job ends
    that Redis kept while the job table's disk was full."""

    def __init__(self, ingest: IngestQueue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ingest = ingest

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        with suppress(PlanassistError):  # still full, or the store not there: next time
            self.ingest.save_kept()


def _unsaved(job_id: str) -> str:
    """The Redis key of a job's end that its record could not be saved with."""
    return f"{QUEUE}:unsaved:{job_id}"


def make_queue(settings: Settings) -> IngestQueue | None:
    """The durable queue when ``PLANASSIST_REDIS_URL`` is set (no connection made yet)."""
    return IngestQueue(settings) if settings.redis_url else None


def staging(settings: Settings, job_id: str) -> Path:
    return settings.data_dir / "incoming" / job_id


def _uploads(queue: IngestQueue) -> Uploads:
    """The document jobs as a worker sees them: its one model, ``queue`` for their ends."""
    return Uploads(Assistant(queue.settings, _model), queue)


def run_upload(job_id: str, filename: str | None) -> None:
    """The queued job, run in a worker's work horse: add, replace (with the staged file)
    or remove a document, in the collection the job's record names."""
    settings = get_settings()
    uploads = _uploads(IngestQueue(settings))
    job = uploads.get(job_id)
    path = staging(settings, job_id) / filename if filename else None
    if job.status == "done":
        return  # a horse that outlived its killed worker finished it meanwhile
    if path is not None and not path.exists():  # an earlier run cleaned up, unrecorded
        _settle(uploads, job)
        return
    job.detail = None  # a retry starts afresh
    uploads.run(job, path)


def horse_killed(queued: QueuedJob, pid: int, status: int, rusage: Any) -> None:
    """RQ: the work horse running ``queued`` died (it retries it next, if it may)."""
    _worker_died(queued)


def job_failed(queued: QueuedJob, connection: Redis, *exc_info: Any) -> None:
    """RQ: the job raised, or its worker died and RQ found it abandoned."""
    _worker_died(queued)


def _worker_died(queued: QueuedJob) -> None:
    """Record what happens to a job whose run ended without recording its outcome:
    queued again while retries are left, else settled."""
    uploads = _uploads(IngestQueue(get_settings()))
    job = uploads.get(queued.id)
    if job.status in ("done", "error"):
        return  # the run recorded its own outcome
    if queued.retries_left:
        job.status, job.stage, job.done, job.total = "queued", "queued", 0, 0
        job.detail = RETRYING
        log.warning("upload job %s: worker died; retrying", job.job_id)
        uploads.save(job)
        return
    _settle(uploads, job)


def _settle(uploads: Uploads, job: Job) -> None:
    """End a job that will not run again: done if the index shows its outcome from before
    the worker died (an added document in it, a removed one gone); else an error saying
    so, and a file waiting to be added is removed (so a later ingest does not add it after
    all). A replacement cannot be told from the document it replaced: an error, to send
    again."""
    settings = uploads.assistant.settings
    try:
        indexed = {document.meta.id for document in uploads.assistant.documents()}
    except IndexNotReady:
        indexed = set()
    outcome = {"add": job.target in indexed, "remove": job.target not in indexed}
    if outcome.get(job.action, False):
        job.status, job.stage, job.detail = "done", "done", None
        job.doc_ids = [job.target] if job.target else []
    elif job.action == "add":
        job.status, job.detail = "error", WORKER_DIED
        (collection_folder(settings.uploads_dir, job.collection) / job.filename).unlink(
            missing_ok=True
        )
    else:
        job.status, job.detail = "error", CHANGE_DIED
    log.warning("upload job %s: worker died; %s", job.job_id, job.status)
    uploads.record_end(job)
    shutil.rmtree(staging(settings, job.job_id), ignore_errors=True)
