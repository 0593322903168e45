"""Check my draft: upload a planprogram or planstrategi draft, get the checklist report.

Nothing is stored or indexed: the file is read, checked and forgotten. It is read no
further than the upload limit (413 beyond it); a type the loaders cannot read is a 415,
a file that does not read a 422, each with a JSON ``detail`` for the user.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep
from assistant.drafting.check import DraftChecker
from assistant.drafting.check_schemas import CheckReportOut

router = APIRouter(prefix="/v1/checks", tags=["checks"])


@router.post("", response_model=CheckReportOut)
async def check_draft(
    file: Annotated[UploadFile, File(description="Your draft: PDF or DOCX")],
    assistant: AssistantDep,
    type: Annotated[
        Literal["planprogram", "planstrategi"] | None,
        Form(description="What the draft is; guessed from its text when left out."),
    ] = None,
    language: Annotated[
        Literal["nb", "nn", "en"] | None,
        Form(description="The report's language; the draft's own when left out."),
    ] = None,
) -> CheckReportOut:
    """Section by section: what the law requires or guidance recommends that the draft
    covers, covers weakly or misses, each item cited to its § or guidance passage."""
    data = await file.read(assistant.settings.max_upload_bytes + 1)
    report = await run_in_threadpool(
        DraftChecker(assistant).check, file.filename or "", data, type, language
    )
    return CheckReportOut.of(report)
