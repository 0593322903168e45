"""``Drafting``: the drafting facade the API and the CLI call (built on the Assistant)."""

from __future__ import annotations

import copy
import time
import uuid
from dataclasses import asdict, replace

from assistant.drafting.export import EXPORTERS, renumbered
from assistant.drafting.generate import SectionWriter
from assistant.drafting.history import with_edit, with_section_from
from assistant.drafting.models import (
    Draft,
    DraftSection,
    DraftSummary,
    DraftVersion,
    PlanprogramInputs,
    WorkshopInputs,
)
from assistant.drafting.planprogram import PlanprogramDrafter
from assistant.drafting.sources import CitationBook
from assistant.drafting.store import DraftStore
from assistant.drafting.workshop import WorkshopDrafter
from assistant.errors import InvalidRequest
from assistant.service import Assistant
from assistant.storage import location

PLAN_DOCUMENTS = ("planprogram", "planstrategi")
"""Draft kinds made section by section from a plan type (``PlanprogramDrafter``)."""


class Drafting:
    """Draft, store, edit, regenerate, version, export and delete plan documents (planprogram,
    planstrategi) and workshop drafts.

    ``user`` is who saves a change (recorded with each version); until there is sign-in
    it is the one local user from the settings (``PLANASSIST_LOCAL_USER``).

    >>> drafting = Drafting(Assistant(get_settings()))
    >>> draft = drafting.planprogram(validation.planprogram("Eksempelvik", "kommunedelplan",
    ...                                                     "helse og omsorg", "2026-2036"))
    >>> path.write_bytes(drafting.export(draft.id, "docx"))
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.local_user = assistant.settings.local_user
        self.store = DraftStore(location(assistant.settings, "drafts"), self.local_user)

    def planprogram(self, inputs: PlanprogramInputs, user: str | None = None) -> Draft:
        writer = self._writer(inputs.mode)
        drafter = PlanprogramDrafter(self.assistant, inputs, writer=writer)
        sections = drafter.draft()
        mode = "llm" if writer else "template"
        draft = self._new(drafter.kind, drafter.title, inputs, sections, drafter.book, mode)
        return self.store.save(draft, user or self.local_user, "created")

    def workshop(self, inputs: WorkshopInputs, user: str | None = None) -> Draft:
        drafter = WorkshopDrafter(self.assistant, inputs)
        sections = drafter.draft()
        draft = self._new("workshop", drafter.title, inputs, sections, drafter.book, "template")
        return self.store.save(draft, user or self.local_user, "created")

    def within(self, assistant: Assistant) -> Drafting:
        """Drafting over ``assistant`` (a view kept to some collections), same store."""
        view = copy.copy(self)
        view.assistant = assistant
        return view

    def get(self, draft_id: str) -> Draft:
        return self.store.get(draft_id)

    def list(self, user: str | None = None) -> list[DraftSummary]:
        return self.store.list(user or self.local_user)

    def delete(self, draft_id: str) -> None:
        self.store.delete(draft_id)

    def edit(
        self, draft_id: str, key: str, markdown: str, base_version: int, user: str | None = None
    ) -> Draft:
        """Save the planner's own text for one section as a new version."""
        user = user or self.local_user
        draft = self.store.get(draft_id)
        edited = with_edit(draft, key, markdown, user, time.time())
        return self.store.save(edited, user, "edit", section=key, base_version=base_version)

    def versions(self, draft_id: str) -> list[DraftVersion]:
        return self.store.versions(draft_id)

    def version(self, draft_id: str, version: int) -> Draft:
        return self.store.version(draft_id, version)

    def restore(
        self,
        draft_id: str,
        version: int,
        base_version: int,
        section: str | None = None,
        user: str | None = None,
    ) -> Draft:
        """Make ``version`` (or only its ``section``) current again, as a new version."""
        old = self.store.version(draft_id, version)
        current = self.store.get(draft_id)
        now = time.time()
        if section is None:
            restored = replace(old, created=current.created, updated=now)
        else:
            restored = with_section_from(current, old, section, now)
        return self.store.save(
            restored,
            user or self.local_user,
            "restore",
            section=section,
            base_version=base_version,
            restored_from=version,
        )

    def regenerate(self, draft_id: str, key: str, user: str | None = None) -> Draft:
        """Draft one section of a planprogram or planstrategi again (e.g. after adding a document).

        The planner's text in that section, if any, stays in the previous version; a
        change saved while the section was being drafted makes this a 409, not a loss.
        """
        draft = self.store.get(draft_id)
        if draft.kind not in PLAN_DOCUMENTS:
            raise InvalidRequest(
                "only planprogram and planstrategi sections can be regenerated; "
                "draft a new workshop"
            )
        inputs = PlanprogramInputs(**draft.inputs)
        drafter = PlanprogramDrafter(
            self.assistant, inputs, draft.citations, self._writer(inputs.mode)
        )
        fresh = drafter.section(key)
        sections = [fresh if s.key == key else s for s in draft.sections]
        if key not in {s.key for s in draft.sections}:
            order = drafter.plan.sections
            sections = sorted([*sections, fresh], key=lambda s: order.index(s.key))
        updated = replace(
            draft, sections=sections, citations=drafter.book.citations, updated=time.time()
        )
        updated = renumbered(updated)
        return self.store.save(
            updated, user or self.local_user, "regenerate", section=key, base_version=draft.version
        )

    def export(self, draft_id: str, fmt: str) -> bytes:
        if fmt not in EXPORTERS:
            raise InvalidRequest(
                f"unknown export format '{fmt}'; use one of: {', '.join(EXPORTERS)}"
            )
        return EXPORTERS[fmt](self.store.get(draft_id))

    def _writer(self, mode: str | None) -> SectionWriter | None:
        mode = mode or ("llm" if self.assistant.generator is not None else "template")
        if mode == "template":
            return None
        if self.assistant.generator is None:
            raise InvalidRequest(
                "drafting mode 'llm' is not available: set PLANASSIST_LLM=local (offline model) "
                "or PLANASSIST_LLM_BASE_URL to an OpenAI-compatible endpoint"
            )
        return SectionWriter(self.assistant.generator, self.assistant.settings.min_support)

    def _new(
        self,
        kind: str,
        title: str,
        inputs: PlanprogramInputs | WorkshopInputs,
        sections: list[DraftSection],
        book: CitationBook,
        mode: str,
    ) -> Draft:
        now = time.time()
        draft = Draft(
            id=uuid.uuid4().hex[:16],
            kind=kind,
            title=title,
            language=inputs.language,
            inputs=asdict(inputs),
            sections=sections,
            citations=book.citations,
            mode=mode,
            created=now,
            updated=now,
            notices=list(dict.fromkeys(s.notice for s in sections if s.notice)),
        )
        return renumbered(draft)
