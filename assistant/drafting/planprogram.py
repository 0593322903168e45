"""Draft a planprogram, section by section, from cited passages and templates.

For each section: quote what the law requires, what guidance recommends and how other
municipalities did it (word for word, attributed to them), then fill the section template
with the plan's facts, checklists and open points. The framdrift section lists the
statutory steps and minimum deadlines from ``prompts/drafting/framdrift.yaml``, each cited
to its §.
With a chat model the opening paragraph is written from the same excerpts and verified.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.generative import LLMUnavailable
from assistant.domain import Citation
from assistant.drafting import catalog
from assistant.drafting.catalog import SectionSpec, Step
from assistant.drafting.generate import SectionWriter
from assistant.drafting.models import DraftSection, PlanprogramInputs
from assistant.drafting.scrub import Scrubber, municipality_names
from assistant.drafting.sources import CitationBook, Excerpt, SourceFinder, quote_line
from assistant.service import Assistant

SLOTS = ("lov", "veiledning", "eksempler")


class PlanprogramDrafter:
    """Drafts planprogram sections for one plan; citations numbered across the draft.

    >>> drafter = PlanprogramDrafter(assistant, inputs)
    >>> sections = drafter.draft()          # every section, in catalog order
    >>> drafter.book.citations              # the numbered sources
    """

    def __init__(
        self,
        assistant: Assistant,
        inputs: PlanprogramInputs,
        citations: Sequence[Citation] = (),
        writer: SectionWriter | None = None,
    ) -> None:
        self.inputs = inputs
        self.plan = catalog.plan_type(inputs.plantype)
        self.scrubber = Scrubber(municipality_names(assistant.store), inputs.kommune)
        self.finder = SourceFinder(assistant, inputs.doc_ids)
        self.book = CitationBook(citations)
        self.writer = writer
        self.values = {
            "kommune": f"{inputs.kommune} kommune",
            "plantype": self.plan.names[inputs.language],
            "tema": inputs.tema,
            "periode": inputs.periode,
        }

    @property
    def title(self) -> str:
        plantype = self.values["plantype"]
        return catalog.text(
            "planprogram_title",
            self.inputs.language,
            plantype_title=plantype[:1].upper() + plantype[1:],
            **self.values,
        )

    def draft(self) -> list[DraftSection]:
        keys = self.inputs.sections or tuple(spec.key for spec in catalog.sections())
        return [self.section(key) for key in keys]

    def section(self, key: str) -> DraftSection:
        spec = catalog.section(key)
        language = self.inputs.language
        excerpts = self._excerpts(spec)
        slots = {kind: self._quotes(excerpts, kind) for kind in SLOTS}
        if spec.steps:
            slots["steg"] = self._steps()
        markdown = catalog.template(spec.key, language, self.values, **slots)
        notice = None
        if self.writer is not None and not spec.steps:  # statutory steps stay verbatim
            try:
                prose, notice = self.writer.write(spec, self.values, excerpts, language)
            except LLMUnavailable as exc:
                prose, notice = None, catalog.text("llm_unavailable", language, reason=str(exc))
            if prose:
                _, _, rest = markdown.partition("\n\n")  # the prose replaces the opening
                markdown = f"{self.scrubber.scrub(prose)}\n\n{rest}"
        return DraftSection(spec.key, spec.titles[language], markdown, notice)

    def _excerpts(self, spec: SectionSpec) -> list[Excerpt]:
        excerpts: list[Excerpt] = []
        for kind in catalog.source_kinds():
            query = spec.queries[kind.key].format(
                plantype=self.values["plantype"], tema=self.inputs.tema
            )
            pinned = spec.pinned(self.plan.process) if kind.doc_type == "lov" else []
            excerpts += self.finder.excerpts(self.book, kind, query, pinned)
        return excerpts

    def _quotes(self, excerpts: list[Excerpt], kind: str) -> str:
        language = self.inputs.language
        lines = [quote_line(e, language) for e in excerpts if e.kind == kind]
        return "\n".join(lines) or catalog.text("no_excerpts", language)

    def _steps(self) -> str:
        """The statutory steps with their deadlines, each quoting and citing its §."""
        language = self.inputs.language
        lines = []
        if self.plan.process == "temaplan":
            lines.append(catalog.text("framdrift_not_statutory", language) + "\n")
        for number, step in enumerate(catalog.steps(self.plan.process), start=1):
            lines.append(f"{number}. {self._step(step)}")
        return "\n".join(lines)

    def _step(self, step: Step) -> str:
        language = self.inputs.language
        name = step.names[language]
        hit = self.finder.law(step.paragraph, step.quote)
        if hit is None:  # never state the law without the § to show for it
            return f"{name} – " + catalog.text("step_unchecked", language, paragraph=step.paragraph)
        deadline = ""
        if step.deadline:
            deadline = f" ({catalog.text('deadline', language)}: {step.deadline})"
        cite = self.book.number(hit)
        return f"{name}{deadline} – {step.paragraph}: «{step.quote}» [{cite}]"
