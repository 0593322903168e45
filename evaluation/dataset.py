"""Reference questions: load a YAML question file and validate every entry.

All problems are collected and raised together, one line per problem, e.g.
``dev.yaml entry 3 (id d03): unknown document id 'pbll'; known: hole-velferd-planprogram, …``

>>> questions = load_questions(Path("evaluation/questions/dev.yaml"), {"pbl", ...})
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evaluation import EvaluationError

LANGUAGES = ("nb", "nn", "en")
KINDS = ("fact", "list", "process", "cross", "negative")
FIELDS = ("id", "question", "language", "expected_sources", "must_mention", "kind")


@dataclass(frozen=True)
class Question:
    """One reference question; no ``expected_sources`` means the assistant must abstain."""

    id: str
    question: str
    language: str
    expected_sources: tuple[str, ...]
    must_mention: tuple[tuple[str, ...], ...]
    kind: str

    @property
    def answerable(self) -> bool:
        return bool(self.expected_sources)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def _entry_problems(entry: Any, known_doc_ids: Collection[str]) -> list[str]:
    """What is wrong with one entry (empty when it is fine)."""
    if not isinstance(entry, dict):
        return [f"expected a mapping with fields {', '.join(FIELDS)}, got {type(entry).__name__}"]
    problems = [f"missing field '{name}'" for name in FIELDS if name not in entry]
    problems += [f"unknown field '{name}'" for name in entry if name not in FIELDS]
    for name in ("id", "question"):
        if name in entry and not (isinstance(entry[name], str) and entry[name].strip()):
            problems.append(f"'{name}' must be a non-empty string, got {entry[name]!r}")
    if "language" in entry and entry["language"] not in LANGUAGES:
        problems.append(
            f"'language' must be one of {', '.join(LANGUAGES)}, got {entry['language']!r}"
        )
    if "kind" in entry and entry["kind"] not in KINDS:
        problems.append(f"'kind' must be one of {', '.join(KINDS)}, got {entry['kind']!r}")
    sources = entry.get("expected_sources")
    if "expected_sources" in entry and not _is_str_list(sources):
        problems.append(f"'expected_sources' must be a list of document ids, got {sources!r}")
    elif sources:
        known = ", ".join(sorted(known_doc_ids))
        problems += [
            f"unknown document id '{doc_id}'; known: {known}"
            for doc_id in sources
            if doc_id not in known_doc_ids
        ]
    groups = entry.get("must_mention")
    if "must_mention" in entry and not (
        isinstance(groups, list) and all(_is_str_list(g) and g for g in groups)
    ):
        problems.append(
            "'must_mention' must be a list of groups, each a non-empty list of strings"
            f' (e.g. [["kommunestyret"], ["2025", "2037"]]), got {groups!r}'
        )
    if sources and not groups and "must_mention" in entry and isinstance(groups, list):
        problems.append("an answerable question needs at least one must_mention group")
    return problems


def load_questions(path: Path, known_doc_ids: Collection[str]) -> list[Question]:
    """Read and validate a question file; raise ``EvaluationError`` listing every bad entry."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"question file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise EvaluationError(f"{name} is not valid YAML: {exc}") from None
    if not isinstance(raw, list) or not raw:
        raise EvaluationError(f"{name} must be a non-empty YAML list of questions")
    errors: list[str] = []
    bad_entries = 0
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        problems = _entry_problems(entry, known_doc_ids)
        if isinstance(entry_id, str) and entry_id in seen:
            problems.append(f"duplicate id '{entry_id}'")
        seen.add(str(entry_id))
        label = f"{name} entry {number}" + (f" (id {entry_id})" if entry_id else "")
        errors += [f"{label}: {problem}" for problem in problems]
        bad_entries += bool(problems)
    if errors:
        plural = "entry" if bad_entries == 1 else "entries"
        raise EvaluationError(
            f"{name} has {bad_entries} invalid {plural}:\n" + "\n".join(f"  {e}" for e in errors)
        )
    return [
        Question(
            id=entry["id"],
            question=entry["question"].strip(),
            language=entry["language"],
            expected_sources=tuple(entry["expected_sources"]),
            must_mention=tuple(tuple(group) for group in entry["must_mention"]),
            kind=entry["kind"],
        )
        for entry in raw
    ]
