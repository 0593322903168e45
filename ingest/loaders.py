"""Turn a file into a ``RawDocument``: one loader per format, then one cleaning pass.

Loaders return sections of raw text; ``load_document`` cleans each section and lays the
sections out so that ``"\\n\\n".join(section.text)`` is the document's full text and every
``Section.start`` is an exact offset into it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.document import Document as WordDocument
from docx.table import Table
from pypdf import PdfReader

from assistant.domain import Amendment, DocumentMeta, RawDocument, Section
from assistant.errors import DocumentError, PlanassistError
from ingest.amendments import NOTE, last_amendment
from ingest.clean import OcrRepairer, normalise_text

SECTION_SEPARATOR = "\n\n"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_FOOTNOTE_REF = re.compile(r"\[\^\w+\]")
_LAW_HEADING = re.compile(r"^#{1,6}[ \t]+§", re.MULTILINE)
_CHAPTER = re.compile(r"^Kapittel\s+\d+")
# "1.2 Formålet med planen", "2.0 Rammer": a short numbered line starting with a capital,
# not a sentence (no final full stop or comma).
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÆØÅ].{0,80}(?<![.,])$")
_LIST_NUMBER = re.compile(r"^\s*(\d{1,2})\.[ \t]+\S")
_WORD_HEADING_STYLES = ("heading", "overskrift", "title", "tittel")

_Part = tuple[str, str | None, str | None, int | None, Amendment | None]
"""A section before cleaning: (text, section label, chapter, page, last amendment)."""


def _sections(parts: Iterable[_Part]) -> list[Section]:
    """Lay out parts, dropping blank ones, with exact offsets."""
    sections, start = [], 0
    for text, section, chapter, page, amendment in parts:
        if text.strip():
            sections.append(Section(text, start, section, chapter, page, amendment))
            start += len(text) + len(SECTION_SEPARATOR)
    return sections


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else Windows-1252/Latin-1 if plausible."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            if not _CONTROL_CHARS.search(text):
                return text
    raise DocumentError(f"{path.name} is not a text file")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate a Markdown file's YAML front matter (unreadable front matter counts as none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def open_pdf(path: Path, data: bytes) -> PdfReader:
    """Open a PDF, turning pypdf's failures into messages for the user."""
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises PdfReadError but also ValueError, KeyError, …
        raise DocumentError(f"{path.name} is not a readable PDF ({exc})") from exc
    if encrypted:
        try:
            readable = bool(reader.decrypt(""))  # only an owner password: readable as is
        except Exception:  # wrong algorithm, missing crypto backend, …
            readable = False
        if not readable:
            raise DocumentError(f"{path.name} is encrypted; remove the password and try again")
    return reader


def _split_at_headings(
    lines: Iterable[tuple[str, bool]], heading: str | None, page: int | None
) -> tuple[list[_Part], str | None]:
    """Start a part at each (line, is_heading) heading; returns the parts and the last heading."""
    parts: list[_Part] = []
    current: list[str] = []
    for line, is_heading in lines:
        if is_heading and line.strip():
            parts.append(("\n".join(current), heading, None, page, None))
            current, heading = [], line.strip()
        current.append(line)
    parts.append(("\n".join(current), heading, None, page, None))
    return parts, heading


def _list_number(line: str) -> int | None:
    match = _LIST_NUMBER.match(line)
    return int(match.group(1)) if match else None


def _list_items(lines: list[str]) -> set[int]:
    """Indexes of numbered lines that are a list's items, not headings: lines in a row
    numbered one apart ("1. Målgruppe(r)" / "2. Målsetning(er)" on a slide). Headings have
    body text or a blank line between them. (Items apart, "12. Bustad …", blank, "11.
    Institusjon", are not told from headings: allowing six lines between moved slide lists
    under unrelated headings and lost calibration facts.)"""
    numbers = [_list_number(line) for line in lines]
    return {
        i + offset
        for i, (first, second) in enumerate(pairwise(numbers))
        if first is not None and second is not None and abs(first - second) == 1
        for offset in (0, 1)
    }


def _split_numbered(pages: list[str], paged: bool) -> list[Section]:
    """Split pages at numbered heading lines (not at a numbered list's items); a heading
    carries over to the following pages."""
    parts: list[_Part] = []
    heading = None
    for page, page_text in enumerate(pages, start=1):
        lines = page_text.split("\n")
        items = _list_items(lines)
        headings = (
            (line, i not in items and bool(_NUMBERED_HEADING.match(line)))
            for i, line in enumerate(lines)
        )
        page_parts, heading = _split_at_headings(headings, heading, page if paged else None)
        parts += page_parts
    return _sections(parts)


def load_text(path: Path) -> list[Section]:
    """Plain text; form feeds (from PDF-to-text tools) are page breaks."""
    pages = decode_text(path, path.read_bytes()).split("\f")
    return _split_numbered(pages, paged=len(pages) > 1)


def load_pdf(path: Path) -> list[Section]:
    reader = open_pdf(path, path.read_bytes())
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # a broken content stream surfaces only when extracting
        raise DocumentError(f"{path.name} is not a readable PDF ({exc})") from exc
    if not pages:
        raise DocumentError(f"{path.name} has no pages")
    return _split_numbered(pages, paged=True)


def _docx_blocks(document: WordDocument) -> Iterable[tuple[str, bool]]:
    """Paragraphs and tables in document order, as (text, is_heading)."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = (" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
            yield "\n".join(rows), False
        else:
            style = (block.style.name if block.style is not None else "").lower()
            yield block.text, style.startswith(_WORD_HEADING_STYLES)


MAX_DOCX_UNPACKED = 256 * 1024 * 1024
MAX_DOCX_RATIO = 100
"""Word's XML packs about 10:1; far more than this is a zip bomb, refused before parsing."""


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse a .docx whose members unpack to far more than a document holds."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentError(f"{path.name} is not a readable Word document") from exc
    too_large = unpacked > MAX_DOCX_UNPACKED
    if too_large or (unpacked > MAX_DOCX_UNPACKED // 8 and unpacked > MAX_DOCX_RATIO * len(data)):
        raise DocumentError(
            f"{path.name} unpacks to {unpacked / 1024 / 1024:,.0f} MB from "
            f"{len(data) / 1024:,.0f} KB, more than a Word document holds; refused unread"
        )


def load_docx(path: Path) -> list[Section]:
    data = path.read_bytes()
    _check_unpacked_size(path, data)
    try:
        blocks = list(_docx_blocks(docx.Document(io.BytesIO(data))))
    except Exception as exc:  # zip, XML and package errors all mean the same to the user
        raise DocumentError(f"{path.name} is not a readable Word document") from exc
    return _sections(_split_at_headings(blocks, None, None)[0])


def _markdown_parts(body: str, law: bool) -> list[_Part]:
    """One part per heading; in a law only §§ and headings with their own body text count.

    A law's amendment notes are not text: they become the part's last amendment.
    """
    parts: list[_Part] = []
    heading, chapter, chapter_level, lines, notes = None, None, 0, [], []

    def flush() -> None:
        has_body = any(line.strip() for line in lines)
        is_paragraph = heading is not None and heading.startswith("§")
        if has_body or (law and is_paragraph):
            text = "\n".join(lines) if heading is None else "\n".join([heading, "", *lines])
            parts.append((text, heading, chapter, None, last_amendment(notes)))

    for raw in body.split("\n"):
        line = _MD_FOOTNOTE_REF.sub("", _MD_LINK.sub(r"\1", raw))
        match = _MD_HEADING.match(line)
        if match:
            flush()
            heading, lines, notes, level = match.group(2), [], [], len(match.group(1))
            if law and _CHAPTER.match(heading):
                chapter, chapter_level = heading, level
            elif level < chapter_level:  # a part heading ends the chapter
                chapter, chapter_level = None, 0
        elif law and NOTE.match(raw):
            notes.append(raw)
        else:
            lines.append(line)
    flush()
    return parts


def load_markdown(path: Path) -> list[Section]:
    _, body = split_front_matter(decode_text(path, path.read_bytes()))
    return _sections(_markdown_parts(body, law=bool(_LAW_HEADING.search(body))))


LOADERS: dict[str, Callable[[Path], list[Section]]] = {
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
}
SUPPORTED_SUFFIXES = frozenset(LOADERS)
"""The file types a loader reads: what the corpus picks up and an upload may be."""


def _loader(path: Path) -> Callable[[Path], list[Section]]:
    """The loader for ``path``'s type; a ``DocumentError`` naming the supported ones."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise DocumentError(
            f"{path.name}: unsupported file type '{path.suffix}' (supported: {supported})"
        )
    return loader


def check_document(path: Path) -> None:
    """Raise an error that says why, unless ``path`` is a file of a supported type that
    reads as a document: checked before a file joins the documents, so a broken one never
    reaches them (what it reads is not kept)."""
    _loader(path)
    if not path.is_file():
        raise PlanassistError(f"{path}: no such file")
    check_reads(path)


def check_reads(path: Path) -> None:
    """Raise a ``DocumentError`` that says why, unless the file at ``path``, of a
    supported type, reads as a document (what it reads is not kept)."""
    load_document(path, DocumentMeta(id=path.stem, file=path.name, title=path.stem))


def load_document(
    path: Path, meta: DocumentMeta, repairer: OcrRepairer | None = None
) -> RawDocument:
    """Read, parse and clean one file; raises ``DocumentError`` with a message for the user.

    ``repairer`` (if given) undoes OCR damage; pass it only for documents known to be damaged.
    """
    loader = _loader(path)
    data = path.read_bytes()
    if not data:
        raise DocumentError(f"{path.name} is empty")

    def clean(text: str) -> str:
        text = normalise_text(text).strip()
        return repairer.repair(text) if repairer else text

    cleaned = _sections(
        (clean(s.text), s.section and clean(s.section), s.chapter, s.page, s.amendment)
        for s in loader(path)
    )
    if not cleaned:
        scanned = (
            " (a scanned PDF needs text recognition, OCR, first)" if loader is load_pdf else ""
        )
        raise DocumentError(f"{path.name} contains no text{scanned}")
    return RawDocument(meta, cleaned, hashlib.sha256(data).hexdigest())
