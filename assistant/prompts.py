"""Prompts and fixed texts live as files in ``prompts/``; this reads and fills them."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

from assistant.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _messages() -> dict[str, dict[str, str]]:
    return yaml.safe_load(_read(PROMPTS_DIR / "messages.yaml"))


def message(key: str, language: str, **values: str) -> str:
    """A fixed text in the answer language, e.g. ``message("not_covered", "nn")``."""
    texts = _messages()
    if key not in texts:
        raise KeyError(f"prompts/messages.yaml has no text '{key}'")
    text = texts[key].get(language) or texts[key]["nb"]
    return _fill(f"messages.yaml:{key}", text, values)


def render(name: str, **values: str) -> str:
    """Fill ``prompts/<name>.md``; every placeholder must be given, and no more."""
    return _fill(f"{name}.md", _read(PROMPTS_DIR / f"{name}.md"), values).strip()


def placeholders(name: str) -> set[str]:
    """The ``{fields}`` that ``prompts/<name>.md`` asks for."""
    return _fields(_read(PROMPTS_DIR / f"{name}.md"))


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _fill(source: str, template: str, values: dict[str, str]) -> str:
    fields = _fields(template)
    missing, extra = fields - values.keys(), values.keys() - fields
    if missing or extra:
        raise KeyError(f"prompt {source}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    return template.format(**values)
