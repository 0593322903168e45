"""Prompts and fixed texts live as files in ``prompts/``; this reads them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from assistant.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@cache
def _messages(path: Path) -> dict[str, dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def message(key: str, language: str) -> str:
    """A fixed text in the answer language, e.g. ``message("not_covered", "nn")``."""
    texts = _messages(PROMPTS_DIR / "messages.yaml")
    if key not in texts:
        raise KeyError(f"prompts/messages.yaml has no text '{key}'")
    return texts[key].get(language) or texts[key]["nb"]
