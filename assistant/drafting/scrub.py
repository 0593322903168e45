"""Keep other municipalities' names out of the draft's own words.

Quotations are never altered: another municipality's example is quoted word for word and
attributed outside the quotes ("Hole kommune skriver: «…»", see ``sources.attribution``).
What the draft says in its own words (e.g. prose written by the chat model) must not
present another municipality as the planner's: there a foreign name becomes "kommunen".
Names come from the corpus: the municipal examples' publisher and title, and
"<Name> kommune" used mid-sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.retrieval.store import IndexStore

_IN_TITLE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) kommune\b")
# "… i Samnanger kommune": a capitalised word after a lower-case one is a name, not a
# slide heading ("Heile kommune") or an org-chart box ("Nav kommune").
_MID_SENTENCE = re.compile(
    r"(?<![\w-])[a-zæøå]+,? ([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) kommunes?\b"
)


def publisher_name(title: str | None, publisher: str | None = None) -> str | None:
    """The municipality a document is by ("Hole" for "…, Hole kommune"), if it names one."""
    for text in (publisher, title):
        found = _IN_TITLE.findall(text or "")
        if found:
            return found[-1]
    return None


def municipality_names(store: IndexStore) -> set[str]:
    """Municipality names the corpus mentions (for scrubbing drafts)."""
    names: set[str] = set()
    for document in store.documents.values():
        if document.meta.doc_type == "kommunalt-eksempel":
            for text in (document.meta.publisher, document.meta.title):
                names.update(_IN_TITLE.findall(text or ""))
    for chunk in store.chunks:
        names.update(_MID_SENTENCE.findall(chunk.text))
    return names


class Scrubber:
    """Replace foreign municipality names in the draft's own text with "kommunen".

    Never apply it to a quotation: that would put words in a source's mouth.
    """

    def __init__(self, names: Iterable[str], kommune: str) -> None:
        own = kommune.casefold()
        self.names = sorted((n for n in set(names) if n.casefold() != own), key=len, reverse=True)
        self.kommune = kommune

    def scrub(self, text: str) -> str:
        for name in self.names:
            quoted = re.escape(name)
            text = re.sub(rf"\b{quoted}\s+kommune(ns|n|s)?\b", _neutral, text)
            text = re.sub(rf"\b{quoted}\b(?!-)", "kommunen", text)  # "Et aldersvennlig Hole"
            text = re.sub(rf"\b{quoted}(-?)(\w+)", "\\2", text)  # "Holesamfunnet"
        return text

    def leaks(self, text: str) -> list[str]:
        """Foreign names still in ``text`` (for checks and tests)."""
        return [n for n in self.names if re.search(rf"\b{re.escape(n)}", text)]


def _neutral(match: re.Match[str]) -> str:
    return "kommunens" if (match[1] or "").endswith("s") else "kommunen"
