"""The drafting catalog: plan types, sections, statutory steps and fixed texts.

All wording lives in ``prompts/drafting/`` (YAML data and Markdown templates); this
module reads it and answers lookups, naming the known values when a lookup misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from assistant.errors import InvalidRequest
from assistant.prompts import PROMPTS_DIR, placeholders, render

DRAFTING_DIR = PROMPTS_DIR / "drafting"
LANGUAGES = ("nb", "nn")


@dataclass(frozen=True)
class PlanType:
    key: str
    names: dict[str, str]
    aliases: tuple[str, ...]
    process: str
    """Which statutory process applies: kommuneplan (kap. 11), planstrategi (§ 10-1), temaplan."""


@dataclass(frozen=True)
class SourceKind:
    key: str
    doc_type: str
    top_k: int


@dataclass(frozen=True)
class SectionSpec:
    key: str
    titles: dict[str, str]
    queries: dict[str, str]
    paragraphs: Any
    """Pinned law sections: a list for every process, or a dict by process."""
    steps: bool = False

    def pinned(self, process: str) -> list[str]:
        if isinstance(self.paragraphs, dict):
            return list(self.paragraphs.get(process, []))
        return list(self.paragraphs)


@dataclass(frozen=True)
class Step:
    names: dict[str, str]
    paragraph: str
    quote: str
    deadline: str | None = None


@cache
def _yaml(name: str) -> Any:
    return yaml.safe_load((DRAFTING_DIR / name).read_text(encoding="utf-8"))


def plan_types() -> dict[str, PlanType]:
    return {
        key: PlanType(key, {lang: v[lang] for lang in LANGUAGES}, tuple(v["aliases"]), v["process"])
        for key, v in _yaml("catalog.yaml")["plan_types"].items()
    }


def plan_type(name: str) -> PlanType:
    wanted = " ".join(name.lower().split())
    for plan in plan_types().values():
        if wanted == plan.key or wanted in plan.aliases:
            return plan
    raise InvalidRequest(f"unknown plan type '{name}'; known: {', '.join(plan_types())}")


def source_kinds() -> list[SourceKind]:
    return [
        SourceKind(key, v["doc_type"], v["top_k"])
        for key, v in _yaml("catalog.yaml")["sources"].items()
    ]


def sections() -> list[SectionSpec]:
    return [
        SectionSpec(s["key"], s["title"], s["queries"], s["paragraphs"], s.get("steps", False))
        for s in _yaml("catalog.yaml")["sections"]
    ]


def section(key: str) -> SectionSpec:
    for spec in sections():
        if spec.key == key:
            return spec
    known = ", ".join(spec.key for spec in sections())
    raise InvalidRequest(f"unknown section '{key}'; known sections: {known}")


def steps(process: str) -> list[Step]:
    """The statutory steps of a process; a temaplan borrows the kommuneplan steps."""
    data = _yaml("framdrift.yaml")
    return [
        Step(s["step"], s["paragraph"], s["quote"], s.get("deadline"))
        for s in data.get(process, data["kommuneplan"])
    ]


def text(key: str, language: str, **values: object) -> str:
    """A fixed text from ``prompts/drafting/texts.yaml`` in the draft's language."""
    entry = _yaml("texts.yaml")[key]
    return str(entry.get(language) or entry["nb"]).format(**values)


def template(name: str, language: str, facts: dict[str, str], **slots: str) -> str:
    """Fill ``prompts/drafting/<name>.md`` (or its ``.nn.md`` variant for nynorsk).

    ``facts`` (kommune, tema …) are offered and used where the template wants them;
    ``slots`` must all be placeholders of the template (``render`` checks both ways).
    """
    name = f"drafting/{name}"
    if language != "nb" and (PROMPTS_DIR / f"{name}.{language}.md").exists():
        name = f"{name}.{language}"
    wanted = placeholders(name)
    return render(name, **{k: v for k, v in facts.items() if k in wanted}, **slots)


def workshop_plan() -> dict[str, Any]:
    """Blocks, exercise and discussion questions of a workshop (``workshop.yaml``)."""
    return _yaml("workshop.yaml")
