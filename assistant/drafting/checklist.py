"""The check-my-draft checklist, read from ``prompts/drafting/checklist.yaml``.

What a planprogram or a kommunal planstrategi must (law) or should (guidance) contain,
section by section; how each item is recognised in a draft (regular expressions, so a
check is repeatable and needs no LLM); and which § or guidance passage backs it. The
wording lives in the YAML; this module only parses it and judges one item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from assistant.drafting.catalog import DRAFTING_DIR
from assistant.errors import InvalidRequest

Status = Literal["covered", "weak", "missing"]
REPORT_LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True)
class Item:
    """One thing a draft must or should contain."""

    key: str
    level: Literal["lov", "veiledning"]
    requirement: dict[str, str]
    terms: tuple[re.Pattern[str], ...]
    """Any match: the draft addresses the item."""
    details: tuple[re.Pattern[str], ...] = ()
    need: int = 0
    """How many ``details`` the parts that address it must hold, or it is only "weak"."""
    weak: dict[str, str] | None = None
    law: tuple[str, ...] = ()
    """The §§ that back it: "pbl § 4-1"."""
    guidance: str | None = None
    """A query for the guidance passage that backs it."""
    query: str = ""

    def addressed(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first place ``text`` (from ``pos``) addresses this item (None: it does not)."""
        found = [m for pattern in self.terms if (m := pattern.search(text, pos))]
        return min(found, key=lambda m: m.start()) if found else None

    def status(self, texts: list[str]) -> Status:
        """``texts``: the parts of a draft that address the item (none: missing)."""
        if not texts:
            return "missing"
        joined = "\n".join(texts)
        held = sum(bool(pattern.search(joined)) for pattern in self.details)
        return "covered" if held >= self.need else "weak"


@dataclass(frozen=True)
class CheckSection:
    key: str
    titles: dict[str, str]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class DocumentType:
    key: str
    names: dict[str, str]
    detect: re.Pattern[str]
    sections: tuple[CheckSection, ...]


def _patterns(values: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(value, re.IGNORECASE) for value in values)


def _item(data: dict[str, Any]) -> Item:
    return Item(
        key=data["key"],
        level=data["level"],
        requirement=data["requirement"],
        terms=_patterns(data["terms"]),
        details=_patterns(data.get("details", [])),
        need=data.get("need", 0),
        weak=data.get("weak"),
        law=tuple(data.get("law", [])),
        guidance=data.get("guidance"),
        query=data.get("query", ""),
    )


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load((DRAFTING_DIR / "checklist.yaml").read_text(encoding="utf-8"))


@cache
def document_types() -> dict[str, DocumentType]:
    """The document types a draft can be checked as: planprogram, planstrategi."""
    return {
        key: DocumentType(
            key,
            value["name"],
            re.compile(value["detect"], re.IGNORECASE),
            tuple(
                CheckSection(s["key"], s["title"], tuple(_item(i) for i in s["items"]))
                for s in value["sections"]
            ),
        )
        for key, value in _data()["types"].items()
    }


def document_type(key: str) -> DocumentType:
    types = document_types()
    if key not in types:
        raise InvalidRequest(f"unknown document type '{key}'; known: {', '.join(types)}")
    return types[key]


def text(key: str, language: str, **values: object) -> str:
    """A fixed text of the check report in ``language`` (nb, nn or en)."""
    entry = _data()["texts"][key]
    return str(entry.get(language) or entry["nb"]).format(**values)
