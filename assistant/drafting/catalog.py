"""The drafting catalog: plan types, sections, the section→source map, steps, fixed texts.

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
    """Display names: nb and nn for drafts, en for the English studio."""
    aliases: tuple[str, ...]
    process: str
    """Which statutory process applies: kommuneplan (kap. 11), planstrategi (§ 10-1), temaplan."""
    document: str
    """What is drafted: a planprogram for the plan, or the planstrategi itself."""
    sections: tuple[str, ...]
    phrases: dict[str, str]
    """How the templates name the plan ("kommunedelplan for {tema}")."""
    theme: bool
    """A plan for a topic the planner gives, not for the whole municipality."""
    topic: str = ""
    """What a whole-municipality plan's searches are about (instead of a tema)."""

    def phrase(self, language: str, tema: str) -> str:
        return self.phrases[language].format(tema=tema)


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
    decide: dict[str, str]
    """What the municipality must decide here ("Kommunen må ta stilling til: …")."""
    steps: bool = False


@dataclass(frozen=True)
class SectionSources:
    """The curated map of one section (``sources.yaml``): its §§ and its documents."""

    laws: Any
    """Law sections: a list for every plan type, or a dict by plan type with "default"."""
    documents: dict[str, tuple[str, ...]]
    """Source kind → the documents searched for it (absent: every document of the kind)."""

    def pinned(self, plan: str) -> list[str]:
        if isinstance(self.laws, dict):
            return list(self.laws.get(plan, self.laws.get("default", [])))
        return list(self.laws or [])


@dataclass(frozen=True)
class Step:
    names: dict[str, str]
    paragraph: str
    quote: str
    deadlines: dict[str, str] | None = None
    """The minimum deadline in the draft's language (nb: the law's own words)."""


@cache
def _yaml(name: str) -> Any:
    return yaml.safe_load((DRAFTING_DIR / name).read_text(encoding="utf-8"))


def plan_types() -> dict[str, PlanType]:
    return {
        key: PlanType(
            key,
            {lang: v[lang] for lang in (*LANGUAGES, "en") if lang in v},
            tuple(v["aliases"]),
            v["process"],
            v["document"],
            tuple(v["sections"]),
            v["plan"],
            v["theme"],
            v.get("topic", ""),
        )
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
    """Every section any document type has (each plan type lists its own, in order)."""
    return [
        SectionSpec(s["key"], s["title"], s["queries"], s["decide"], s.get("steps", False))
        for s in _yaml("catalog.yaml")["sections"]
    ]


def section(key: str, plan: PlanType | None = None) -> SectionSpec:
    """A section by key; with ``plan``, only one that plan type's document has."""
    known = plan.sections if plan else tuple(spec.key for spec in sections())
    for spec in sections():
        if spec.key == key and key in known:
            return spec
    of = f" of a {plan.key}" if plan else ""
    raise InvalidRequest(f"unknown section '{key}'{of}; known sections: {', '.join(known)}")


def section_sources(key: str) -> SectionSources:
    entry = _yaml("sources.yaml").get(key) or {}
    documents = {kind: tuple(ids) for kind, ids in entry.items() if kind != "lov"}
    return SectionSources(entry.get("lov", []), documents)


def mapped_documents(kind: str) -> set[str]:
    """Every document the map names for a source kind, in any section."""
    return {doc for entry in _yaml("sources.yaml").values() for doc in entry.get(kind, [])}


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
