"""Find, cut and number the passages a draft quotes.

Each source kind (law, guidance, municipal example) is searched on its own, so every
section can say what the law requires, what guidance recommends and how others did it.
Law sections named in the catalog ("pbl § 5-1") are looked up directly. One
``CitationBook`` numbers the sources across a whole draft, one number per chunk.

An excerpt is one verbatim stretch of its chunk (whitespace-normalised; a cut end is
marked […]) and is never rewritten: another municipality's example keeps its own name
and is attributed outside the quotes ("Hole kommune skriver: «…»").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.answer.extractive import best_window, citation_for, split_sentences
from assistant.answer.generative import INSTRUCTION_LIKE
from assistant.domain import Citation, Hit, SearchFilters
from assistant.drafting import catalog
from assistant.drafting.catalog import SourceKind
from assistant.drafting.quality import finished, own_budget, readable, unquotable
from assistant.drafting.scrub import municipality_names, publisher_name
from assistant.retrieval.coverage import term_weights
from assistant.service import Assistant

EXCERPT_CHARS = 420
MARKUP = re.compile(r"</?\w+>|\*\*")
PARAGRAPH_REF = re.compile(r"^(\S+)\s+(§\s*[\d\w-]+)$")
PARAGRAPH = re.compile(r"^§\s*[\d\w-]+")
GUIDANCE = "veiledning"


class CitationBook:
    """One numbering for a draft: the same chunk always gets the same [n]."""

    def __init__(self, citations: Iterable[Citation] = ()) -> None:
        self.citations: list[Citation] = list(citations)
        self._numbers = {c.chunk_id: c.n for c in self.citations}

    def number(self, hit: Hit) -> int:
        if hit.chunk.id not in self._numbers:
            n = max(self._numbers.values(), default=0) + 1
            self._numbers[hit.chunk.id] = n
            self.citations.append(citation_for(n, hit))
        return self._numbers[hit.chunk.id]

    @property
    def used_chunks(self) -> set[str]:
        return set(self._numbers)


@dataclass(frozen=True)
class Excerpt:
    n: int
    kind: str
    label: str | None
    text: str
    by: str | None = None
    """The municipality whose example this is ("Hole"), named outside the quotes."""


def quote_line(excerpt: Excerpt, language: str) -> str:
    """A list item quoting ``excerpt`` word for word, labelled or attributed, and cited."""
    if excerpt.label:
        lead = f"{excerpt.label}: "
    elif excerpt.by:
        lead = catalog.text("attribution", language, name=excerpt.by) + " "
    else:
        lead = ""
    return f"- {lead}«{excerpt.text}» [{excerpt.n}]"


class SourceFinder:
    """Retrieval for one draft: restricted to ``doc_ids`` if given."""

    def __init__(self, assistant: Assistant, doc_ids: Sequence[str] = ()) -> None:
        self.assistant = assistant
        self.doc_ids = tuple(doc_ids)
        # What the caller may read: another organisation's documents are never sources.
        self._readable = [document.meta for document in assistant.documents()]
        self.doc_types = {meta.doc_type for meta in self._readable}
        self._names: set[str] | None = None
        if self.doc_ids:
            assistant.retriever().check_filters(SearchFilters(doc_ids=self.doc_ids))

    @property
    def names(self) -> set[str]:
        """Municipality names in the corpus (to tell a municipality's own budget)."""
        if self._names is None:
            self._names = municipality_names(self.assistant.store)
        return self._names

    def documents(self, kind: SourceKind, listed: Sequence[str] | None) -> tuple[str, ...]:
        """The indexed documents of ``kind`` a section may search: those the map lists for it
        and those the map names nowhere (uploaded later); all of them if it lists none."""
        of_kind = {meta.id for meta in self._readable if meta.doc_type == kind.doc_type}
        allowed = of_kind
        if listed is not None:
            allowed = (set(listed) | (of_kind - catalog.mapped_documents(kind.key))) & of_kind
        if self.doc_ids:
            allowed &= set(self.doc_ids)
        return tuple(sorted(allowed))

    def law(self, ref: str, query: str = "") -> Hit | None:
        """The chunk of a law section, e.g. ``law("pbl § 11-13")``; the best-matching part."""
        match = PARAGRAPH_REF.match(ref)
        if not match:
            raise ValueError(f"law reference '{ref}' is not like 'pbl § 4-1'")
        doc_id, paragraph = match[1], " ".join(match[2].split())
        chunks = [
            c
            for c in self.assistant.store.chunks
            if c.doc_id == doc_id and (c.section or "").startswith(paragraph + ".")
        ]
        if not chunks:
            return None
        weights = term_weights(self.assistant.store, query) if query else {}
        best = max(
            chunks, key=lambda c: best_window(split_sentences(c.text) or [c.text], weights).score
        )
        return Hit(best, 1.0)

    def find(
        self,
        kind: SourceKind,
        query: str,
        pinned: Sequence[str],
        avoid: set[str],
        documents: Sequence[str] | None = None,
    ) -> list[Hit]:
        """Pinned law sections first, then search hits (not yet quoted elsewhere first).

        ``documents`` limits the search to those documents (none: no search at all);
        ``None`` searches every document of the kind (or the draft's ``doc_ids``).
        """
        hits = [hit for ref in pinned if (hit := self.law(ref, query))]
        hits = [hit for hit in hits if not self.doc_ids or hit.chunk.doc_id in self.doc_ids]
        if kind.doc_type not in self.doc_types or (documents is not None and not documents):
            return hits
        doc_ids = self.doc_ids if documents is None else tuple(documents)
        filters = SearchFilters(doc_ids=doc_ids, doc_types=(kind.doc_type,))
        found = self.assistant.search(query, kind.top_k * 3, filters)
        taken = {hit.chunk.id for hit in hits}
        fresh = [h for h in found if h.chunk.id not in avoid | taken]
        stale = [h for h in found if h.chunk.id in avoid and h.chunk.id not in taken]
        return hits + fresh + stale

    def excerpts(
        self,
        book: CitationBook,
        kind: SourceKind,
        query: str,
        pinned: Sequence[str] = (),
        documents: Sequence[str] | None = None,
    ) -> list[Excerpt]:
        """Up to ``top_k`` readable, whole verbatim excerpts (pinned sections first), cited.

        Guidance that is a municipality's own budget or economic plan is passed over.
        """
        wanted = max(kind.top_k, len(pinned))
        excerpts: list[Excerpt] = []
        for hit in self.find(kind, query, pinned, book.used_chunks, documents):
            if len(excerpts) >= wanted:
                break
            if kind.doc_type == GUIDANCE and own_budget(
                f"{hit.chunk.section or ''}\n{hit.chunk.text}", self.names
            ):
                continue
            text = self.window(hit, query)
            if readable(text) and finished(text):
                excerpts.append(self.cite(book, kind, hit, text))
        return excerpts

    def window(self, hit: Hit, query: str) -> str:
        """The passage's best window for the query: consecutive sentences of the chunk,
        never its § heading, markup, debris, fragments or instructions; a cut end is
        marked […]."""
        sentences = split_sentences(hit.chunk.text) or [" ".join(hit.chunk.text.split())]
        heading = " ".join((hit.chunk.section or "").split())
        skip = {
            i
            for i, s in enumerate(sentences)
            if s == heading or MARKUP.search(s) or INSTRUCTION_LIKE.search(s) or unquotable(s)
        }
        if len(skip) == len(sentences):
            return ""  # nothing quotable (``readable`` then passes it over)
        weights = term_weights(self.assistant.store, query)
        text = best_window(sentences, weights, EXCERPT_CHARS, skip).text
        if heading and text.startswith(heading + " "):  # "§ 4-1. Planprogram Kongen kan …"
            text = text[len(heading) :].strip()
        return text

    def cite(self, book: CitationBook, kind: SourceKind, hit: Hit, text: str) -> Excerpt:
        label = None
        if kind.doc_type == "lov" and hit.chunk.section:
            meta = self.assistant.store.documents[hit.chunk.doc_id].meta
            paragraph = PARAGRAPH.match(hit.chunk.section)
            # the § alone: its heading is the law's (bokmål) wording, in the source list
            label = f"{meta.short or meta.id} {paragraph[0] if paragraph else hit.chunk.section}"
        by = None
        if kind.doc_type == "kommunalt-eksempel":
            meta = self.assistant.store.documents[hit.chunk.doc_id].meta
            by = publisher_name(meta.title, meta.publisher)
        return Excerpt(book.number(hit), kind.key, label, text, by)
