"""Plain data shared by ingest, retrieval, answering, API and evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentMeta:
    """A corpus document's fixed facts (from ``corpus/manifest.yaml`` or guessed)."""

    id: str
    file: str
    title: str
    doc_type: str = "annet"
    language: str = "nb"
    short: str | None = None
    publisher: str | None = None
    date: str | None = None
    source: str | None = None
    ocr: bool = False
    """Text came through OCR: repair lost æ/ø/å where the corpus vocabulary allows."""


@dataclass(frozen=True)
class Section:
    """A logical unit a loader found: a law §, a headed part of a text, or a PDF page.

    ``start`` is the character offset of ``text`` in the document's cleaned full text.
    """

    text: str
    start: int
    section: str | None = None
    chapter: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class RawDocument:
    meta: DocumentMeta
    sections: list[Section]
    content_hash: str
    """sha256 of the file bytes; decides whether a document changed."""


@dataclass(frozen=True)
class Chunk:
    """A passage that is embedded, indexed and cited."""

    id: str
    doc_id: str
    title: str
    doc_type: str
    language: str
    text: str
    start: int
    end: int
    content_hash: str
    section: str | None = None
    chapter: str | None = None
    page: int | None = None


def indexed_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: its text under the document title and
    section path, so a passage that never names its law, plan or municipality is still found
    by them (the chunk's ``text`` itself stays the exact, citable slice)."""
    path = " › ".join(
        part for part in (chunk.chapter, chunk.section) if part and not chunk.text.startswith(part)
    )
    return "\n".join(part for part in (chunk.title, path) if part) + "\n\n" + chunk.text


def location(section: str | None, page: int | None) -> str:
    """Where in a document a passage is, as a citation says it: "§ 5-1. Medvirkning, s. 3"."""
    return ", ".join(part for part in (section, f"s. {page}" if page else None) if part)


@dataclass(frozen=True)
class Hit:
    """A chunk with its fused score; the per-retriever scores explain the ranking."""

    chunk: Chunk
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    coverage: float | None = None
    """Weighted share of the question's terms the passage holds (set by reranking)."""


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    section: str | None
    page: int | None
    excerpt: str
    score: float
    chunk_id: str


@dataclass(frozen=True)
class Answer:
    text: str
    language: str
    citations: list[Citation]
    abstained: bool
    mode: str = "extractive"
    passages: list[Hit] = field(default_factory=list)
    """The passages the answerer was given (retrieved hits, for citations and ranking)."""
    context: list[str] = field(default_factory=list)
    """The text the answerer actually saw: the quoted passages, or the trimmed ones the LLM
    was prompted with (what the evaluation's context recall is measured over)."""
    timings: dict[str, float] = field(default_factory=dict)
    notice: str | None = None
    """Said to the user besides the answer, e.g. that the LLM was unreachable."""
    unsupported_sentences: list[str] = field(default_factory=list)
    """Generated sentences removed because no cited passage supports them."""
    question: str | None = None
    """The question as answered (a follow-up rewritten to stand alone)."""
    relevance: float | None = None
    """The evidence score the decline decision was made on (higher: better covered)."""


@dataclass(frozen=True)
class SearchFilters:
    """Restrict retrieval to some documents, document types or languages (empty = all)."""

    doc_ids: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def allows(self, chunk: Chunk) -> bool:
        return (
            (not self.doc_ids or chunk.doc_id in self.doc_ids)
            and (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.languages or chunk.language in self.languages)
        )

    def where(self) -> dict[str, object] | None:
        """The same restriction as a Chroma ``where`` clause."""
        clauses: list[dict[str, object]] = [
            {key: {"$in": list(values)}}
            for key, values in (
                ("doc_id", self.doc_ids),
                ("doc_type", self.doc_types),
                ("language", self.languages),
            )
            if values
        ]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}
