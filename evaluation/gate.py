"""Regression gate: compare a summary with ``evaluation/thresholds.yaml``.

The file has one section per question file (by stem, e.g. ``dev``) and an optional
``default`` for other files; each section has ``min`` (higher is better) and ``max``
(lower is better) bounds per summary metric, and ``beat_baselines``: metrics on which
planassist may not be worse than any baseline run alongside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaluation import EvaluationError
from evaluation.run import EXTRA_KEYS, HIGHER_IS_WORSE, SUMMARY_KEYS

Bounds = dict[str, Any]
"""{"min": {metric: bound}, "max": {metric: bound}, "beat_baselines": [metric, ...]}"""


def load_thresholds(path: Path, questions_stem: str) -> Bounds | None:
    """The bounds for this question file, or None when the file has no section for it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EvaluationError(f"cannot read thresholds {path}: {exc}") from None
    section = raw.get(questions_stem, raw.get("default"))
    if section is None:
        return None
    known = set(SUMMARY_KEYS + EXTRA_KEYS)
    bounds: Bounds = {"beat_baselines": list(section.get("beat_baselines") or [])}
    for side in ("min", "max", "beat_baselines"):
        values = section.get(side) or {}
        unknown = sorted(set(values) - known)
        if unknown:
            raise EvaluationError(
                f"{path}: unknown metric(s) {unknown} under '{side}'; known: {sorted(known)}"
            )
        if side != "beat_baselines":
            bounds[side] = {key: float(value) for key, value in values.items()}
    return bounds


def check(
    summary: dict[str, Any], bounds: Bounds, baselines: dict[str, dict[str, Any]] | None = None
) -> list[str]:
    """One readable line per metric outside its bound (a missing value fails too)."""
    failures = []
    for name, result in (baselines or {}).items():
        for key in bounds.get("beat_baselines", []):
            ours, theirs = summary.get(key), result["summary"].get(key)
            if ours is None or theirs is None:
                continue
            if (ours > theirs) if key in HIGHER_IS_WORSE else (ours < theirs):
                failures.append(f"{key} = {ours:.4f}, worse than baseline {name} ({theirs:.4f})")
    for side, better in (("min", "at least"), ("max", "at most")):
        for key, bound in bounds.get(side, {}).items():
            value = summary.get(key)
            too_low = value is None or (value < bound if side == "min" else value > bound)
            if too_low:
                shown = "no value" if value is None else f"{value:.4f}"
                failures.append(f"{key} = {shown}, must be {better} {bound}")
    return failures
