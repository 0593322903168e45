"""Workshop material for a political workshop: agenda, cited talks, exercise, questions.

The agenda's blocks share the duration (in 5-minute steps, so the times add up);
each talk quotes its key points from clean sources on the chosen theme
(``ThemeSources``); the group exercise follows the corpus' Lillevik case, its steps
(start, tasks, what to bring to plenum) splitting exactly the exercise's minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from assistant.domain import Citation
from assistant.drafting import catalog
from assistant.drafting.models import DraftSection, WorkshopInputs
from assistant.drafting.sources import CitationBook, SourceFinder, quote_line
from assistant.drafting.theme import ThemeSources
from assistant.service import Assistant

STEP = 5
TALK_POINTS = 2


def allocate(weights: Sequence[float], total: int, step: int = STEP) -> list[int]:
    """Split ``total`` minutes by ``weights`` in ``step``s, each at least one step.

    The sum is exactly ``total``: a remainder below one step goes to the heaviest block.
    """
    if total // step < len(weights):
        step = 1  # too short for 5-minute steps: whole minutes
    units, rest = divmod(total, step)
    ideal = [units * w / sum(weights) for w in weights]
    counts = [max(1, int(x)) for x in ideal]
    by_gap = sorted(range(len(weights)), key=lambda i: ideal[i] - counts[i], reverse=True)
    for i in range(units - sum(counts)):
        counts[by_gap[i % len(by_gap)]] += 1
    while sum(counts) > units:
        counts[max(range(len(counts)), key=counts.__getitem__)] -= 1
    minutes = [count * step for count in counts]
    minutes[max(range(len(weights)), key=lambda i: weights[i])] += rest
    return minutes


class WorkshopDrafter:
    """Drafts the sections of one workshop; citations numbered across it."""

    def __init__(
        self, assistant: Assistant, inputs: WorkshopInputs, citations: Sequence[Citation] = ()
    ) -> None:
        self.inputs = inputs
        self.plan = catalog.workshop_plan()
        self.finder = SourceFinder(assistant)
        self.theme = ThemeSources(self.finder, inputs.tema)
        self.book = CitationBook(citations)
        self.organ = self.plan["audiences"][inputs.audience][inputs.language]
        self.blocks = [b for b in self.plan["blocks"] if inputs.hours >= b.get("min_hours", 0)]
        total = round(inputs.hours * 60)
        self.minutes = allocate([b["share"] for b in self.blocks], total)

    @property
    def title(self) -> str:
        language = self.inputs.language
        audience = self.plan["audiences"][self.inputs.audience]["nb"]
        return catalog.text(
            "workshop_title",
            language,
            audience=audience,
            tema=self.inputs.tema,
            hours=f"{self.inputs.hours:g}",
        )

    def draft(self) -> list[DraftSection]:
        sections = [self.agenda()]
        for block, minutes in zip(self.blocks, self.minutes, strict=True):
            if block.get("talk"):
                sections.append(self.talk(block, minutes))
            elif block.get("exercise"):
                sections.append(self.exercise(block, minutes))
        sections += [self.discussion(), self.reading_list()]
        return sections

    def _title(self, block: dict[str, Any]) -> str:
        return block["title"][self.inputs.language].format(tema=self.inputs.tema)

    def agenda(self) -> DraftSection:
        clock = datetime.strptime(self.inputs.start, "%H:%M")
        lines = []
        for block, minutes in zip(self.blocks, self.minutes, strict=True):
            end = clock + timedelta(minutes=minutes)
            lines.append(f"- {clock:%H:%M}–{end:%H:%M} {self._title(block)} ({minutes} min)")
            clock = end
        return DraftSection(
            "program", catalog.text("agenda", self.inputs.language), "\n".join(lines)
        )

    def talk(self, block: dict[str, Any], minutes: int) -> DraftSection:
        """Key points quoted from clean sources on the theme (``ThemeSources``)."""
        points = []
        for kind in catalog.source_kinds():
            query = block["queries"].get(kind.key)
            if not query:
                continue
            query = query.format(tema=self.inputs.tema)
            for excerpt in self.theme.excerpts(self.book, kind, query, TALK_POINTS):
                points.append(quote_line(excerpt, self.inputs.language))
        markdown = catalog.template(
            "workshop_talk",
            self.inputs.language,
            {"organ": self.organ, "tema": self.inputs.tema},
            minutes=str(minutes),
            points="\n".join(points) or catalog.text("no_excerpts", self.inputs.language),
        )
        return DraftSection(block["key"], self._title(block), markdown)

    def exercise(self, block: dict[str, Any], minutes: int) -> DraftSection:
        language = self.inputs.language
        spec = self.plan["exercise"]
        veiledning = next(k for k in catalog.source_kinds() if k.key == "veiledning")
        hits = self.finder.find(veiledning, spec["case_query"], [], set())[:1]
        if hits and "Lillevik" in hits[0].chunk.text:
            text = self.finder.window(hits[0], spec["case_query"])
            case = f"«{text}» [{self.finder.cite(self.book, veiledning, hits[0], text).n}]"
        else:
            case = catalog.text("exercise_case_missing", language)
        steps = spec["steps"]
        step_minutes = allocate([step["weight"] for step in steps], minutes)
        tasks = [
            spec["line"].format(
                label=step["label"][language],
                minutes=step_min,
                text=step[language].format(organ=self.organ, tema=self.inputs.tema),
            )
            for step, step_min in zip(steps, step_minutes, strict=True)
        ]
        markdown = catalog.template(
            "workshop_exercise",
            language,
            {},
            minutes=str(minutes),
            case=case,
            tasks="\n\n".join(tasks),
        )
        return DraftSection(block["key"], self._title(block), markdown)

    def discussion(self) -> DraftSection:
        questions = self.plan["discussion"][self.inputs.language]
        lines = [f"- {q.format(tema=self.inputs.tema)}" for q in questions]
        return DraftSection(
            "diskusjon", catalog.text("discussion", self.inputs.language), "\n".join(lines)
        )

    def reading_list(self) -> DraftSection:
        """The cited documents, each with the parts quoted and their numbers."""
        by_doc: dict[str, list[Citation]] = {}
        for citation in self.book.citations:
            by_doc.setdefault(citation.title, []).append(citation)
        lines = []
        for title, cited in by_doc.items():
            parts = ", ".join(
                dict.fromkeys(c.section or f"s. {c.page}" for c in cited if c.section or c.page)
            )
            numbers = ", ".join(str(c.n) for c in cited)
            lines.append(f"- {title}" + (f" ({parts})" if parts else "") + f" [{numbers}]")
        return DraftSection(
            "leseliste", catalog.text("reading_list", self.inputs.language), "\n".join(lines)
        )
