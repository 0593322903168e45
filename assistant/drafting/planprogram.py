"""Draft a plan type's document section by section: a planprogram, or the planstrategi.

Each plan type has its own sections (``prompts/drafting/catalog.yaml``), and each section
its own §§ and guidance (the curated map, ``sources.yaml``). A section quotes what the law
requires, what guidance recommends and how other municipalities did it (word for word,
attributed to them), then fills its template with the plan's facts, checklists, what the
municipality must decide and the open points. Sections with statutory steps (framdrift,
vedtak) list them with their minimum deadlines from ``framdrift.yaml``, each cited to its §.
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

LAW = "lov"


class PlanprogramDrafter:
    """Drafts the sections of one plan's document; citations numbered across the draft.

    >>> drafter = PlanprogramDrafter(assistant, inputs)
    >>> sections = drafter.draft()          # the plan type's sections, in order
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
        self.topic = inputs.tema if self.plan.theme else self.plan.topic
        """What the searches are about: the tema, or the whole municipality's plan."""
        self.values = {
            "kommune": f"{inputs.kommune} kommune",
            "plan": self.plan.phrase(inputs.language, inputs.tema),
            "plantype": self.plan.names[inputs.language],
            "tema": inputs.tema,
            "periode": inputs.periode,
        }

    @property
    def kind(self) -> str:
        """What is drafted: "planprogram" or "planstrategi"."""
        return self.plan.document

    @property
    def title(self) -> str:
        plan = self.values["plan"]
        return catalog.text(
            f"title_{self.plan.document}",
            self.inputs.language,
            plan_title=plan[:1].upper() + plan[1:],
            **self.values,
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """The sections asked for, or all of the plan type's, in its order."""
        return self.inputs.sections or self.plan.sections

    def draft(self) -> list[DraftSection]:
        return [self.section(key) for key in self.keys]

    def section(self, key: str) -> DraftSection:
        spec = catalog.section(key, self.plan)
        language = self.inputs.language
        excerpts = self._excerpts(spec)
        slots = {
            "kilder": self._sources(excerpts),
            "ta_stilling": catalog.text("decide", language, points=spec.decide[language]),
        }
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
        """Each kind from the section's map: its §§ only, its guidance and examples."""
        mapped = catalog.section_sources(spec.key)
        excerpts: list[Excerpt] = []
        for kind in catalog.source_kinds():
            query = spec.queries[kind.key].format(plan=self.values["plan"], tema=self.topic)
            if kind.key == LAW:
                pinned, documents = mapped.pinned(self.plan.key), ()
            else:
                pinned = []
                documents = self.finder.documents(kind, mapped.documents.get(kind.key))
            excerpts += self.finder.excerpts(self.book, kind, query, pinned, documents)
        return excerpts

    def _sources(self, excerpts: list[Excerpt]) -> str:
        """What the law requires, what guidance recommends, how others did it: quoted."""
        language = self.inputs.language
        blocks = []
        for kind in catalog.source_kinds():
            heading = catalog.text(f"heading_{kind.key}", language, kommune=self.values["kommune"])
            lines = [quote_line(e, language) for e in excerpts if e.kind == kind.key]
            body = "\n".join(lines) or catalog.text("no_excerpts", language)
            blocks.append(f"{heading}\n\n{body}")
        return "\n\n".join(blocks)

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
        if step.deadlines:
            deadline = f" ({catalog.text('deadline', language)}: {step.deadlines[language]})"
        cite = self.book.number(hit)
        return f"{name}{deadline} – {step.paragraph}: «{step.quote}» [{cite}]"
