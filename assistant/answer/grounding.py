"""Decide whether the retrieved passages answer the question at all ("grounded or silent").

Signals that transfer to questions nobody tuned for, read off the best passages:
- dense: the best passage's cosine similarity to the question;
- coverage: the IDF-weighted share of the question's terms that the best passages hold
  together (an English question is weighed by the glossary's Norwegian words);
- missing: the weight share of the heaviest question term *none* of them holds: the thing
  asked for ("budsjett", "Bergen") when the rest is only the setting ("Hole", "planprogram");
- names: a proper name, law name or number in the question that none of the retrieved
  passages holds (a municipality, body or law the corpus does not know, "Eliteserien");
  and the laws a question names when none of them is among the documents, or a
  regulation that is not ("forskrift om konsekvensutredninger"): what "offentleglova"
  says cannot be quoted from pbl, which only refers to it;
- value: a question asking for an amount of money, a date, a count or a person's name,
  when none of the best passages holds one (``answer_type.py``);
- speculation: a question asking whether something will happen or whether a choice was
  right ("Kommer Hole til å nå målene …?", "Gjorde Øygarden rett i å …?"): the documents
  state rules, plans and experience, and quoting a goal is no answer to whether it will
  be reached.
The thresholds are fitted on the calibration questions only (``planassist calibrate``);
see evaluation/README.md for the precision/recall trade-off on the test questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from assistant.answer.answer_type import ValueType, missing_value
from assistant.domain import Hit
from assistant.prompts import message
from assistant.retrieval.analysis import fold, law_stem, names_in, terms
from assistant.retrieval.coverage import (
    compound_heads,
    coverage_of,
    holds_name,
    matches,
    passage_terms,
)
from assistant.retrieval.glossary import equivalents

EVIDENCE_DEPTH = 3
"""How many of the best passages the evidence is read from."""
VALUE_DEPTH = 5
"""How many of the best passages may hold the value a question asks for."""


@dataclass(frozen=True)
class Evidence:
    dense: float
    coverage: float
    missing: float
    unmatched_names: tuple[str, ...]
    english: bool = False
    """Read across languages (through the glossary), so judged by its own bound."""
    missing_value: ValueType | None = None
    """The kind of value the question asks for when none of the best passages holds one."""
    unsourced: tuple[str, ...] = ()
    """Laws and regulations the question names that are none of the documents."""
    speculative: bool = False
    """The question asks for a prediction or a verdict (``asks_speculation``)."""
    known_names: tuple[str, ...] = ()
    """The unmatched names some other passage of the corpus holds: the decline must not say
    the documents never mention them ("Kristiansand" is on a slide the search missed)."""

    @property
    def vetoed(self) -> bool:
        """A name, a source or a value the passages lack, or a question no document can
        answer: declined whatever the scores say."""
        return bool(
            self.unmatched_names or self.unsourced or self.missing_value or self.speculative
        )


@dataclass(frozen=True)
class Thresholds:
    """Fitted on the calibration questions; see ``Settings``."""

    min_evidence: float
    coverage_weight: float
    max_missing: float
    min_evidence_en: float | None = None
    """The bound for English questions (``min_evidence`` when None)."""


@dataclass(frozen=True)
class Relevance:
    covered: bool
    score: float
    """dense + coverage_weight × coverage − the missing share over its bound (if over)."""
    evidence: Evidence


def gather_evidence(
    weights: dict[str, float],
    question: str,
    hits: Sequence[Hit],
    not_names: frozenset[str] = frozenset(),
    language: str = "nb",
    sources: Collection[str] = (),
    known: Callable[[str], bool] = lambda term: False,
) -> Evidence:
    """The signals of the best ``EVIDENCE_DEPTH`` passages (``weights``: term_weights);
    names are looked for in all ``hits``, the laws the question names among ``sources``
    (the titles and short names of the documents the asker may read; not checked when
    empty); ``known`` tells the search terms the corpus holds anywhere."""
    best = list(hits[:EVIDENCE_DEPTH])
    names = names_in(question, not_names)
    unsourced = (
        (
            *_unsourced_laws(question, names, sources, not_names),
            *_unsourced_regulations(question, sources),
        )
        if sources
        else ()
    )
    lacked = missing_value(question, [hit.chunk.text for hit in hits[:VALUE_DEPTH]])
    speculative = asks_speculation(question)
    if not best:
        return Evidence(
            0.0, 0.0, 1.0, tuple(names), language == "en", lacked, unsourced, speculative
        )
    present = frozenset().union(*(passage_terms(hit.chunk) for hit in best))
    present |= {
        term
        for term, words in equivalents(question).items()
        if any(matches(word, present) for word in words)
    }
    anywhere = present.union(*(passage_terms(hit.chunk) for hit in hits))
    present |= compound_heads(weights, present)
    total = sum(weights.values()) or 1.0
    missing = max(
        (weight / total for term, weight in weights.items() if not matches(term, present)),
        default=0.0,
    )
    unmatched = tuple(name for name in names if not holds_name(name, anywhere, hits))
    return Evidence(
        dense=max(hit.dense_score or 0.0 for hit in best),
        coverage=coverage_of(weights, present),
        missing=missing,
        unmatched_names=unmatched,
        english=language == "en",
        missing_value=lacked,
        unsourced=unsourced,
        speculative=speculative,
        known_names=tuple(
            name for name in unmatched if terms(name) and all(map(known, terms(name)))
        ),
    )


_SPECULATION = re.compile(
    r"^\s*(kommer|kjem)\b[^?]*\btil å\b"
    r"|^\s*gjorde\b[^?]*\b(rett|riktig|klokt|lurt) i å\b"
    r"|^\s*(is|are)\b[^?]*\bgoing to\b"
    r"|^\s*(was|is) it (right|wise)\b"
    r"|^\s*did\b[^?]*\b(do|make) the right\b",
    re.IGNORECASE,
)
"""A yes/no question about what will happen ("Kommer Hole til å …", "Is it going to …")
or whether a choice was right ("Gjorde Øygarden rett i å …", "Was it wise …"). English
"Will …?" is left alone: it also asks what a rule requires ("Will the plan need …?")."""


def asks_speculation(question: str) -> bool:
    """Whether ``question`` asks for a prediction or a verdict, which no source states."""
    return bool(_SPECULATION.search(question))


def _unsourced_laws(
    question: str, names: Sequence[str], sources: Collection[str], not_names: frozenset[str]
) -> tuple[str, ...]:
    """The laws ``question`` names ("offentleglova" among ``names``, "the Public
    Administration Act") when it names none of the ``sources`` (titles, and short names
    such as "pbl") as well: "Hva sier pbl om forholdet til forvaltningsloven?" is answered
    from pbl. An English act is one of them when its words are the glossary's words of the
    documents' English names (``not_names``: "Planning and Building Act") or a title's."""
    titles = " ".join(fold(source.lower()) for source in sources)
    known_words = not_names | set(re.findall(r"\w+", titles))
    laws = [(name, stem in titles) for name in names if (stem := law_stem(name))]
    for match in _ENGLISH_ACT.finditer(question):
        words = set(re.findall(r"\w+", match.group(1).lower())) - {"and", "of", "on", "the"}
        laws.append((match.group(0), words <= known_words))
    short_names = {source.lower() for source in sources if " " not in source}
    if any(sourced for _, sourced in laws) or short_names.intersection(
        re.findall(r"\w+", question.lower())
    ):
        return ()
    return tuple(name for name, _ in laws)


_ENGLISH_ACT = re.compile(r"\b((?:[A-Z][\w-]*\s+(?:(?:and|of|on)\s+)?)+)Act\b")
"""An English law's name: capitalised words before "Act" ("Public Administration Act")."""


_REGULATION = re.compile(
    r"(?<!\bgi )(?<!\bnærmere )\bforskrift(?:en|a)?\s+(?:om|for|til)\s+(\w+)", re.IGNORECASE
)
"""A regulation named by its subject ("forskrift om konsekvensutredninger"); not the
authority to give one ("Departementet kan gi forskrift om …"), which a law states."""


def _unsourced_regulations(question: str, sources: Collection[str]) -> tuple[str, ...]:
    """The regulations ``question`` names that are none of the ``sources``: like a law, a
    regulation's rules can only be quoted from its own text."""
    regulations = [match.group(0) for match in _REGULATION.finditer(question)]
    titles = [set(terms(source)) for source in sources if "forskrift" in source.lower()]
    return tuple(
        regulation
        for regulation in regulations
        if not any(set(terms(regulation)) <= title for title in titles)
    )


def judge_relevance(evidence: Evidence, thresholds: Thresholds) -> Relevance:
    """Answer only with enough evidence, nothing central missing, every name found, every
    law or regulation named among the documents and, when the question asks for a value
    (an amount, a date, a count, a person's name), one in the passages."""
    score = evidence.dense + thresholds.coverage_weight * evidence.coverage
    score -= max(0.0, evidence.missing - thresholds.max_missing)
    bound = thresholds.min_evidence
    if evidence.english and thresholds.min_evidence_en is not None:
        bound = thresholds.min_evidence_en
    covered = score >= bound and not evidence.vetoed
    return Relevance(covered, score, evidence)


def declined_text(evidence: Evidence, language: str) -> str:
    """What a declined answer says: that the documents do not cover the question, and why
    when a veto tells ("offentleglova is not among the documents", "none of them gives a
    number")."""
    if evidence.speculative:
        reason = message("declined_speculative", language)
    elif evidence.unsourced:
        reason = message("declined_unsourced", language, names=_quoted(evidence.unsourced))
    elif evidence.missing_value:
        value = message(f"value_{evidence.missing_value}", language)
        reason = message("declined_value", language, value=value)
    elif unknown := [n for n in evidence.unmatched_names if n not in evidence.known_names]:
        reason = message("declined_unnamed", language, names=_quoted(unknown))
    elif evidence.unmatched_names:
        reason = message("declined_unretrieved", language, names=_quoted(evidence.known_names))
    else:
        return message("not_covered", language)
    return f"{reason} {message('not_covered', language)}"


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"«{name}»" for name in dict.fromkeys(names))
