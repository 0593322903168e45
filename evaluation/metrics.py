"""Pure metric functions: lists in, numbers out. No I/O, no models.

Relevance is binary: a document is relevant when it is one of the question's expected
sources. Rankings are lists of distinct document ids, best first. Answer metrics work on
statements: each bullet, or each sentence of a prose line (see ``statements``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence

from assistant.language import detect_language
from assistant.retrieval.analysis import terms

Groups = Sequence[Sequence[str]]
"""must_mention: groups of alternatives; a group is found when any alternative is."""

SUPPORT_SHARE = 0.6
"""Share of a statement's content words its cited passage must hold (no «quote» in it)."""
MIN_CONTENT_WORD = 4

_MARKER = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")
_BULLET = re.compile(r"^(?:[-•*–]|\d+[.)]|[a-z]\))\s+")
# A sentence ends at . ! ? (not after a digit: "§ 10-1. Kommunal") before a capital, a
# digit or a quote, or after its trailing marker: "… planstrategi. [1] Neste".
_SENTENCE_END = re.compile(
    r"(?<=[^\d\s][.!?])\s+(?=[«\"(]?[A-ZÆØÅ0-9]|§)|(?<=\])\s+(?=[«\"(]?[A-ZÆØÅ]|§)"
)
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_QUOTE = re.compile(r"«([^»]*)»")
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—", "-"))
_NOT_LANGUAGE = re.compile(r"«[^»]*»|https?://\S+|www\.\S+|§§?\s*\d[\w-]*|" + _MARKER.pattern)


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


def citation_markers(text: str) -> list[int]:
    """Every [n] in ``text``, also inside "[1, 2]" and "[1][2]", in order of appearance."""
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"[,;]", group)]


def statements(text: str) -> list[str]:
    """The statements of an answer in order: each bullet whole (without its bullet sign),
    each sentence of any other line; whitespace-normalised."""
    found: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if _BULLET.match(line):
            found.append(_BULLET.sub("", line, count=1))
            continue
        sentences: list[str] = []
        for sentence in _SENTENCE_END.split(line):
            if sentences and sentences[-1].count("«") > sentences[-1].count("»"):  # in a quote
                sentences[-1] += " " + sentence
            elif sentence:
                sentences.append(sentence)
        found.extend(sentences)
    return found


def is_frame(statement: str) -> bool:
    """A lead-in line such as "Dette sier kildene:": ends with ':' and cites nothing."""
    return statement.rstrip().endswith(":") and not citation_markers(statement)


def first_statement(answer: str) -> str:
    """The first statement that carries an [n] marker, frame lines skipped; without any
    marker the first statement; "" for an empty answer."""
    said = [s for s in statements(answer) if not is_frame(s)]
    cited = [s for s in said if citation_markers(s)]
    return cited[0] if cited else (said[0] if said else "")


def lead_rate(groups: Groups, answer: str) -> float | None:
    """1.0 when the answer's first statement holds a required fact (any group), else 0.0.

    None when there are no groups or nothing was said (pass "" for an abstention).
    """
    lead = first_statement(answer)
    if not groups or not lead:
        return None
    return float(any(groups_found(groups, lead)))


def _normalise(text: str) -> str:
    return " ".join(text.translate(_DASHES).split())


def statement_supported(statement: str, source: str, min_share: float = SUPPORT_SHARE) -> bool:
    """Does ``source`` (the cited passage text) support ``statement``?

    Every number, date and § number in it must occur in the source; text in «…» must occur
    verbatim (whitespace-normalised; "…" and "[…]" split a quote into pieces that must each
    occur); a statement without a quote needs ``min_share`` of its content words (terms of
    at least four letters) among the source's terms.
    """
    claim, text = _normalise(_MARKER.sub(" ", statement)), _normalise(source)
    for number in _NUMBER.findall(claim):
        if not re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text):
            return False
    quotes = _QUOTE.findall(claim)
    if quotes:
        pieces = (piece.strip(" .,;:") for quote in quotes for piece in _ELLIPSIS.split(quote))
        return all(piece in text for piece in pieces if piece)
    words = {
        t for t in terms(claim) if len(t) >= MIN_CONTENT_WORD and not any(c.isdigit() for c in t)
    }
    if not words:
        return True
    present = set(terms(source))
    return sum(word in present for word in words) / len(words) >= min_share


def support_checks(
    answer: str, excerpts: Mapping[int, str], min_share: float = SUPPORT_SHARE
) -> list[tuple[str, bool]]:
    """(statement, supported) for every statement but frame lines. A statement is checked
    against the passages its own markers cite (``excerpts``: citation n → passage text);
    one without a marker, or whose markers name no passage, is unsupported."""
    checks = []
    for statement in statements(answer):
        if is_frame(statement):
            continue
        cited = [excerpts[n] for n in dict.fromkeys(citation_markers(statement)) if n in excerpts]
        supported = bool(cited) and statement_supported(statement, "\n".join(cited), min_share)
        checks.append((statement, supported))
    return checks


def citation_support(
    answer: str, excerpts: Mapping[int, str], min_share: float = SUPPORT_SHARE
) -> float | None:
    """Share of the answer's statements supported by the passage(s) they cite.

    None when there is no statement to check (pass "" for an abstention).
    """
    checks = support_checks(answer, excerpts, min_share)
    return sum(ok for _, ok in checks) / len(checks) if checks else None


def answer_language(answer: str) -> str:
    """The language of the answer outside «quotes», [n] markers, URLs and § references
    (of the whole answer when nothing else is left)."""
    rest = _NOT_LANGUAGE.sub(" ", answer)
    return detect_language(rest if re.search(r"[^\W\d_]", rest) else answer)


def language_accuracy(answer: str, language: str) -> float:
    """1.0 when the answer, quotes aside, is in ``language``, else 0.0."""
    return float(answer_language(answer) == language)


def decline_precision_recall(
    scored: Sequence[tuple[float, bool]],
) -> list[tuple[float, float, float]]:
    """Precision and recall of "decline when abstain score ≥ t" for every distinct score t.

    ``scored``: (abstain score, should decline) per question; a higher score means more
    reason to decline. Returns (t, precision, recall) points, highest t first; [] when no
    question should be declined.
    """
    positives = sum(should for _, should in scored)
    if not positives:
        return []
    points = []
    for threshold in sorted({score for score, _ in scored}, reverse=True):
        flagged = [should for score, should in scored if score >= threshold]
        caught = sum(flagged)
        points.append((threshold, caught / len(flagged), caught / positives))
    return points


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
