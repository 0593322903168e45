from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.domain import DocumentMeta, RawDocument
from assistant.errors import DocumentError
from ingest.chunking import full_text
from ingest.clean import OcrRepairer
from ingest.loaders import LOADERS, SUPPORTED_SUFFIXES, load_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MetaFor = Callable[[Path], DocumentMeta]

LAW_EXCERPT = """\
---
title: "Lov om noe"
type: "lov"
---

# Lov om noe (noeloven)

## Første del: Alminnelig del

### Kapittel 1. Innledende bestemmelser

### § 1-1. Formål

Loven skal fremme god planlegging, jf. [§ 4-1](lov/2008-06-27-71/§4-1).

> Endret ved lov [11 mai 2021 nr. 37](lov/2021-05-11-37).

### Kapittel 2. Plikter

### § 2-1. Plikt til plan

Kommunen skal ha en plan.

Planen skal vedtas.

> Tilføyd ved lov [20 juni 2025 nr. 69](lov/2025-06-20-69).
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_offsets_exact(doc: RawDocument) -> None:
    text = full_text(doc)
    for section in doc.sections:
        assert text[section.start : section.start + len(section.text)] == section.text


def test_loaders_cover_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == set(LOADERS) == {".pdf", ".docx", ".md", ".markdown", ".txt"}


class TestMarkdown:
    def test_law_excerpt_one_section_per_paragraph(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "noeloven.md", LAW_EXCERPT)
        doc = load_document(path, meta(path))
        assert [(s.section, s.chapter) for s in doc.sections] == [
            ("§ 1-1. Formål", "Kapittel 1. Innledende bestemmelser"),
            ("§ 2-1. Plikt til plan", "Kapittel 2. Plikter"),
        ]
        assert doc.sections[0].text == (
            "§ 1-1. Formål\n\nLoven skal fremme god planlegging, jf. § 4-1."
        )
        assert doc.sections[1].text.endswith("Planen skal vedtas.")
        assert_offsets_exact(doc)

    def test_real_plan_og_bygningsloven(self, meta: MetaFor) -> None:
        path = CORPUS / "plan-og-bygningsloven.md"
        doc = load_document(path, meta(path))
        planstrategi = [s for s in doc.sections if (s.section or "").startswith("§ 10-1.")]
        assert len(planstrategi) == 1
        assert planstrategi[0].section == "§ 10-1. Kommunal planstrategi"
        assert planstrategi[0].chapter == "Kapittel 10. Kommunal planstrategi"
        assert "kommunal planstrategi" in planstrategi[0].text
        assert not any("](lov/" in s.text or "Endret ved" in s.text for s in doc.sections)
        assert not any(s.text.startswith("---") for s in doc.sections)  # front matter gone
        assert_offsets_exact(doc)

    def test_generic_markdown_one_section_per_heading(self, tmp_path: Path, meta: MetaFor) -> None:
        text = "Innledning uten overskrift.\n\n# Plan\n\nTekst [lenke](http://x).\n\n## Mål\n\nMer."
        path = write(tmp_path, "notat.markdown", text)
        doc = load_document(path, meta(path))
        assert [s.section for s in doc.sections] == [None, "Plan", "Mål"]
        assert doc.sections[1].text == "Plan\n\nTekst lenke."


class TestPlainText:
    def test_numbered_headings_start_sections(self, tmp_path: Path, meta: MetaFor) -> None:
        text = (
            "Forord\n\n1.0 Innledning\nPlan-\nlegging er viktig.\n\n1.2 Formålet med planen\nMål."
        )
        path = write(tmp_path, "plan.txt", text)
        doc = load_document(path, meta(path))
        assert [s.section for s in doc.sections] == [
            None,
            "1.0 Innledning",
            "1.2 Formålet med planen",
        ]
        assert doc.sections[1].text == "1.0 Innledning\nPlanlegging er viktig."
        assert all(s.page is None for s in doc.sections)
        assert_offsets_exact(doc)

    def test_sentences_and_numbers_are_not_headings(self, tmp_path: Path, meta: MetaFor) -> None:
        text = "Tekst\n1. Skape gode rammer for prosessen.\n2022 – 2032\n4934 3579\n"
        path = write(tmp_path, "liste.txt", text)
        assert [s.section for s in load_document(path, meta(path)).sections] == [None]

    def test_numbered_list_items_are_not_headings(self, tmp_path: Path, meta: MetaFor) -> None:
        text = (
            "1. Innledning\nTo hoveddeler i reformen\n\n1. Styrking av kompetansen\n"
            "2. Bred tilrettelegging i alle sektorer\n\n2. Bakgrunn\nTekst."
        )
        path = write(tmp_path, "lysbilder.txt", text)
        doc = load_document(path, meta(path))
        assert [s.section for s in doc.sections] == ["1. Innledning", "2. Bakgrunn"]
        assert "To hoveddeler i reformen\n\n1. Styrking" in doc.sections[0].text

    def test_form_feeds_are_pages(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "sider.txt", "Side en\n1. Kapittel\ntekst\fmer tekst\f\f3\fslutt")
        doc = load_document(path, meta(path))
        assert [(s.page, s.section) for s in doc.sections] == [
            (1, None),
            (1, "1. Kapittel"),
            (2, "1. Kapittel"),
            (4, "1. Kapittel"),
            (5, "1. Kapittel"),
        ]

    def test_latin1_text_is_decoded(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "gammel.txt", "Bærekraftig utvikling på øya".encode("cp1252"))
        assert load_document(path, meta(path)).sections[0].text == "Bærekraftig utvikling på øya"

    def test_repairer_is_applied(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "ocr.txt", "Gode lgsninger")
        repairer = OcrRepairer(["gode", "løsninger"])
        assert load_document(path, meta(path), repairer).sections[0].text == "Gode løsninger"


class TestPdf:
    def test_pages_and_headings(self, make_pdf: Callable[..., Path], meta: MetaFor) -> None:
        path = make_pdf(
            "plan.pdf", ["1. Innledning\nPlan-\nlegging", "fortsetter her", "2. Mål\nGod"]
        )
        doc = load_document(path, meta(path))
        assert [(s.page, s.section) for s in doc.sections] == [
            (1, "1. Innledning"),
            (2, "1. Innledning"),
            (3, "2. Mål"),
        ]
        assert doc.sections[0].text == "1. Innledning\nPlanlegging"
        assert_offsets_exact(doc)

    def test_content_hash_is_sha256_of_bytes(
        self, make_pdf: Callable[..., Path], meta: MetaFor
    ) -> None:
        path = make_pdf("a.pdf", ["tekst"])
        expected = hashlib.sha256(path.read_bytes()).hexdigest()
        assert load_document(path, meta(path)).content_hash == expected

    def test_encrypted(self, make_pdf: Callable[..., Path], meta: MetaFor) -> None:
        path = make_pdf("hemmelig.pdf", ["tekst"])
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.encrypt("passord", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        path.write_bytes(buffer.getvalue())
        with pytest.raises(DocumentError, match=r"^hemmelig\.pdf is encrypted; remove the pass"):
            load_document(path, meta(path))

    def test_owner_password_only_is_readable(
        self, make_pdf: Callable[..., Path], meta: MetaFor
    ) -> None:
        path = make_pdf("laast.pdf", ["lesbar tekst"])
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.encrypt(user_password="", owner_password="eier", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        path.write_bytes(buffer.getvalue())
        assert load_document(path, meta(path)).sections[0].text == "lesbar tekst"

    def test_corrupt(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "odelagt.pdf", b"%PDF-1.4\n this is not really a pdf \x00\x01")
        with pytest.raises(DocumentError, match=r"^odelagt\.pdf is not a readable PDF \("):
            load_document(path, meta(path))

    def test_scanned_pdf_without_text(self, make_pdf: Callable[..., Path], meta: MetaFor) -> None:
        path = make_pdf("skannet.pdf", ["", ""])
        with pytest.raises(DocumentError, match=r"^skannet\.pdf contains no text \(a scanned PDF"):
            load_document(path, meta(path))


class TestDocx:
    def test_headings_start_sections(self, make_docx: Callable[..., Path], meta: MetaFor) -> None:
        path = make_docx(
            "plan.docx",
            [
                ("Forord", None),
                ("Innledning", 1),
                ("Første avsnitt.", None),
                ("Mål", 2),
                ("Ett", None),
            ],
        )
        doc = load_document(path, meta(path))
        assert [(s.section, s.text) for s in doc.sections] == [
            (None, "Forord"),
            ("Innledning", "Innledning\nFørste avsnitt."),
            ("Mål", "Mål\nEtt"),
        ]
        assert_offsets_exact(doc)

    def test_corrupt(self, tmp_path: Path, meta: MetaFor) -> None:
        path = write(tmp_path, "odelagt.docx", b"PK\x03\x04 not a zip at all")
        with pytest.raises(DocumentError, match=r"^odelagt\.docx is not a readable Word document$"):
            load_document(path, meta(path))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.txt", b"", r"^tom\.txt is empty$"),
        ("tom.pdf", b"", r"^tom\.pdf is empty$"),
        ("blank.md", b" \n\n\t \n", r"^blank\.md contains no text$"),
        ("bilde.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"^bilde\.txt is not a text file$"),
        ("kontroll.txt", b"abc\x81\x02\x03def\xff", r"^kontroll\.txt is not a text file$"),
        (
            "regneark.xlsx",
            b"PK",
            r"^regneark\.xlsx: unsupported file type '\.xlsx' \(supported: \.docx, \.markdown, ",
        ),
    ],
)
def test_unreadable_files(
    tmp_path: Path, meta: MetaFor, name: str, content: bytes, message: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(DocumentError, match=message):
        load_document(path, meta(path))
