"""Upload jobs: ingest uploaded files one at a time in the background, with progress.

One worker thread per app, so uploads queue instead of racing; jobs live in memory (a
restart forgets them, the ingested documents stay). A file that does not read ends its
job with the loader's message and leaves the index as it was.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import NotFound, PlanassistError
from assistant.service import Assistant


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


class Uploads:
    """The app's upload jobs (in memory) and the one thread that ingests them."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload")

    def submit(self, path: Path) -> Job:
        job = Job(job_id=uuid.uuid4().hex[:12], filename=path.name)
        with self._lock:
            self.jobs[job.job_id] = job
        self._worker.submit(self._run, job, path)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            if job_id not in self.jobs:
                raise NotFound(f"no upload job '{job_id}'")
            return self.jobs[job_id]

    def _run(self, job: Job, path: Path) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        job.status, job.stage = "running", "reading"
        try:
            self.assistant.ingest(path, progress)
            job.doc_ids = [
                doc.meta.id for doc in self.assistant.documents() if doc.meta.file == path.name
            ]
            job.status, job.stage = "done", "done"
        except PlanassistError as exc:
            job.status, job.detail = "error", str(exc)
        except Exception as exc:  # the job must end; the server log has the rest
            job.status, job.detail = "error", f"ingest failed ({type(exc).__name__})"
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
