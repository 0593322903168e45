"""``Drafting``: the drafting facade the API and the CLI call (built on the Assistant)."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, replace

from assistant.drafting import catalog
from assistant.drafting.export import EXPORTERS, renumbered
from assistant.drafting.generate import SectionWriter
from assistant.drafting.models import Draft, DraftSection, PlanprogramInputs, WorkshopInputs
from assistant.drafting.planprogram import PlanprogramDrafter
from assistant.drafting.sources import CitationBook
from assistant.drafting.store import DraftStore
from assistant.drafting.workshop import WorkshopDrafter
from assistant.errors import InvalidRequest
from assistant.service import Assistant


class Drafting:
    """Draft, store, regenerate, export and delete planprogram and workshop drafts.

    >>> drafting = Drafting(Assistant(get_settings()))
    >>> draft = drafting.planprogram(validation.planprogram("Eksempelvik", "kommunedelplan",
    ...                                                     "helse og omsorg", "2026-2036"))
    >>> path.write_bytes(drafting.export(draft.id, "docx"))
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.store = DraftStore(assistant.settings.data_dir / "drafts.sqlite3")

    def planprogram(self, inputs: PlanprogramInputs) -> Draft:
        writer = self._writer(inputs.mode)
        drafter = PlanprogramDrafter(self.assistant, inputs, writer=writer)
        sections = drafter.draft()
        mode = "llm" if writer else "template"
        return self._saved("planprogram", drafter.title, inputs, sections, drafter.book, mode)

    def workshop(self, inputs: WorkshopInputs) -> Draft:
        drafter = WorkshopDrafter(self.assistant, inputs)
        sections = drafter.draft()
        return self._saved("workshop", drafter.title, inputs, sections, drafter.book, "template")

    def get(self, draft_id: str) -> Draft:
        return self.store.get(draft_id)

    def delete(self, draft_id: str) -> None:
        self.store.delete(draft_id)

    def regenerate(self, draft_id: str, key: str) -> Draft:
        """Draft one planprogram section again (e.g. after adding a document)."""
        draft = self.store.get(draft_id)
        if draft.kind != "planprogram":
            raise InvalidRequest(
                "only planprogram sections can be regenerated; draft a new workshop"
            )
        catalog.section(key)
        inputs = PlanprogramInputs(**draft.inputs)
        drafter = PlanprogramDrafter(
            self.assistant, inputs, draft.citations, self._writer(inputs.mode)
        )
        fresh = drafter.section(key)
        sections = [fresh if s.key == key else s for s in draft.sections]
        if key not in {s.key for s in draft.sections}:
            order = [spec.key for spec in catalog.sections()]
            sections = sorted([*sections, fresh], key=lambda s: order.index(s.key))
        updated = replace(
            draft, sections=sections, citations=drafter.book.citations, updated=time.time()
        )
        updated = renumbered(updated)
        self.store.save(updated)
        return updated

    def export(self, draft_id: str, fmt: str) -> bytes:
        if fmt not in EXPORTERS:
            raise InvalidRequest(
                f"unknown export format '{fmt}'; use one of: {', '.join(EXPORTERS)}"
            )
        return EXPORTERS[fmt](self.store.get(draft_id))

    def _writer(self, mode: str | None) -> SectionWriter | None:
        mode = mode or ("llm" if self.assistant.chat_model is not None else "template")
        if mode == "template":
            return None
        if self.assistant.chat_model is None:
            raise InvalidRequest(
                "drafting mode 'llm' is not available: set PLANASSIST_LLM=local (offline model) "
                "or PLANASSIST_LLM_BASE_URL to an OpenAI-compatible endpoint"
            )
        return SectionWriter(self.assistant.chat_model, self.assistant.settings.min_support)

    def _saved(
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
        draft = renumbered(draft)
        self.store.save(draft)
        return draft
