"""Add, replace or remove a document in the background; poll the job for progress.

The upload is checked while it is read (size limit, known suffix), saved under its own
name in a temporary folder and screened (content matches the name, and reads) before
``assistant.uploads.Uploads`` ingests it: a bad file gets its 4xx at once. Editors change
only their organisation's collection, administrators any (``assistant/scope.py``).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from assistant.api.body_limit import readable_size
from assistant.api.deps import AssistantDep, AuthDep, EditorDep, UploadsDep
from assistant.errors import (
    DISK_FULL,
    Conflict,
    PayloadTooLarge,
    PlanassistError,
    full_disk_means,
)
from assistant.scope import check_manages, managed_collection
from ingest.library import added_file
from ingest.screening import safe_name, screen_upload

router = APIRouter(prefix="/v1/documents", tags=["documents"])

READ_BLOCK = 1024 * 1024
Upload = Annotated[UploadFile, File(description="PDF, DOCX, Markdown or text")]


class JobOut(BaseModel):
    job_id: str
    filename: str
    status: Literal["queued", "running", "done", "error"]
    stage: str
    done: int
    total: int
    detail: str | None
    doc_ids: list[str]


async def _received(file: UploadFile, limit: int) -> Path:
    """The upload saved under its own (checked) name in a folder of its own, screened."""
    name = safe_name(file.filename)
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
    except PlanassistError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


@router.post("", response_model=JobOut, status_code=202)
async def upload(
    file: Upload,
    assistant: AssistantDep,
    uploads: UploadsDep,
    editor: EditorDep,
    auth: AuthDep,
    collection: Annotated[
        str | None,
        Form(description="national or an organisation (admins); editors: their own (default)"),
    ] = None,
) -> JobOut:
    """Add a document to your organisation's collection (role editor; admins choose the
    collection); poll the job at ``GET /v1/documents/jobs/{job_id}``."""
    name = safe_name(file.filename)
    target_collection = managed_collection(editor, collection, auth.enabled)
    if uploads.taken(name, target_collection):
        raise Conflict(f"{name}: a document with this file name is already indexed; rename it")
    path = await _received(file, assistant.settings.max_upload_bytes)
    return JobOut(**asdict(uploads.submit(path, editor.name, target_collection)))


@router.put("/{doc_id}", response_model=JobOut, status_code=202)
async def replace(
    doc_id: str,
    file: Upload,
    assistant: AssistantDep,
    uploads: UploadsDep,
    editor: EditorDep,
    auth: AuthDep,
) -> JobOut:
    """Replace an added document's file (same id and collection); as a job to poll."""
    document, _ = assistant.document(doc_id)
    check_manages(editor, document.meta.collection, auth.enabled)
    added_file(assistant.settings, document.meta)
    path = await _received(file, assistant.settings.max_upload_bytes)
    return JobOut(**asdict(uploads.replace(document.meta, path, editor.name)))


@router.delete("/{doc_id}", response_model=JobOut, status_code=202)
def remove(
    doc_id: str, assistant: AssistantDep, uploads: UploadsDep, editor: EditorDep, auth: AuthDep
) -> JobOut:
    """Remove an added document from its collection and the index; as a job to poll."""
    document, _ = assistant.document(doc_id)
    check_manages(editor, document.meta.collection, auth.enabled)
    added_file(assistant.settings, document.meta)
    return JobOut(**asdict(uploads.remove(document.meta, editor.name)))


@router.get("/jobs/{job_id}", response_model=JobOut)
def job(job_id: str, uploads: UploadsDep, editor: EditorDep) -> JobOut:
    """Where a job of yours is: queued, running (stage, done of total), done (doc_ids) or
    error (administrators see everyone's)."""
    return JobOut(**asdict(uploads.get(job_id, editor)))
