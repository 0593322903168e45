"""Upload a document and ingest it in the background; poll the job for progress.

The upload is checked while it is read (size limit, known suffix) and saved under its
own name in a temporary folder; ``assistant.uploads.Uploads`` ingests it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from assistant.api.deps import AssistantDep, EditorDep, UploadsDep
from assistant.errors import (
    Conflict,
    DocumentError,
    PayloadTooLarge,
    PlanassistError,
    UnsupportedMediaType,
)
from ingest.manifest import SUPPORTED_SUFFIXES

router = APIRouter(prefix="/v1/documents", tags=["documents"])

READ_BLOCK = 1024 * 1024
MAX_NAME = 120


class JobOut(BaseModel):
    job_id: str
    filename: str
    status: Literal["queued", "running", "done", "error"]
    stage: str
    done: int
    total: int
    detail: str | None
    doc_ids: list[str]


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def _safe_name(filename: str | None) -> str:
    name = Path((filename or "").replace("\\", "/")).name.strip()
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        raise DocumentError(
            f"the file name '{name}' cannot be used; give the file a plain name "
            f"(up to {MAX_NAME} characters)"
        )
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedMediaType(
            f"{name}: unsupported file type; upload PDF, DOCX, Markdown (.md) or text (.txt)"
        )
    return name


@router.post("", response_model=JobOut, status_code=202)
async def upload(
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown or text")],
    assistant: AssistantDep,
    uploads: UploadsDep,
    editor: EditorDep,
) -> JobOut:
    """Add a document (role editor); poll the job at ``GET /v1/documents/jobs/{job_id}``."""
    name = _safe_name(file.filename)
    limit = assistant.settings.max_upload_bytes
    if uploads.taken(name):
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
    return JobOut(**asdict(uploads.submit(target, editor.name)))


@router.get("/jobs/{job_id}", response_model=JobOut)
def job(job_id: str, uploads: UploadsDep, _: EditorDep) -> JobOut:
    """Where an upload is: queued, running (stage, done of total), done (doc_ids) or error."""
    return JobOut(**asdict(uploads.get(job_id)))
