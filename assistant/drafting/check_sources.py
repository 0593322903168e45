"""The sources behind the checklist: a § looked up in the index, or a guidance passage.

A law reference ("pbl § 4-1") is resolved through ``Assistant.section``, so the report
cites the § as indexed (with its version); a guidance item gets the best clean passage
a search of the guidance documents finds. One ``CitationBook`` numbers them per report.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.extractive import best_window, split_sentences
from assistant.domain import Hit, SearchFilters, location
from assistant.drafting.passages import clean_window
from assistant.drafting.sources import PARAGRAPH_REF, CitationBook, SourceFinder
from assistant.errors import NotFound
from assistant.retrieval.coverage import term_weights
from assistant.service import Assistant

GUIDANCE_TYPE = "veiledning"
GUIDANCE_CANDIDATES = 8


@dataclass(frozen=True)
class SourceQuote:
    """A backing source: its citation number, a label and the sentences quoted from it."""

    label: str
    n: int | None = None
    """None: the document is not indexed (the label still names the §)."""
    quote: str | None = None


class Backing:
    """Resolves an item's §§ and guidance query into numbered, quoted sources."""

    def __init__(self, assistant: Assistant, book: CitationBook) -> None:
        self.assistant = assistant
        self.book = book
        self.finder = SourceFinder(assistant)

    def law(self, ref: str, query: str) -> SourceQuote:
        """``ref`` as "pbl § 4-1": the part of that § that best matches ``query``."""
        match = PARAGRAPH_REF.match(ref)
        if not match:
            raise ValueError(f"checklist law reference '{ref}' is not like 'pbl § 4-1'")
        try:
            _, chunks = self.assistant.section(match[1], match[2])
        except NotFound:
            return SourceQuote(ref)
        weights = term_weights(self.assistant.store, query)
        best = max(
            chunks,
            key=lambda c: best_window(split_sentences(c.text) or [c.text], weights).score,
        )
        return self._quote(ref, Hit(best, 1.0), query)

    def guidance(self, query: str) -> SourceQuote | None:
        """The best clean passage of the guidance documents for ``query`` (None: none)."""
        if GUIDANCE_TYPE not in self.finder.doc_types:
            return None
        filters = SearchFilters(doc_types=(GUIDANCE_TYPE,))
        for hit in self.assistant.search(query, GUIDANCE_CANDIDATES, filters):
            if clean_window(self.finder, hit, query):
                meta = self.assistant.store.documents[hit.chunk.doc_id].meta
                where = location(hit.chunk.section, hit.chunk.page)
                return self._quote(f"{meta.title}" + (f", {where}" if where else ""), hit, query)
        return None

    def _quote(self, label: str, hit: Hit, query: str) -> SourceQuote:
        return SourceQuote(label, self.book.number(hit), self.finder.window(hit, query) or None)
