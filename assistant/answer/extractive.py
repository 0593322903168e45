"""Answer without an LLM: quote the passage excerpts that best match the question, cited.

The offline floor of the product: nothing is generated, so nothing can be made up. From
each of the best passages we quote the window of consecutive sentences (a few hundred
characters) that covers most of the question's terms, and cite it as [n].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.grounding import matches
from assistant.domain import Citation, Hit
from assistant.prompts import message
from assistant.retrieval.analysis import terms

# Sentence ends, blank lines, and line starts that open a list item or a bullet.
_BREAK = re.compile(
    r"(?<=[^\d][.!?])\s+(?=[«\"(]?[A-ZÆØÅ0-9])|\n\s*\n|\n(?=\s*(?:[•\-–»*]|[a-z]\)|\d+\.))"
)
MIN_SENTENCE = 12
WINDOW_CHARS = 420
"""How much one quote may hold: enough for a rule and its condition, short for a reader."""
MIN_WINDOW_CHARS = 200
"""A quote this short (a lone heading) is extended with the sentences that follow it."""
KEEP_SHARE = 0.5
"""Quote a further passage only if it covers at least half as much as the best one."""


def split_sentences(text: str) -> list[str]:
    """Sentences (or list items, slide lines) of a passage, whitespace-normalised."""
    pieces = (" ".join(piece.split()) for piece in _BREAK.split(text))
    return [piece for piece in pieces if len(piece) >= MIN_SENTENCE]


@dataclass(frozen=True)
class Quote:
    score: float
    text: str


def _coverage(weights: dict[str, float], present: set[str]) -> float:
    total = sum(weights.values())
    found = sum(weight for term, weight in weights.items() if matches(term, present))
    return found / total if total else 0.0


def best_window(
    sentences: Sequence[str], weights: dict[str, float], max_chars: int = WINDOW_CHARS
) -> Quote:
    """The run of consecutive sentences within ``max_chars`` that covers most terms.

    Ties go to the earliest run, then the shortest (a heading before the rule is kept).
    With no term in common (e.g. an English
    question over Norwegian text) the passage's opening is quoted.
    """
    sentence_terms = [set(terms(sentence)) for sentence in sentences]
    best: tuple[float, int, int] = (0.0, 0, 0)
    for start in range(len(sentences)):
        present: set[str] = set()
        length = 0
        for end in range(start, len(sentences)):
            length += len(sentences[end]) + 1
            if end > start and length > max_chars:
                break
            present |= sentence_terms[end]
            if all(s.endswith("?") for s in sentences[start : end + 1]):
                continue  # a question alone answers nothing
            score = _coverage(weights, present)
            if score > best[0] + 1e-9:
                best = (score, start, end + 1)
    score, start, end = best
    if score == 0.0:
        end = start = 0
        while end < len(sentences) and len(" ".join(sentences[: end + 1])) <= max_chars:
            end += 1
        end = max(end, 1)
    while end < len(sentences) and len(" ".join(sentences[start:end])) < MIN_WINDOW_CHARS:
        end += 1
    return Quote(score, _shorten(" ".join(sentences[start:end]), max_chars))


def _shorten(text: str, max_chars: int) -> str:
    if len(text) <= max_chars * 1.2:
        return text
    return text[:max_chars].rsplit(" ", 1)[0] + " …"


def citation_for(n: int, hit: Hit) -> Citation:
    chunk = hit.chunk
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=chunk.title,
        section=chunk.section,
        page=chunk.page,
        excerpt=chunk.text,
        score=round(hit.score, 4),
        chunk_id=chunk.id,
    )


class ExtractiveAnswerer:
    """Quote the best window of each of the best ``max_passages`` passages."""

    def __init__(self, max_passages: int = 3) -> None:
        if max_passages <= 0:
            raise ValueError(f"max_passages must be positive, got {max_passages}")
        self.max_passages = max_passages

    def answer(
        self, language: str, hits: Sequence[Hit], weights: dict[str, float]
    ) -> tuple[str, list[Citation]]:
        quotes = [
            (hit, best_window(split_sentences(hit.chunk.text) or [hit.chunk.text], weights))
            for hit in hits[: self.max_passages]
        ]
        top = max((quote.score for _, quote in quotes), default=0.0)
        kept = [(hit, quote) for hit, quote in quotes if quote.score >= KEEP_SHARE * top]
        lines = [f"- {quote.text} [{n}]" for n, (_, quote) in enumerate(kept, start=1)]
        citations = [citation_for(n, hit) for n, (hit, _) in enumerate(kept, start=1)]
        return message("answer_intro", language) + "\n\n" + "\n".join(lines), citations
