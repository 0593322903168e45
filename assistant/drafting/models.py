"""Plain data of drafting: the validated inputs, and a draft with its sections and sources."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.domain import Citation

OPEN_POINT = re.compile(r"\[Fyll inn: ([^\]]+)\]")
"""Facts the corpus cannot know are marked in the text; the planner fills them in."""


@dataclass(frozen=True)
class PlanprogramInputs:
    """What the planner tells us about the plan (already checked, see ``validation``)."""

    kommune: str
    plantype: str
    tema: str
    periode: str
    language: str = "nb"
    sections: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    mode: str | None = None


@dataclass(frozen=True)
class WorkshopInputs:
    audience: str
    tema: str
    hours: float
    language: str = "nb"
    start: str = "09:00"


@dataclass
class DraftSection:
    key: str
    title: str
    markdown: str
    notice: str | None = None
    edited_by: str | None = None
    """Who last saved their own text here (None: the text is as drafted)."""
    edited_at: float | None = None

    @property
    def open_points(self) -> list[str]:
        return OPEN_POINT.findall(self.markdown)


@dataclass
class Draft:
    """A stored draft: its inputs (to regenerate), its sections and one citation list."""

    id: str
    kind: str
    title: str
    language: str
    inputs: dict[str, Any]
    sections: list[DraftSection]
    citations: list[Citation]
    mode: str = "template"
    created: float = 0.0
    updated: float = 0.0
    notices: list[str] = field(default_factory=list)
    version: int = 0
    """The stored version this is (1 when first drafted; the store sets it on save)."""

    @property
    def open_points(self) -> list[str]:
        points = (point for section in self.sections for point in section.open_points)
        return list(dict.fromkeys(points))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        return cls(
            **{
                **data,
                "sections": [DraftSection(**s) for s in data["sections"]],
                "citations": [Citation(**c) for c in data["citations"]],
            }
        )


@dataclass(frozen=True)
class DraftSummary:
    """One row of the draft list: enough to find and reopen a draft."""

    id: str
    kind: str
    title: str
    version: int
    created: float
    updated: float


@dataclass(frozen=True)
class DraftVersion:
    """Who saved which version of a draft, when, and by doing what."""

    version: int
    user: str
    created: float
    action: str
    """created, edit, regenerate or restore."""
    section: str | None = None
    restored_from: int | None = None
