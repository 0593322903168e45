"""Hostile uploads: each is refused at once with a clear 4xx JSON, and nothing changes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.hostile import files
from tests.hostile.conftest import MAX_UPLOAD, Report, kept, snapshot

Case = tuple[str, str, Callable[[], bytes], int, str]
"""(case, file name, content builder, expected status, expected words in the detail)"""

REFUSED: list[Case] = [
    ("corrupt PDF", "korrupt.pdf", files.corrupt_pdf, 422, "is not a readable PDF"),
    ("encrypted PDF", "kryptert.pdf", files.encrypted_pdf, 422, "is encrypted"),
    ("image-only PDF", "skannet.pdf", files.image_only_pdf, 422, "contains no text"),
    ("zero-page PDF", "null.pdf", files.zero_page_pdf, 422, "has no pages"),
    ("DOCX zip bomb", "bombe.docx", files.docx_zip_bomb, 422, "more than a Word document"),
    ("ELF named .pdf", "program.pdf", files.elf_program, 415, "its content is a program"),
    ("PNG named .docx", "bilde.docx", files.png_image, 415, "its content is a PNG image"),
    ("PNG named .md", "bilde.md", files.png_image, 415, "its content is a PNG image"),
    ("0-byte file", "tom.txt", lambda: b"", 422, "is empty"),
    ("oversize file", "stor.txt", lambda: b"a" * (MAX_UPLOAD + 1), 413, "upload limit"),
    ("name ../../etc/passwd.pdf", "../../etc/passwd.pdf", files.encrypted_pdf, 422, "folder"),
    ("absolute name /etc/passwd.md", "/etc/passwd.md", lambda: b"# x\n\ny", 422, "folder"),
    ("NUL in name", "plan\x00.md", lambda: b"# x\n\ny", 422, "control characters"),
    ("RTL override in name", "rapport\u202edm.exe.md", lambda: b"# x", 422, "control"),
    ("300-character name", "p" * 300 + ".md", lambda: b"# x\n\ny", 422, "plain name"),
    ("hidden name", ".env.md", lambda: b"# x\n\ny", 422, "plain name"),
    ("unsupported type", "plan.exe", files.elf_program, 415, "unsupported file type"),
]


@pytest.mark.parametrize(
    ("case", "name", "content", "status", "words"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_hostile_upload_is_refused_and_nothing_changes(
    hostile_client: TestClient,
    hostile_settings: Settings,
    report: Report,
    case: str,
    name: str,
    content: Callable[[], bytes],
    status: int,
    words: str,
) -> None:
    before = snapshot(hostile_client, hostile_settings)
    body, headers = files.multipart(name, content())
    response = hostile_client.post("/v1/documents", content=body, headers=headers)
    after = snapshot(hostile_client, hostile_settings)
    detail = response.json().get("detail", "")
    report.add(case, "upload", response.status_code, detail, after == before)
    assert response.status_code == status, detail
    assert words in detail
    assert after == before
    assert not (hostile_settings.corpus_dir.parent / "etc").exists()


ACCEPTED_NAMES = [
    ("NFD file name", unicodedata.normalize("NFD", "planområde.md"), "planområde.md"),
    ("emoji file name", "fjellplan 🏔️.md", "fjellplan 🏔️.md"),
    # python-multipart keeps only the last part of a Windows path (old browsers sent them)
    ("Windows path name", "C:\\Temp\\vindplan.md", "vindplan.md"),
]


@pytest.mark.parametrize(
    ("case", "sent", "stored"), ACCEPTED_NAMES, ids=[c[0] for c in ACCEPTED_NAMES]
)
def test_odd_but_harmless_names_are_stored_as_nfc(
    hostile_client: TestClient,
    hostile_settings: Settings,
    report: Report,
    upload: Callable[[str, bytes], dict],
    case: str,
    sent: str,
    stored: str,
) -> None:
    before = snapshot(hostile_client, hostile_settings)
    job = upload(sent, f"# {case}\n\nFjellområdet får egne regler for hyttebygging.\n".encode())
    after = snapshot(hostile_client, hostile_settings)
    report.add(
        case, "upload", 202, f"job {job['status']}: stored as {stored!r}", kept(before, after)
    )
    assert job["status"] == "done", job
    assert stored in after["files"] and kept(before, after)
