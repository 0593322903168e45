"""Upload a document and ingest it in the background; poll the job for progress.

The upload is checked while it is read (size limit, known suffix), saved under its own
name in a temporary folder and screened (content matches the name, and reads) before
``assistant.uploads.Uploads`` ingests it: a bad file gets its 4xx at once.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from assistant.api.body_limit import readable_size
from assistant.api.deps import AssistantDep, EditorDep, UploadsDep
from assistant.errors import (
    DISK_FULL,
    Conflict,
    PayloadTooLarge,
    PlanassistError,
    full_disk_means,
)
from ingest.screening import safe_name, screen_upload

router = APIRouter(prefix="/v1/documents", tags=["documents"])

READ_BLOCK = 1024 * 1024


class JobOut(BaseModel):
    job_id: str
    filename: str
    status: Literal["queued", "running", "done", "error"]
    stage: str
    done: int
    total: int
    detail: str | None
    doc_ids: list[str]


@router.post("", response_model=JobOut, status_code=202)
async def upload(
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown or text")],
    assistant: AssistantDep,
    uploads: UploadsDep,
    editor: EditorDep,
) -> JobOut:
    """Add a document (role editor); poll the job at ``GET /v1/documents/jobs/{job_id}``."""
    name = safe_name(file.filename)
    limit = assistant.settings.max_upload_bytes
    if uploads.taken(name):
        raise Conflict(f"{name}: a document with this file name is already indexed; rename it")
    folder = Path(tempfile.mkdtemp(prefix="planassist-upload-"))
    target, size = folder / name, 0
    try:
        with full_disk_means(DISK_FULL), target.open("wb") as out:
            while block := await file.read(READ_BLOCK):
                size += len(block)
                if size > limit:
                    raise PayloadTooLarge(
                        f"{name} is larger than the upload limit of {readable_size(limit)}"
                    )
                out.write(block)
        await run_in_threadpool(screen_upload, target)
        job = uploads.submit(target, editor.name)
    except PlanassistError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return JobOut(**asdict(job))


@router.get("/jobs/{job_id}", response_model=JobOut)
def job(job_id: str, uploads: UploadsDep, _: EditorDep) -> JobOut:
    """Where an upload is: queued, running (stage, done of total), done (doc_ids) or error."""
    return JobOut(**asdict(uploads.get(job_id)))
