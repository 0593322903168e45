from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from assistant.api.deps import DraftingDep
from assistant.drafting.export import MEDIA_TYPES
from assistant.drafting.schemas import DraftOut, PlanprogramRequest, WorkshopRequest

router = APIRouter(prefix="/v1/drafts", tags=["drafts"])


@router.post("/planprogram", response_model=DraftOut)
async def planprogram(body: PlanprogramRequest, drafting: DraftingDep) -> DraftOut:
    """Draft a whole planprogram (or the requested sections), cited and stored."""
    return DraftOut.of(await run_in_threadpool(drafting.planprogram, body.inputs()))


@router.post("/planprogram/sections/{section}", response_model=DraftOut)
async def planprogram_section(
    section: str, body: PlanprogramRequest, drafting: DraftingDep
) -> DraftOut:
    """Draft one planprogram section alone (stored as a draft of its own)."""
    return DraftOut.of(await run_in_threadpool(drafting.planprogram, body.inputs([section])))


@router.post("/workshop", response_model=DraftOut)
async def workshop(body: WorkshopRequest, drafting: DraftingDep) -> DraftOut:
    """Material for a political workshop: agenda, cited talks, group exercise, questions."""
    return DraftOut.of(await run_in_threadpool(drafting.workshop, body.inputs()))


@router.get("/{draft_id}", response_model=DraftOut)
def get_draft(draft_id: str, drafting: DraftingDep) -> DraftOut:
    return DraftOut.of(drafting.get(draft_id))


@router.post("/{draft_id}/sections/{section}", response_model=DraftOut)
async def regenerate(draft_id: str, section: str, drafting: DraftingDep) -> DraftOut:
    """Draft one section of a stored planprogram again."""
    return DraftOut.of(await run_in_threadpool(drafting.regenerate, draft_id, section))


@router.delete("/{draft_id}", status_code=204)
def delete_draft(draft_id: str, drafting: DraftingDep) -> None:
    drafting.delete(draft_id)


@router.get("/{draft_id}/export")
def export(
    draft_id: str,
    drafting: DraftingDep,
    format: Annotated[str, Query(description="docx or md")] = "docx",
) -> Response:
    """The draft as a Word file (headings, sources list) or Markdown."""
    content = drafting.export(draft_id, format)
    filename = f"utkast-{draft_id}.{format}"
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
