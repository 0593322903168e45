from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.concurrency import run_in_threadpool

from assistant.api.deps import AuditDep, CurrentUser, DraftingDep
from assistant.drafting.export import MEDIA_TYPES
from assistant.drafting.schemas import (
    DraftOut,
    DraftSummaryOut,
    DraftVersionOut,
    PlanprogramRequest,
    RestoreRequest,
    SectionEdit,
    WorkshopRequest,
)
from assistant.errors import NotFound

router = APIRouter(prefix="/v1/drafts", tags=["drafts"])


def owned_draft(draft_id: str, drafting: DraftingDep, user: CurrentUser) -> str:
    """A draft of the caller's; another's is the same 404 as an unknown one."""
    if drafting.store.owner(draft_id) != user:
        raise NotFound(f"no draft with id '{draft_id}'; it may have been deleted")
    return draft_id


OwnedDraft = Annotated[str, Depends(owned_draft)]


@router.get("", response_model=list[DraftSummaryOut])
def list_drafts(drafting: DraftingDep, user: CurrentUser) -> list[DraftSummaryOut]:
    """Your stored drafts, the most recently changed first (open one by its id)."""
    return [DraftSummaryOut.of(summary) for summary in drafting.list(user)]


@router.post("/planprogram", response_model=DraftOut)
async def planprogram(
    body: PlanprogramRequest, drafting: DraftingDep, user: CurrentUser
) -> DraftOut:
    """Draft a whole planprogram (or the requested sections), cited and stored."""
    return DraftOut.of(await run_in_threadpool(drafting.planprogram, body.inputs(), user))


@router.post("/planprogram/sections/{section}", response_model=DraftOut)
async def planprogram_section(
    section: str, body: PlanprogramRequest, drafting: DraftingDep, user: CurrentUser
) -> DraftOut:
    """Draft one planprogram section alone (stored as a draft of its own)."""
    inputs = body.inputs([section])
    return DraftOut.of(await run_in_threadpool(drafting.planprogram, inputs, user))


@router.post("/workshop", response_model=DraftOut)
async def workshop(body: WorkshopRequest, drafting: DraftingDep, user: CurrentUser) -> DraftOut:
    """Material for a political workshop: agenda, cited talks, group exercise, questions."""
    return DraftOut.of(await run_in_threadpool(drafting.workshop, body.inputs(), user))


@router.get("/{draft_id}", response_model=DraftOut)
def get_draft(draft_id: OwnedDraft, drafting: DraftingDep) -> DraftOut:
    return DraftOut.of(drafting.get(draft_id))


@router.post("/{draft_id}/sections/{section}", response_model=DraftOut)
async def regenerate(
    draft_id: OwnedDraft, section: str, drafting: DraftingDep, user: CurrentUser
) -> DraftOut:
    """Draft one section of a stored planprogram again; its previous text stays a version."""
    return DraftOut.of(await run_in_threadpool(drafting.regenerate, draft_id, section, user))


@router.put("/{draft_id}/sections/{section}", response_model=DraftOut)
def edit_section(
    draft_id: OwnedDraft, section: str, body: SectionEdit, drafting: DraftingDep, user: CurrentUser
) -> DraftOut:
    """Save your own text for a section as a new version (409 if the draft changed since)."""
    return DraftOut.of(drafting.edit(draft_id, section, body.markdown, body.base_version, user))


@router.get("/{draft_id}/versions", response_model=list[DraftVersionOut])
def versions(draft_id: OwnedDraft, drafting: DraftingDep) -> list[DraftVersionOut]:
    """Every saved version of a draft (who, when, what changed), the newest first."""
    return [DraftVersionOut.of(version) for version in drafting.versions(draft_id)]


@router.get("/{draft_id}/versions/{version}", response_model=DraftOut)
def get_version(draft_id: OwnedDraft, version: int, drafting: DraftingDep) -> DraftOut:
    """The draft as it was saved in one version."""
    return DraftOut.of(drafting.version(draft_id, version))


@router.post("/{draft_id}/versions/{version}/restore", response_model=DraftOut)
def restore(
    draft_id: OwnedDraft,
    version: int,
    body: RestoreRequest,
    drafting: DraftingDep,
    user: CurrentUser,
) -> DraftOut:
    """Make an old version (or one section of it) current again, as a new version."""
    return DraftOut.of(drafting.restore(draft_id, version, body.base_version, body.section, user))


@router.delete("/{draft_id}", status_code=204)
def delete_draft(
    draft_id: OwnedDraft, drafting: DraftingDep, user: CurrentUser, audit: AuditDep
) -> None:
    drafting.delete(draft_id)
    audit.record(user, "draft_deleted", draft_id)


@router.get("/{draft_id}/export")
def export(
    draft_id: OwnedDraft,
    drafting: DraftingDep,
    format: Annotated[str, Query(description="docx or md")] = "docx",
) -> Response:
    """The current version as a Word file (footnotes, page numbers) or Markdown."""
    content = drafting.export(draft_id, format)
    filename = f"utkast-{draft_id}.{format}"
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
