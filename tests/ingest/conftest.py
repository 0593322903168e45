"""Builders for small real PDF and Word files (no binary fixtures in the repository)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from assistant.domain import DocumentMeta
from tests.helpers import pdf_bytes


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
