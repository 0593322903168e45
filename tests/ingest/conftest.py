"""Builders for small real PDF and Word files (no binary fixtures in the repository)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from assistant.domain import DocumentMeta


def _pdf_string(line: str) -> bytes:
    escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text page per string, lines split on newlines."""
    n = len(pages)
    page_ids = [4 + 2 * i for i in range(n)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % i for i in page_ids), n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for page_id, text in zip(page_ids, pages, strict=True):
        lines = b" Tj T* ".join(_pdf_string(line) for line in text.split("\n"))
        stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + lines + b" Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    if title:
        objects.append(b"<< /Title %s >>" % _pdf_string(title))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % len(objects) if title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """``make_pdf("a.pdf", ["page 1", "page 2"], title=None)`` writes a PDF into tmp_path."""

    def make(name: str, pages: list[str], title: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(pdf_bytes(pages, title))
        return path

    return make


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[[str, list[tuple[str, int | None]]], Path]:
    """``make_docx("a.docx", [("Title", 1), ("Body text", None)])``: heading level or None."""

    def make(name: str, blocks: list[tuple[str, int | None]]) -> Path:
        document = docx.Document()
        for text, level in blocks:
            if level is None:
                document.add_paragraph(text)
            else:
                document.add_heading(text, level=level)
        path = tmp_path / name
        document.save(str(path))
        return path

    return make


@pytest.fixture
def meta() -> Callable[[Path], DocumentMeta]:
    """Minimal metadata for a test file."""
    return lambda path: DocumentMeta(id=path.stem, file=path.name, title=path.stem)
