"""Sources for a workshop talk on the chosen theme: clean passages that speak of it.

Every theme once got the same talk (fixed queries about innsatstrappa). Now the theme's
words lead each talk's query, and a passage is quoted only when its window (read with
its section heading) holds at least ``MIN_THEME_COVERAGE`` of the theme's IDF-weighted
terms and is clean prose (``passages.clean_window``: no debris, no fragments).
Guidance that is a municipality's own budget is passed over, as in the planprogram.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.domain import Hit
from assistant.drafting.catalog import SourceKind
from assistant.drafting.passages import clean_window
from assistant.drafting.quality import own_budget
from assistant.drafting.sources import CitationBook, Excerpt, SourceFinder
from assistant.retrieval.analysis import terms
from assistant.retrieval.coverage import coverage_of, term_weights

MIN_THEME_COVERAGE = 0.5
CANDIDATES = 4
"""Search this many times three hits per source kind before filtering."""


class ThemeSources:
    """Cited excerpts about one theme, never the same passage twice in a draft."""

    def __init__(self, finder: SourceFinder, tema: str) -> None:
        self.finder = finder
        self.weights = term_weights(finder.assistant.store, tema)

    def on_theme(self, hit: Hit, text: str) -> bool:
        present = set(terms(f"{hit.chunk.section or ''}\n{text}"))
        return coverage_of(self.weights, present) >= MIN_THEME_COVERAGE

    def excerpts(
        self, book: CitationBook, kind: SourceKind, query: str, count: int
    ) -> list[Excerpt]:
        """Up to ``count`` clean excerpts on the theme of ``kind`` for ``query``."""
        excerpts: list[Excerpt] = []
        wide = replace(kind, top_k=CANDIDATES)
        for hit in self.finder.find(wide, query, [], book.used_chunks):
            if len(excerpts) >= count:
                break
            if hit.chunk.id in book.used_chunks or self._budget(kind, hit):
                continue
            text = clean_window(self.finder, hit, query)
            if text and self.on_theme(hit, text):
                excerpts.append(self.finder.cite(book, kind, hit, text))
        return excerpts

    def _budget(self, kind: SourceKind, hit: Hit) -> bool:
        text = f"{hit.chunk.section or ''}\n{hit.chunk.text}"
        return kind.doc_type == "veiledning" and own_budget(text, self.finder.names)
