"""API bodies for drafting (the public shapes of ``Draft``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting import validation
from assistant.drafting.models import (
    Draft,
    DraftSummary,
    DraftVersion,
    PlanprogramInputs,
    WorkshopInputs,
)
from assistant.schemas import CitationOut


class PlanprogramRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kommune": "Eksempelvik",
                    "plantype": "kommunedelplan",
                    "tema": "helse og omsorg",
                    "periode": "2026–2036",
                }
            ]
        },
    )

    kommune: str = Field(description="The municipality's name, e.g. 'Eksempelvik'.")
    plantype: str = Field(
        description="planstrategi (the planning strategy itself), or the planprogram of a "
        "samfunnsdel, arealdel, kommunedelplan or temaplan (or their full names)."
    )
    tema: str = Field(
        default="",
        description="The plan's topic, e.g. 'helse og omsorg' (needed for a kommunedelplan "
        "or temaplan; a planstrategi, samfunnsdel or arealdel covers the whole municipality).",
    )
    periode: str = Field(description="Like '2026–2036'.")
    language: str = Field(default="nb", description="nb (bokmål) or nn (nynorsk).")
    sections: list[str] = Field(
        default_factory=list, description="Only these sections (default: all)."
    )
    doc_ids: list[str] = Field(default_factory=list, description="Lean only on these documents.")
    mode: str | None = Field(
        default=None, description="template or llm (default: llm if configured)."
    )

    def inputs(self, sections: list[str] | None = None) -> PlanprogramInputs:
        return validation.planprogram(
            self.kommune,
            self.plantype,
            self.tema,
            self.periode,
            self.language,
            self.sections if sections is None else sections,
            self.doc_ids,
            self.mode,
        )


class WorkshopRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"audience": "kommunestyre", "tema": "kommunal planstrategi", "hours": 3}]
        },
    )

    audience: str = Field(description="kommunestyre, formannskap or administrasjon.")
    tema: str
    hours: float = Field(description="Duration, 0.5–8 hours.")
    language: str = "nb"
    start: str = Field(default="09:00", description="Clock time the workshop starts.")

    def inputs(self) -> WorkshopInputs:
        return validation.workshop(self.audience, self.tema, self.hours, self.language, self.start)


class DraftSectionOut(BaseModel):
    key: str
    title: str
    markdown: str
    notice: str | None = None
    edited_by: str | None = Field(default=None, description="Who saved their own text here.")
    edited_at: float | None = None


class DraftOut(BaseModel):
    id: str
    kind: str
    title: str
    language: str
    mode: str
    inputs: dict[str, Any]
    sections: list[DraftSectionOut]
    citations: list[CitationOut]
    open_points: list[str]
    notices: list[str]
    created: float
    updated: float
    version: int = Field(description="Send it back as base_version when you save a change.")

    @classmethod
    def of(cls, draft: Draft) -> DraftOut:
        return cls(
            id=draft.id,
            kind=draft.kind,
            title=draft.title,
            language=draft.language,
            mode=draft.mode,
            inputs=draft.inputs,
            sections=[DraftSectionOut(**vars(s)) for s in draft.sections],
            citations=[CitationOut.of(c, draft.language) for c in draft.citations],
            open_points=draft.open_points,
            notices=draft.notices,
            created=draft.created,
            updated=draft.updated,
            version=draft.version,
        )


class DraftSummaryOut(BaseModel):
    id: str
    kind: str
    title: str
    version: int
    created: float
    updated: float

    @classmethod
    def of(cls, summary: DraftSummary) -> DraftSummaryOut:
        return cls(**vars(summary))


class DraftVersionOut(BaseModel):
    version: int
    user: str
    created: float
    action: str = Field(description="created, edit, regenerate or restore.")
    section: str | None = Field(default=None, description="The section the change was to.")
    restored_from: int | None = None

    @classmethod
    def of(cls, version: DraftVersion) -> DraftVersionOut:
        return cls(**vars(version))


class SectionEdit(BaseModel):
    """The planner's own text for one section; saved as a new version."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"markdown": "Vår egen tekst [1].", "base_version": 1}]},
    )

    markdown: str = Field(description="The section's text (Markdown, [n] cites source n).")
    base_version: int = Field(
        description="The draft version the text was written against; if the draft has "
        "changed since, nothing is saved and the answer is 409."
    )


class RestoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_version: int = Field(description="The current version, as for an edit (409 if stale).")
    section: str | None = Field(
        default=None, description="Bring back only this section (default: the whole draft)."
    )
