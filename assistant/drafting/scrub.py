"""Keep other municipalities' names out of a draft.

Examples from other municipalities are adapted, not copied: their name becomes the
planner's municipality (a practice being adapted) or "kommunen" (guidance that mentions
one). The source stays visible through the citation. Names come from the corpus: the
municipal examples' publisher and title, and "<Name> kommune" used mid-sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.retrieval.store import IndexStore

_IN_TITLE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) kommune\b")
# "… i Samnanger kommune": a capitalised word after a lower-case one is a name, not a
# slide heading ("Heile kommune") or an org-chart box ("Nav kommune").
_MID_SENTENCE = re.compile(
    r"(?<![\w-])[a-zæøå]+,? ([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) kommunes?\b"
)


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
    """Replace foreign municipality names in text with the planner's own or "kommunen"."""

    def __init__(self, names: Iterable[str], kommune: str) -> None:
        own = kommune.casefold()
        self.names = sorted((n for n in set(names) if n.casefold() != own), key=len, reverse=True)
        self.kommune = kommune

    def scrub(self, text: str, adapt: bool) -> str:
        """``adapt``: the text describes a practice being adapted, so it becomes ours."""
        own = self.kommune if adapt else "kommunen"
        for name in self.names:
            quoted = re.escape(name)
            text = re.sub(rf"\b{quoted}\s+kommune(ns|n|s)?\b", self._with_kommune(adapt), text)
            text = re.sub(rf"\b{quoted}\b(?!-)", own, text)  # "Et aldersvennlig Hole"
            compound = f"{own}-\\2" if adapt else "\\2"  # "Holesamfunnet"
            text = re.sub(rf"\b{quoted}(-?)(\w+)", compound, text)
        return text

    def _with_kommune(self, adapt: bool) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            if adapt:
                return f"{self.kommune} kommune{match[1] or ''}"
            return "kommunens" if (match[1] or "").endswith("s") else "kommunen"

        return replace

    def leaks(self, text: str) -> list[str]:
        """Foreign names still in ``text`` (for checks and tests)."""
        return [n for n in self.names if re.search(rf"\b{re.escape(n)}", text)]
