"""Cut a ``RawDocument`` into citable chunks.

Structure first: a law § or a headed section that fits is one chunk, so a citation names a
whole unit; only longer sections are split, at paragraph, line and sentence boundaries. A
chunk's ``text`` is always ``full_text(doc)[start:end]``, so offsets and excerpts stay exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.domain import Chunk, RawDocument, Section
from ingest.loaders import SECTION_SEPARATOR

TINY_SECTION = 200
"""Sections shorter than this (slide fragments, list items) are merged with their neighbours."""
_SEPARATORS = ["\n\n", "\n", ". ", " ", ""]
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class _Span:
    """A stretch of the full text that becomes one chunk, labelled by its first section."""

    start: int
    end: int
    first: Section


def full_text(doc: RawDocument) -> str:
    """The cleaned text every ``Section.start`` and ``Chunk.start`` points into."""
    return SECTION_SEPARATOR.join(section.text for section in doc.sections)


def _end(section: Section) -> int:
    return section.start + len(section.text)


def _is_law_paragraph(section: Section) -> bool:
    return (section.section or "").startswith("§")


def _can_merge(span: _Span, section: Section, chunk_size: int) -> bool:
    """Merge runs of tiny sections of one page and chapter; never a law § (a citation unit)."""
    first = span.first
    return (
        len(first.text) < TINY_SECTION
        and len(section.text) < TINY_SECTION
        and _end(section) - span.start <= chunk_size
        and not (_is_law_paragraph(first) or _is_law_paragraph(section))
        and (first.chapter, first.page) == (section.chapter, section.page)
    )


def _section_spans(doc: RawDocument, chunk_size: int) -> Iterator[_Span]:
    """One span per section, with runs of tiny non-law sections merged."""
    span: _Span | None = None
    for section in doc.sections:
        if span is not None and _can_merge(span, section, chunk_size):
            span = _Span(span.start, _end(section), span.first)
            continue
        if span is not None:
            yield span
        span = _Span(section.start, _end(section), section)
    if span is not None:
        yield span


def _split(span: _Span, text: str, splitter: RecursiveCharacterTextSplitter) -> Iterator[_Span]:
    """Split a long span into pieces, with offsets located by the splitter itself."""
    piece_text = text[span.start : span.end]
    for piece in splitter.create_documents([piece_text]):
        start = span.start + piece.metadata["start_index"]
        yield _Span(start, start + len(piece.page_content), span.first)


def chunk_document(
    doc: RawDocument, chunk_size: int = 1200, chunk_overlap: int = 150
) -> list[Chunk]:
    """Chunks of at most ``chunk_size`` characters, in document order, with exact offsets.

    Example: ``chunk_document(load_document(Path("corpus/plan-og-bygningsloven.md"), meta))[0]``
    has id ``"pbl:0000"`` and section ``"§ 1-1. Lovens formål"``.
    """
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=_SEPARATORS,
        keep_separator="end",  # a sentence keeps its full stop; no piece starts with ". "
        add_start_index=True,
    )
    text = full_text(doc)
    chunks: list[Chunk] = []
    for span in _section_spans(doc, chunk_size):
        pieces = [span] if span.end - span.start <= chunk_size else _split(span, text, splitter)
        for piece in pieces:
            piece_text = text[piece.start : piece.end]
            if not _HAS_LETTER.search(piece_text):
                continue  # lone page numbers, rules, bullets
            chunks.append(_make_chunk(doc, len(chunks), piece, piece_text))
    return chunks


def _make_chunk(doc: RawDocument, ordinal: int, span: _Span, text: str) -> Chunk:
    meta = doc.meta
    return Chunk(
        id=f"{meta.id}:{ordinal:04d}",
        doc_id=meta.id,
        title=meta.title,
        doc_type=meta.doc_type,
        language=meta.language,
        text=text,
        start=span.start,
        end=span.end,
        content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
        section=span.first.section,
        chapter=span.first.chapter,
        page=span.first.page,
    )
