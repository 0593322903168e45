"""Pure metric functions: lists in, numbers out. No I/O, no models.

Relevance is binary: a document is relevant when it is one of the question's expected
sources. Rankings are lists of distinct document ids, best first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

Groups = Sequence[Sequence[str]]
"""must_mention: groups of alternatives; a group is found when any alternative is."""

_MARKER = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")


def distinct(items: Sequence[str]) -> list[str]:
    """Items in first-seen order without repeats (chunk doc ids → ranked documents)."""
    return list(dict.fromkeys(items))


def hit_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1.0 when a relevant document is among the first ``k``, else 0.0."""
    return float(any(doc in relevant for doc in ranked[:k]))


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """1 / rank of the first relevant document (0.0 when none is retrieved)."""
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """Binary-relevance nDCG: DCG of ``ranked[:k]`` over the best possible DCG."""
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def groups_found(groups: Groups, text: str) -> list[bool]:
    """For each group: does ``text`` contain one of its alternatives (case-insensitive)?"""
    lowered = text.casefold()
    return [any(alt.casefold() in lowered for alt in group) for group in groups]


def mention_recall(groups: Groups, text: str) -> float | None:
    """Share of groups found in ``text``; None when there are no groups."""
    found = groups_found(groups, text)
    return sum(found) / len(found) if found else None


def missing_mentions(groups: Groups, text: str) -> list[list[str]]:
    """The groups not found in ``text`` (for the failure list)."""
    return [list(g) for g, ok in zip(groups, groups_found(groups, text), strict=True) if not ok]


def citation_precision(cited_docs: Sequence[str], relevant: Collection[str]) -> float | None:
    """Share of cited passages that come from an expected source; None without citations."""
    if not cited_docs:
        return None
    return sum(doc in relevant for doc in cited_docs) / len(cited_docs)


def citation_support(groups: Groups, answer: str, excerpts: Sequence[str]) -> float | None:
    """Of the groups found in the answer, the share also found in some cited excerpt.

    None when the answer mentions no group (nothing to support).
    """
    in_answer = groups_found(groups, answer)
    in_sources = groups_found(groups, "\n".join(excerpts))
    supported = [src for ans, src in zip(in_answer, in_sources, strict=True) if ans]
    return sum(supported) / len(supported) if supported else None


def citation_markers(text: str) -> list[int]:
    """Every [n] in ``text``, also inside "[1, 2]" and "[1][2]", in order of appearance."""
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"[,;]", group)]


def citation_validity(text: str, citation_numbers: Collection[int]) -> float:
    """1.0 when every [n] marker in ``text`` names a returned citation, else 0.0."""
    return float(all(n in citation_numbers for n in citation_markers(text)))


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) with linear interpolation; None for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"q must be between 0 and 100, got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
