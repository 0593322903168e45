"""Bridge a question's words to the sources' words with the planning glossary.

The sources are Norwegian and written in the law's vocabulary; users ask in English or in
everyday words ("ute på høring", "bystyret"). ``bridge_terms`` returns the Norwegian words
for the phrases the question uses (``prompts/glossary.yaml``), which the lexical search and
the coverage check add to the question's own words. English has two sections: planning
terms ("master plan"), whose words are never names, and general words of law, care and
local government ("nursing home"), which may be part of a name ("Working Environment Act").
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from assistant.prompts import PROMPTS_DIR
from assistant.retrieval.analysis import terms


@cache
def _glossary() -> dict[str, dict[str, str] | list[str]]:
    return yaml.safe_load((PROMPTS_DIR / "glossary.yaml").read_text(encoding="utf-8"))


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are no proper names (English title case: "Act", "Planning"):
    the glossary's list, and every word of its English phrases, which are planning
    vocabulary ("Municipal Master Plan", "Control Committee"), not an unknown body."""
    glossary = _glossary()
    phrases = " ".join(glossary["english"]).lower()
    return frozenset(word.lower() for word in glossary["not_names"]) | frozenset(
        re.findall(r"[^\W\d_]+", phrases)
    )


@cache
def _patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    glossary = _glossary()
    entries = dict(glossary["everyday"])
    if language == "en":
        entries = {**glossary["english"], **glossary["english_general"], **entries}
    patterns = []
    for phrase, words in entries.items():
        stem = re.escape(phrase.rstrip("*"))
        ending = r"\w*" if phrase.endswith("*") else r"\b"
        patterns.append((re.compile(rf"\b{stem}{ending}", re.IGNORECASE), str(words)))
    return patterns


def bridge_terms(question: str, language: str) -> str:
    """Norwegian source words for the glossary phrases in ``question`` ("" when none)."""
    found = [words for pattern, words in _patterns(language) if pattern.search(question)]
    return " ".join(dict.fromkeys(found))


def equivalents(question: str) -> dict[str, frozenset[str]]:
    """Each search term of an everyday phrase in ``question``, with the search terms of the
    source words it stands for: a passage saying "merforbruk" covers "underskudd". (An
    English question's glossary words are search terms of their own: ``term_weights``.)"""
    found: dict[str, frozenset[str]] = {}
    for pattern, words in _patterns("nb"):
        for match in pattern.finditer(question):
            for term in terms(match.group(0)):
                found[term] = found.get(term, frozenset()) | frozenset(terms(words))
    return found


def english_law_names(question: str) -> dict[str, str]:
    """The laws ``question`` names in English, as written → their Norwegian names ("Local
    Government Act" → kommuneloven): a § it cites is looked up in them
    (``sections.cited_chunks``), and their words say where, not what (``citing_words``)."""
    found = {}
    for phrase, name in _glossary()["law_names"].items():
        if match := re.search(rf"\b{re.escape(phrase)}\b", question, re.IGNORECASE):
            found[match.group(0)] = name
    return found
