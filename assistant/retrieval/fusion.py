"""Reciprocal rank fusion: merge ranked lists without comparing their raw scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.domain import Hit


def _first(a: float | None, b: float | None) -> float | None:
    return a if a is not None else b


def fuse(
    rankings: Sequence[Sequence[Hit]], k: int = 60, weights: Sequence[float] | None = None
) -> list[Hit]:
    """Score each chunk by Σ weight / (k + rank) over the lists it appears in.

    Each chunk keeps the dense and lexical scores of whichever list had them.
    """
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[str, float] = {}
    merged: dict[str, Hit] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, hit in enumerate(ranking, start=1):
            chunk_id = hit.chunk.id
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
            seen = merged.get(chunk_id, hit)
            merged[chunk_id] = replace(
                seen,
                dense_score=_first(seen.dense_score, hit.dense_score),
                lexical_score=_first(seen.lexical_score, hit.lexical_score),
            )
    ordered = sorted(scores, key=scores.__getitem__, reverse=True)
    return [replace(merged[chunk_id], score=scores[chunk_id]) for chunk_id in ordered]
