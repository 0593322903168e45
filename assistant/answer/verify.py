"""Check a generated answer against the passages it was given.

Every [n] must name a passage that was passed; every sentence must cite one, and the
cited passage must support it (enough of the sentence's terms appear there) and state
each of its numbers, dates, deadlines, § references and names (``facts.py``). Repeated
sentences, garbled ones (mixed scripts, unmatched quotes) and verbless fragments go too.
Sentences that fail are removed and reported, so what reaches the user is grounded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from assistant.answer import facts
from assistant.retrieval.analysis import terms
from assistant.retrieval.coverage import matches
from assistant.text import word_key

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
    reasons: dict[str, str] = field(default_factory=dict)
    """Why each unsupported sentence was removed (for logs and tests)."""

    def reject(self, sentence: str, reason: str) -> None:
        self.unsupported_sentences.append(sentence)
        self.reasons[sentence] = reason


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
    language: str = "nb",
    labels: Sequence[str] = (),
    given: str = "",
) -> Verification:
    """Keep the sentences whose citations resolve and whose cited passage supports them.

    ``support`` defaults to word overlap with the cited passage. Numbers, dates, deadlines,
    § references and names must also be stated by a cited passage (or its ``labels``
    entry: title and §, which the model saw too, or ``given``: what the user supplied,
    e.g. a draft's municipality and dates); repeats, broken words and verbless fragments go.
    """
    support = support or (lambda sentence, index: lexical_support(sentence, passages[index]))
    valid = set(range(1, len(passages) + 1))
    sources = [
        facts.source(f"{given}\n{labels[i] if i < len(labels) else ''}\n{passage}")
        for i, passage in enumerate(passages)
    ]
    known_names = facts.capitalised("\n".join([given, *labels, *passages]))
    result = Verification(text="")
    kept: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(text):
        key = word_key(CITATION.sub(" ", sentence))
        if not key or key in seen:
            continue  # small models repeat themselves
        seen.add(key)
        numbers = cited_numbers(sentence)
        result.invalid_citations += [n for n in numbers if n not in valid]
        sentence = _drop_invalid(sentence, valid)
        good = [n for n in numbers if n in valid]
        claim = CITATION.sub(" ", sentence)
        stated = facts.claimed(claim, language)
        if problem := broken(claim):
            result.reject(sentence, problem)
            continue
        if len(set(terms(claim))) < MIN_CLAIM_TERMS and not numbers and not stated.items:
            kept.append(sentence)
            continue
        if is_fragment(claim):
            result.reject(sentence, "no statement (a fragment without a verb)")
            continue
        if not good:  # uncited: cite the passage that clearly supports it, if one does
            scores = [support(sentence, index) for index in range(len(passages))]
            best = max(range(len(passages)), key=scores.__getitem__, default=None)
            if best is not None and scores[best] >= max(min_support, AUTO_CITE_SUPPORT):
                good = [best + 1]
                sentence = _append_citation(sentence, best + 1)
        if not good or max(support(sentence, n - 1) for n in good) < min_support:
            result.reject(sentence, "not supported by the cited passage")
            continue
        cited = facts.Facts(
            frozenset().union(*(sources[n - 1].items for n in good)),
            frozenset().union(*(sources[n - 1].names for n in good)),
        )
        if language == "en":  # English capitalises more than names: check the documents' own
            stated = replace(stated, names=stated.names & known_names)
        if missing := stated.missing_from(cited):
            result.reject(sentence, "not in the cited passage: " + ", ".join(missing))
            continue
        if altered := misquoted(claim, [passages[n - 1] for n in good]):
            result.reject(
                sentence, f"quotation not word for word in the cited passage: «{altered}»"
            )
            continue
        kept.append(sentence)
        result.cited += [n for n in good if n not in result.cited]
    result.text = "\n".join(_rejoin(kept))
    return result


_MIXED_SCRIPTS = ("CYRILLIC", "GREEK")
_QUOTATION = re.compile(r"«([^«»]*)»")
_OMISSION = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…)\s*")


def misquoted(sentence: str, passages: Sequence[str]) -> str | None:
    """The first «quotation» in ``sentence`` that is not word for word in ``passages``
    (whitespace aside; an omission marked […] or … may split it), else None."""
    source = " ".join(" ".join(passages).split())
    for quotation in _QUOTATION.findall(sentence):
        pieces = [" ".join(piece.split()) for piece in _OMISSION.split(quotation)]
        if not all(piece in source for piece in pieces if piece):
            return quotation
    return None


def broken(sentence: str) -> str | None:
    """Why a sentence is garbled: a word mixing Latin with Cyrillic or Greek letters
    ("kommunеstyret" with a Cyrillic "е"), a replacement character, unmatched quotes."""
    for word in re.findall(r"[^\W\d_]+", sentence):
        scripts = {unicodedata.name(ch, "?").split()[0] for ch in word}
        if "LATIN" in scripts and scripts & set(_MIXED_SCRIPTS):
            return f"broken word: {word}"
    if "\ufffd" in sentence:
        return "broken character"
    if sentence.count("«") != sentence.count("»") or _odd_quotes(sentence):
        return "unmatched quote marks"
    return None


def _odd_quotes(text: str) -> bool:
    """“…”, ”…” (both used in Norwegian) and "…" come in pairs."""
    return (text.count("“") + text.count("”")) % 2 == 1 or text.count('"') % 2 == 1


# fmt: off
VERBS = frozenset("""
    er var blir ble blei vert vart skal skulle må måtte kan kunne bør burde vil ville har hadde
    får fikk gjør gjer gjorde går gjekk gikk står stod sto ser såg gir gav ga tar tok tek kjem
    kommer kom ligg ligger held holder gjeld gjelder seier sier viser vedtek vedtok inneheld
    treng legg skriv les gjev fastset set let finn fins vet veit sa ga
    put made make makes give gave gives take took need
    is are was were be been must shall should can could will would may might has have had does
    do did
""".split())
NOT_BEFORE_VERB = frozenset("""
    alle flere fleire mange noen nokre nokon de dei disse desse minst over under ca cirka
    the these those all several many some least about
""".split()) | frozenset(facts.NUMBER_WORDS) | frozenset(facts.ENGLISH_NUMBER_WORDS)
"""After these, "-er" is a plural noun ("tre uker", "alle planer"), not a verb."""
# fmt: on
MAX_FRAGMENT_WORDS = 6
"""Only a short sentence is judged verbless: a verb list cannot know every verb."""
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def is_fragment(sentence: str) -> bool:
    """A short claim with no verb ("Det minst tre uker."); list items and lead-ins may be."""
    if _LIST_ITEM.match(sentence) or sentence.rstrip().endswith(":"):
        return False
    words = re.findall(r"[^\W_]+", sentence.lower())
    if len(words) < 3:
        return True
    return len(words) <= MAX_FRAGMENT_WORDS and not any(
        _verb_like(word, words[i - 1] if i else "") for i, word in enumerate(words)
    )


def _verb_like(word: str, before: str) -> bool:
    """A verb by its form, in bokmål, nynorsk or English (lenient: only fragments must fail)."""
    if word in VERBS:
        return True
    if word in NOT_BEFORE_VERB or before in NOT_BEFORE_VERB or before.isdigit() or len(word) < 4:
        return False
    norwegian = word.endswith(("er", "ar", "ir", "es", "as", "tt", "dd", "te", "de"))
    return norwegian or word.endswith("ed") or (word.endswith("s") and word[-2] not in "su")


_MARKERS_ONLY = re.compile(r"(?:\[\d[\d,;\s]*\]\s*)+")
_ENUMERATOR = re.compile(r"\d{1,2}[.)]")


def _sentences(text: str) -> Iterator[str]:
    """Split into sentences; markers and list numbers standing alone belong to the sentence
    after them, and a quotation of several sentences («… . … .» [1]) stays one."""
    pending = ""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if _MARKERS_ONLY.fullmatch(piece) or _ENUMERATOR.fullmatch(piece):
            pending += piece + " "  # "[1]" or "2." belongs to what follows
        elif piece:
            pending += piece
            if not _quote_open(pending):
                yield _citations_last(pending)
                pending = ""
            else:
                pending += " "
    if pending.strip():
        yield _citations_last(pending)


def _quote_open(text: str) -> bool:
    return text.count("«") > text.count("»") or _odd_quotes(text)


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
        if lines and not _LIST_ITEM.match(sentence) and not lines[-1].endswith(":"):
            lines[-1] += " " + sentence
        else:
            lines.append(sentence)
    return lines
