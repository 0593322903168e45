"""Check a generated answer against the passages it was given.

Every [n] must name a passage that was passed; every sentence must cite one, and the
cited passage must support it (enough of the sentence's terms appear there). Sentences
that fail are removed and reported, so what reaches the user is grounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from assistant.answer.grounding import matches
from assistant.retrieval.analysis import terms

CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# A sentence ends at . ! ? before a capital, or after its trailing citation: "… [1] Neste".
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(])|(?<=\])\s+(?=[A-ZÆØÅ])|\n+")
MIN_CLAIM_TERMS = 3
"""Shorter sentences ("Ja.", "Kort sagt:") make no claim that needs a source."""

AUTO_CITE_SUPPORT = 0.7
"""An uncited sentence gets the citation of a passage that supports it at least this well."""

Support = Callable[[str, int], float]
"""(sentence, passage index) → how well that passage supports the sentence, 0–1."""


def lexical_support(sentence: str, passage: str) -> float:
    """Share of the sentence's terms found in the passage (prefix-tolerant)."""
    claim = set(terms(CITATION.sub(" ", sentence)))
    if not claim:
        return 1.0
    present = set(terms(passage))
    return sum(matches(term, present) for term in claim) / len(claim)


def cited_numbers(text: str) -> list[int]:
    return [int(n) for group in CITATION.findall(text) for n in re.split(r"[,;\s]+", group) if n]


def renumber(text: str, new_number: Callable[[int], int]) -> str:
    """Rewrite every [n] through ``new_number``; numbers that then repeat in a marker merge."""

    def swap(match: re.Match[str]) -> str:
        numbers = [str(new_number(n)) for n in cited_numbers(match.group(0))]
        return "[" + ", ".join(dict.fromkeys(numbers)) + "]"

    return CITATION.sub(swap, text)


@dataclass
class Verification:
    text: str
    cited: list[int] = field(default_factory=list)
    """Passage numbers the kept text cites, in order of first use."""
    unsupported_sentences: list[str] = field(default_factory=list)
    invalid_citations: list[int] = field(default_factory=list)


def _drop_invalid(sentence: str, valid: set[int]) -> str:
    def keep(match: re.Match[str]) -> str:
        numbers = [n for n in cited_numbers(match.group(0)) if n in valid]
        return "[" + ", ".join(map(str, numbers)) + "]" if numbers else ""

    cleaned = re.sub(r"\s{2,}", " ", CITATION.sub(keep, sentence))
    return re.sub(r"\s+([.!?])", r"\1", cleaned).strip()


def verify(
    text: str,
    passages: Sequence[str],
    min_support: float = 0.5,
    support: Support | None = None,
) -> Verification:
    """Keep the sentences whose citations resolve and whose cited passage supports them.

    ``support`` defaults to word overlap with the cited passage.
    """
    support = support or (lambda sentence, index: lexical_support(sentence, passages[index]))
    valid = set(range(1, len(passages) + 1))
    result = Verification(text="")
    kept: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(text):
        if not sentence or sentence in seen:
            continue  # small models repeat themselves
        seen.add(sentence)
        numbers = cited_numbers(sentence)
        result.invalid_citations += [n for n in numbers if n not in valid]
        sentence = _drop_invalid(sentence, valid)
        good = [n for n in numbers if n in valid]
        if len(set(terms(CITATION.sub(" ", sentence)))) < MIN_CLAIM_TERMS and not numbers:
            kept.append(sentence)
            continue
        if not good:  # uncited: cite the passage that clearly supports it, if one does
            scores = [support(sentence, index) for index in range(len(passages))]
            best = max(range(len(passages)), key=scores.__getitem__, default=None)
            if best is not None and scores[best] >= max(min_support, AUTO_CITE_SUPPORT):
                good = [best + 1]
                sentence = _append_citation(sentence, best + 1)
        if good and max(support(sentence, n - 1) for n in good) >= min_support:
            kept.append(sentence)
            result.cited += [n for n in good if n not in result.cited]
        else:
            result.unsupported_sentences.append(sentence)
    result.text = "\n".join(_rejoin(kept))
    return result


_MARKERS_ONLY = re.compile(r"(?:\[\d[\d,;\s]*\]\s*)+")


def _sentences(text: str) -> Iterator[str]:
    """Split into sentences; markers standing alone belong to the sentence after them."""
    pending = ""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if _MARKERS_ONLY.fullmatch(piece):
            pending += piece + " "
        elif piece:
            yield _citations_last(pending + piece)
            pending = ""


def _citations_last(sentence: str) -> str:
    """Markers a model put first ("[2] Kommunen skal …") go to the end, where they belong."""
    sentence = sentence.strip()
    leading = _MARKERS_ONLY.match(sentence)
    if not leading or leading.end() == len(sentence):
        return sentence
    rest = sentence[leading.end() :]
    for n in cited_numbers(leading.group(0)):
        rest = _append_citation(rest, n)
    return rest


def _append_citation(sentence: str, n: int) -> str:
    """Put [n] before the closing punctuation: "… planen [1]."."""
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else ""
    return f"{body[: len(body) - len(end)].rstrip()} [{n}]{end}"


def _rejoin(sentences: list[str]) -> list[str]:
    """Sentences back into lines: list items stay on their own line."""
    lines: list[str] = []
    for sentence in sentences:
        if lines and not sentence.startswith(("-", "*", "•")) and not lines[-1].endswith(":"):
            lines[-1] += " " + sentence
        else:
            lines.append(sentence)
    return lines
