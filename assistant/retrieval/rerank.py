"""Reorder the fused candidates by a weighted sum of what each one has going for it.

No multilingual cross-encoder can be had from the package registries (none ships its
weights), so the second stage is a linear scorer over signals every candidate has:
its reciprocal-rank-fusion score, its cosine similarity to the question, its BM25 score and
how much of the question's IDF-weighted terms it covers. The weights were fitted on the
calibration questions only (``planassist calibrate``, evaluation/calibrate.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.domain import Hit
from assistant.retrieval.coverage import coverage_of, passage_terms


@dataclass(frozen=True)
class RerankWeights:
    """Fitted on calibration (2026-11-30, ``planassist calibrate``): weights fitted on one half
    of the calibration questions beat the plain fused order on the other half by less than
    one point of context recall (and differed from half to half), so the fused order stands
    until a fit clearly beats it out of sample."""

    fused: float = 1.0
    dense: float = 0.0
    lexical: float = 0.0
    coverage: float = 0.0


def features(hits: Sequence[Hit], weights: dict[str, float]) -> list[dict[str, float]]:
    """Each candidate's signals on comparable scales (fused and BM25 relative to the best)."""
    top_fused = max((hit.score for hit in hits), default=0.0) or 1.0
    top_lexical = max((hit.lexical_score or 0.0 for hit in hits), default=0.0) or 1.0
    return [
        {
            "fused": hit.score / top_fused,
            "dense": hit.dense_score or 0.0,
            "lexical": (hit.lexical_score or 0.0) / top_lexical,
            "coverage": coverage_of(weights, passage_terms(hit.chunk)),
        }
        for hit in hits
    ]


def weighted(signal: dict[str, float], model: RerankWeights) -> float:
    """One candidate's score: its signals weighted by ``model``."""
    return sum(getattr(model, name) * value for name, value in signal.items())


def rerank(hits: Sequence[Hit], weights: dict[str, float], model: RerankWeights) -> list[Hit]:
    """``hits`` best first by the weighted signals; ``Hit.score`` becomes that sum and
    ``Hit.coverage`` the share of the question's terms the passage holds."""
    scored = []
    for hit, signal in zip(hits, features(hits, weights), strict=True):
        scored.append(replace(hit, score=weighted(signal, model), coverage=signal["coverage"]))
    return sorted(scored, key=lambda hit: hit.score, reverse=True)
