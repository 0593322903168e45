"""Hostile files, made at run time: nothing binary is kept in git."""

from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

import numpy as np
from pypdf import PdfReader, PdfWriter

from tests.helpers import pdf_bytes

PLAIN_TEXT = "Planstrategien skal vedtas av kommunestyret innen ett år etter valget."


def corrupt_pdf() -> bytes:
    """A PDF header followed by noise: no objects, no cross-reference table."""
    return b"%PDF-1.7\n" + random.Random(14).randbytes(4096)


def encrypted_pdf() -> bytes:
    """A real text PDF locked with a user password (AES)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([PLAIN_TEXT]))))
    writer.encrypt(user_password="hemmelig", algorithm="AES-128")
    return _written(writer)


def zero_page_pdf() -> bytes:
    return _written(PdfWriter())


def image_only_pdf() -> bytes:
    """A page holding only a picture, as a scanner makes it: no text layer."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 2))
    figure.figimage(np.random.default_rng(14).random((64, 64)))
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    return out.getvalue()


def png_image() -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    figure.figimage(np.random.default_rng(14).random((16, 16)))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def elf_program() -> bytes:
    """The first 16 KB of the running Python interpreter (an ELF binary on Linux)."""
    with Path(sys.executable).resolve().open("rb") as handle:
        return handle.read(16 * 1024)


def docx_zip_bomb(unpacked_mb: int = 48) -> bytes:
    """A .docx whose document.xml unpacks to ``unpacked_mb`` MB from a few dozen KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(block)
    return out.getvalue()


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def multipart(filename: str, content: bytes) -> tuple[bytes, dict[str, str]]:
    """A multipart upload whose file name goes out byte for byte (httpx would escape NUL)."""
    boundary = "hostile-boundary-14"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode("utf-8", "surrogatepass") + content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"content-type": f"multipart/form-data; boundary={boundary}"}
