"""Decide whether the retrieved passages answer the question at all ("grounded or silent").

Two signals, calibrated on the evaluation questions and a set of near-miss probes
(see evaluation/README.md):
- dense: the best passage's cosine similarity to the question;
- term coverage: the IDF-weighted share of the question's terms that one passage
  contains. Rare terms weigh most, so "fiskekvoter i Barentshavet" is not covered by
  passages that only share "reglene". Terms also match on a long shared prefix, so
  bokmål "politikere" meets nynorsk "politikarar".
Norwegian questions need ``dense + COVERAGE_WEIGHT * coverage`` above ``min_evidence``
(nynorsk wording lowers coverage, a strong dense match makes up for it; slide text
with all the question's words makes up for a weak dense match). English questions
cannot share words with Norwegian text, so dense alone decides for them (``min_dense``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from assistant.domain import Hit
from assistant.retrieval.analysis import terms
from assistant.retrieval.store import IndexStore

COVERAGE_WEIGHT = 0.5
MIN_SHARED_PREFIX = 5
PREFIX_SHARE = 0.7
"""Two terms match when they share ≥ 70 % of the shorter one (and ≥ 5 letters) as prefix."""


@dataclass(frozen=True)
class Relevance:
    covered: bool
    dense_score: float
    term_coverage: float


UNSEEN_WEIGHT = 0.5
"""A word the corpus never uses is more often phrasing ("illustrerer", "nevner") than the
topic, so it counts half; a topic the corpus lacks ("fiskekvoter") still weighs enough."""


def term_weights(store: IndexStore, question: str) -> dict[str, float]:
    """IDF weight of each question term; unseen terms count ``UNSEEN_WEIGHT``."""
    return {
        term: store.idf(term) * (1.0 if store.seen(term) else UNSEEN_WEIGHT)
        for term in set(terms(question))
    }


def matches(term: str, candidates: Collection[str]) -> bool:
    """Exact, or a long enough shared prefix (inflection, nynorsk/bokmål spelling)."""
    if term in candidates:
        return True
    for other in candidates:
        shortest = min(len(term), len(other))
        needed = max(MIN_SHARED_PREFIX, math.ceil(PREFIX_SHARE * shortest))
        if shortest >= needed and term[:needed] == other[:needed]:
            return True
    return False


def term_coverage(weights: dict[str, float], text: str) -> float:
    total = sum(weights.values())
    if total == 0:
        return 0.0
    present = set(terms(text))
    return sum(weight for term, weight in weights.items() if matches(term, present)) / total


def judge_relevance(
    weights: dict[str, float],
    language: str,
    hits: Sequence[Hit],
    min_dense: float,
    min_evidence: float,
) -> Relevance:
    """``weights``: the question's ``term_weights`` (the answerer reuses them)."""
    if not hits:
        return Relevance(False, 0.0, 0.0)
    dense = max((hit.dense_score or 0.0) for hit in hits)
    coverage = max(term_coverage(weights, hit.chunk.text) for hit in hits)
    if language == "en":
        return Relevance(dense >= min_dense, dense, coverage)
    return Relevance(dense + COVERAGE_WEIGHT * coverage >= min_evidence, dense, coverage)
