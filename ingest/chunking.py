"""Cut a ``RawDocument`` into citable chunks that keep their structure.

Structure first: a law § or a headed section that fits is one chunk, so a citation names a
whole unit. Longer sections are cut between *units*: runs of blank-line separated blocks
that belong together. A block that ends in a lead-in (":") or is a heading, a list item
after its lead-in, and a sentence broken over a blank line (PDF text) all stay with their
neighbour, so a list is never cut from the sentence that introduces it and a slide's
heading stays with its bullets. Units are packed greedily up to ``chunk_size``; only a
unit longer than that is split at line and sentence boundaries.

A chunk's ``text`` is always ``full_text(doc)[start:end]``, so offsets and excerpts stay exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.domain import Chunk, RawDocument, Section, SourceVersion
from assistant.text import COMPLETE, LIST_ITEM
from ingest.loaders import SECTION_SEPARATOR

TINY_SECTION = 200
"""Sections shorter than this (slide fragments, list items) are merged with their neighbours."""
HEADING_CHARS = 80
"""A block this short without a sentence end reads as a heading."""
HEADING_LINES = 2
"""A heading wraps at most onto a second line (a title over its subtitle)."""
_SEPARATORS = ["\n\n", "\n", ". ", " ", ""]
_HAS_LETTER = re.compile(r"[^\W\d_]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


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


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated block of ``text[start:end]``."""
    blocks, position = [], start
    for match in _BLANK_LINES.finditer(text, start, end):
        if match.start() > position:
            blocks.append((position, match.start()))
        position = match.end()
    if position < end:
        blocks.append((position, end))
    return blocks


def _is_heading(block: str) -> bool:
    """A short block without a sentence end: one line, or a title over a subtitle, each
    line opening with a capital ("Kristiansand kommune" over "Avklare roller, Utvikle
    tilbud og tjenester"); a phrase wrapped mid-sentence goes on in lower case ("Tettare
    dialog med" over "kommunane") and is a slide's statement, not its heading."""
    lines = block.strip().split("\n")
    titled = len(lines) == 1 or (
        len(lines) <= HEADING_LINES and all(line.strip()[:1].isupper() for line in lines)
    )
    return titled and len(block) <= HEADING_CHARS and not COMPLETE.search(block)


def _belongs_together(before: str, after: str) -> bool:
    """Whether ``after`` must stay in the chunk of the block ``before`` it: a slide's
    question over its bullets ("Hvem skal være med i prosessen?") introduces them as a
    lead-in does."""
    before, after = before.strip(), after.strip()
    is_item = bool(LIST_ITEM.match(after))
    asks = before.endswith("?") and len(before) <= HEADING_CHARS and is_item
    leads_in = before.endswith(":") or _is_heading(before) or asks
    list_goes_on = is_item and bool(LIST_ITEM.match(before.rsplit("\n", 1)[-1]))
    sentence_goes_on = not COMPLETE.search(before) and after[:1].islower()
    return leads_in or list_goes_on or sentence_goes_on


def _units(text: str, span: _Span) -> list[tuple[int, int]]:
    """Runs of blocks that belong together, as (start, end) offsets."""
    units: list[tuple[int, int]] = []
    previous = ""
    for start, end in _blocks(text, span.start, span.end):
        if units and _belongs_together(previous, text[start:end]):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
        previous = text[start:end]
    return units


def _pack(
    span: _Span, text: str, chunk_size: int, splitter: RecursiveCharacterTextSplitter
) -> Iterator[_Span]:
    """Fill chunks with whole units; split only a unit that alone is too long."""
    current: tuple[int, int] | None = None
    for start, end in _units(text, span):
        if current is not None and end - current[0] <= chunk_size:
            current = (current[0], end)
            continue
        if current is not None:
            yield _Span(*current, span.first)
        if end - start <= chunk_size:
            current = (start, end)
            continue
        current = None
        for piece in splitter.create_documents([text[start:end]]):
            piece_start = start + piece.metadata["start_index"]
            yield _Span(piece_start, piece_start + len(piece.page_content), span.first)
    if current is not None:
        yield _Span(*current, span.first)


def chunk_document(
    doc: RawDocument, chunk_size: int = 1000, chunk_overlap: int = 150
) -> list[Chunk]:
    """Chunks of at most ``chunk_size`` characters, in document order, with exact offsets.

    ``chunk_overlap`` applies only where a single over-long unit has to be split.
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
        fits = span.end - span.start <= chunk_size
        for piece in [span] if fits else _pack(span, text, chunk_size, splitter):
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
        version=SourceVersion.of(meta, span.first.amendment),
        collection=meta.collection,
    )
