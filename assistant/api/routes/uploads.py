"""Upload a document and ingest it in the background; poll the job for progress.

The upload is checked while it is read (size limit, known suffix), saved under its own
name in a temporary folder, and handed to ``Assistant.ingest`` on one worker thread per
app, so uploads queue instead of racing. A file that does not read ends its job with
the loader's message and leaves the index as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel

from assistant.api.deps import AssistantDep
from assistant.errors import DocumentError, NotFound, PayloadTooLarge, PlanassistError
from assistant.service import Assistant

router = APIRouter(prefix="/v1/documents", tags=["documents"])

SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")
READ_BLOCK = 1024 * 1024
MAX_NAME = 120


class UnsupportedType(DocumentError):
    status_code = 415


class Conflict(PlanassistError):
    status_code = 409


class JobOut(BaseModel):
    job_id: str
    filename: str
    status: Literal["queued", "running", "done", "error"]
    stage: str
    done: int
    total: int
    detail: str | None
    doc_ids: list[str]


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


def get_uploads(request: Request, assistant: AssistantDep) -> Uploads:
    state = request.app.state
    if getattr(state, "uploads", None) is None:
        state.uploads = Uploads(assistant)
    return state.uploads


UploadsDep = Annotated[Uploads, Depends(get_uploads)]


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def _safe_name(filename: str | None) -> str:
    name = Path((filename or "").replace("\\", "/")).name.strip()
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        raise DocumentError(
            f"the file name '{name}' cannot be used; give the file a plain name "
            f"(up to {MAX_NAME} characters)"
        )
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UnsupportedType(
            f"{name}: unsupported file type; upload PDF, DOCX, Markdown (.md) or text (.txt)"
        )
    return name


@router.post("", response_model=JobOut, status_code=202)
async def upload(
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown or text")],
    assistant: AssistantDep,
    uploads: UploadsDep,
) -> JobOut:
    """Add a document: returns a job to poll at ``GET /v1/documents/jobs/{job_id}``."""
    name = _safe_name(file.filename)
    limit = assistant.settings.max_upload_bytes
    if (assistant.settings.corpus_dir / name).exists():
        raise Conflict(f"{name}: a document with this file name is already indexed; rename it")
    folder = Path(tempfile.mkdtemp(prefix="planassist-upload-"))
    target, size = folder / name, 0
    try:
        with target.open("wb") as out:
            while block := await file.read(READ_BLOCK):
                size += len(block)
                if size > limit:
                    raise PayloadTooLarge(
                        f"{name} is larger than the upload limit of {_size(limit)}"
                    )
                out.write(block)
        if size == 0:
            raise DocumentError(f"{name} is empty")
    except PlanassistError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return JobOut(**asdict(uploads.submit(target)))


@router.get("/jobs/{job_id}", response_model=JobOut)
def job(job_id: str, uploads: UploadsDep) -> JobOut:
    """Where an upload is: queued, running (stage, done of total), done (doc_ids) or error."""
    return JobOut(**asdict(uploads.get(job_id)))
