"""Check an uploaded file before it goes near the corpus: a plain name, and content that is
what the name says and that reads.

Run while the upload request is still open, so a hostile or broken file gets a clear 4xx
at once instead of a queued job that fails later; the index is never touched.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from assistant.errors import DocumentError, UnsupportedMediaType
from ingest.loaders import SUPPORTED_SUFFIXES, check_reads

MAX_NAME = 120
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Marks that reorder how a name is shown ("report\u202efdp.exe" shows as "reportexe.pdf")."""
_SIGNATURES = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a zip archive",
    b"\x7fELF": "a program (ELF)",
    b"MZ": "a Windows program",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}
_EXPECTED = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}
_PDF_HEADER_WINDOW = 1024
"""Readers accept a PDF header anywhere in the first kilobyte."""


def safe_name(filename: str | None) -> str:
    """The upload's own file name (NFC), or an error saying why it cannot be used.

    Folders, control and direction-reversing characters and hidden names are refused
    rather than cleaned up, so a file is never stored under a name its sender did not see.
    """
    name = unicodedata.normalize("NFC", filename or "").strip()
    hint = f"give the file a plain name (up to {MAX_NAME} characters)"
    if "/" in name or "\\" in name:
        raise DocumentError(f"the file name must not contain a folder; {hint}")
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI_CONTROLS for c in name):
        raise DocumentError(f"the file name contains control characters; {hint}")
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise DocumentError(f"the file name '{shown}' cannot be used; {hint}")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedMediaType(
            f"{name}: unsupported file type; upload PDF, DOCX, Markdown (.md) or text (.txt)"
        )
    return name


def _kind(head: bytes) -> str | None:
    return next((kind for magic, kind in _SIGNATURES.items() if head.startswith(magic)), None)


def check_content_type(path: Path) -> None:
    """Refuse content that is not what the file name says (an ELF or PNG named .pdf)."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_HEADER_WINDOW)
    suffix = path.suffix.lower()
    expected = _EXPECTED.get(suffix)
    if expected == b"%PDF-":
        matches = expected in head
    elif expected is not None:
        matches = head.startswith(expected)
    else:  # text: no known binary signature, no NUL bytes
        matches = _kind(head) is None and b"\x00" not in head
    if not matches:
        found = _kind(head) or "binary data"
        raise UnsupportedMediaType(
            f"{path.name} is named {suffix} but its content is {found}; upload the document "
            "itself as PDF, DOCX, Markdown (.md) or text (.txt)"
        )


def screen_upload(path: Path) -> None:
    """Raise a ``DocumentError`` (4xx) unless ``path`` is of its kind and reads as a document.
    Its name passed ``safe_name``, which refused a type no loader reads."""
    if path.stat().st_size == 0:
        raise DocumentError(f"{path.name} is empty")
    check_content_type(path)
    check_reads(path)
