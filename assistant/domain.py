"""Plain data shared by ingest, retrieval, answering, API and evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    ref_id: str | None = None
    """A law's official reference ("lov/2008-06-27-71"); the manifest or the file's front matter."""
    date_in_force: str | None = None
    last_change_in_force: str | None = None
    """ISO date of the latest change in force in the consolidated text we hold."""
    superseded_by: str | None = None
    """What replaces this document (an id, title or ref): it is never cited as current."""
    collection: str = "national"
    """Who may read it: ``national`` (everyone) or an organisation (``assistant/scope.py``)."""


@dataclass(frozen=True)
class Amendment:
    """The act that last changed a law §, from its «Endret ved …» note (not part of the text)."""

    ref: str
    """The amending act, e.g. "lov/2025-06-20-93"."""
    in_force: str | None = None
    """ISO date the change came into force; None when the note does not say."""


@dataclass(frozen=True)
class SourceVersion:
    """Which version of a source a passage is: what its citation must say about currency.

    Kept as chunk metadata, never in the embedded text, so vectors stay as they are.
    """

    name: str
    """How a citation names the document: "pbl"."""
    ref: str | None = None
    in_force: str | None = None
    last_change: str | None = None
    amended_by: str | None = None
    """The act that last changed this § (None: unchanged since the law came into force)."""
    amended_in_force: str | None = None
    superseded_by: str | None = None

    @classmethod
    def of(cls, meta: DocumentMeta, amendment: Amendment | None = None) -> SourceVersion | None:
        """The version facts of a passage of ``meta``; None for a current non-law document."""
        if not (meta.ref_id or meta.superseded_by or amendment):
            return None
        return cls(
            name=meta.short or meta.id,
            ref=meta.ref_id,
            in_force=meta.date_in_force,
            last_change=meta.last_change_in_force,
            amended_by=amendment.ref if amendment else None,
            amended_in_force=amendment.in_force if amendment else None,
            superseded_by=meta.superseded_by,
        )


def _revive_version(record: Any) -> None:
    """Turn a ``version`` read back from JSON (index chunk table, stored drafts) into its class."""
    if isinstance(record.version, dict):
        object.__setattr__(record, "version", SourceVersion(**record.version))


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
    amendment: Amendment | None = None


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
    version: SourceVersion | None = None
    """Law ref, dates and the §'s last amendment; metadata only (see ``indexed_text``)."""
    collection: str = "national"
    """Its document's collection: retrieval keeps to the ones the asker may read."""

    def __post_init__(self) -> None:
        _revive_version(self)


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
    version: SourceVersion | None = None

    def __post_init__(self) -> None:
        _revive_version(self)


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
