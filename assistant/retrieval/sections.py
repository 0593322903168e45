"""The laws and §§ a question points at: the §§ it cites by number ("Hva sier pbl § 10-1?",
"What does section 5-1 of the Local Government Act say?") lead the search results, and so
does the best passage of a law it names ("Hva krever folkehelseloven …").

Neither search reads a § number well: BM25 reads "§ 10-1" as the term "10-1", which four
laws have, and "§ 6" as no term at all (too short); the dense search does not read numbers.
So "Hva sier folkehelseloven § 6?" got §§ 35, 34, 33 a and 18 before § 6, and section 5-1
of the Local Government Act was answered from the Planning and Building Act's § 5-1. The §
is looked up in the law the question names (by its short name "pbl", its name in any form,
or its English name from the glossary), or, when it names none, in the one law that has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.domain import Chunk, DocumentMeta
from assistant.retrieval.analysis import law_stem
from assistant.retrieval.glossary import english_law_names

_NUMBER = r"(\d+(?:\s?[a-z]\b)?(?:\s?-\s?\d+(?:\s?[a-z]\b)?)?)"
_CITED = re.compile(rf"§§?\s*{_NUMBER}", re.IGNORECASE)
_CITED_IN_WORDS = re.compile(rf"\b(?:sections?|paragraf(?:en)?)\s+{_NUMBER}", re.IGNORECASE)
""""section 5-1" cites a § only in a question that names a law ("section 4.1 of the
planning programme" is a chapter)."""
_LAW_NAME = re.compile(r"\b(?:\w+- og )?\w+lov(?:en|a)?\b", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^§\s*([^.]+)\.")
_WORD = re.compile(r"[\w-]+")


def _number(text: str) -> str:
    """A § number written one way: "10 - 1" and "10-1", "33 a" and "33a" alike."""
    return re.sub(r"\s+", "", text).lower()


def section_number(section: str | None) -> str | None:
    """The number of the § a passage is under ("§ 33 a. Forskrift …" → "33a")."""
    match = _SECTION_NUMBER.match(section or "")
    return _number(match.group(1)) if match else None


def law_names(meta: DocumentMeta) -> frozenset[str]:
    """How a question may name a law: its short name ("pbl") and the stem of the law name
    in its title ("(plan- og bygningsloven)" → "bygningslov")."""
    stems = (law_stem(word) for word in _WORD.findall(meta.title))
    return frozenset(name for name in (*stems, (meta.short or "").lower()) if name)


def _named(question: str) -> tuple[set[str], bool]:
    """How ``question`` may name a law (its words as law stems and as short names, and the
    Norwegian name of an English one: "Local Government Act"), and whether it names one."""
    words = _WORD.findall(f"{question} {' '.join(english_law_names(question).values())}")
    stems = {stem for word in words if (stem := law_stem(word))}
    return stems | {word.lower() for word in words}, bool(stems)


def named_laws(question: str, documents: Iterable[DocumentMeta]) -> tuple[set[str], bool]:
    """The ids of the ``documents`` that are laws ``question`` names, and whether it names
    any law at all (one the documents lack, too)."""
    named, names_a_law = _named(question)
    return {meta.id for meta in documents if law_names(meta) & named}, names_a_law


def cited_chunks(
    question: str, documents: Iterable[DocumentMeta], chunks: Iterable[Chunk]
) -> list[Chunk]:
    """The passages of the §§ ``question`` cites, in the order of ``chunks``: in the law it
    names, or, naming none, in the one law that has them. None when it cites no §, names a
    law ``documents`` lack ("naturmangfoldloven §§ 8–12"), or leaves open which law."""
    numbers = {_number(number) for number in _CITED.findall(question)}
    in_words = {_number(number) for number in _CITED_IN_WORDS.findall(question)}
    if not numbers | in_words:  # most questions: no law names to look up
        return []
    laws, names_a_law = named_laws(question, documents)
    if laws:
        numbers |= in_words
    if not numbers or (names_a_law and not laws):
        return []
    cited = [chunk for chunk in chunks if section_number(chunk.section) in numbers]
    if laws:
        return [chunk for chunk in cited if chunk.doc_id in laws]
    return cited if len({chunk.doc_id for chunk in cited}) == 1 else []


def citing_words(question: str) -> str:
    """The name of the law in a question that cites one of its §§ ("Hva sier plan- og
    bygningsloven § 10-1?", "section 5-1 of the Local Government Act"): it says where to
    look, not what about, so its words ("plan", "bygning", and "government", which the
    glossary reads as "regjering" and "stat") should not pull the lead to the § sentence
    that happens to say "planer" or "staten"."""
    names = [match.group(0) for match in _LAW_NAME.finditer(question)]
    names += english_law_names(question)
    if not (_CITED.search(question) or (names and _CITED_IN_WORDS.search(question))):
        return ""
    return " ".join(names)
