from __future__ import annotations

import hashlib
import itertools
import statistics
from pathlib import Path

import pytest

from assistant.domain import DocumentMeta, RawDocument, Section
from ingest.chunking import chunk_document, full_text
from ingest.clean import OcrRepairer
from ingest.loaders import load_document
from ingest.manifest import discover_documents

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
META = DocumentMeta(id="doc", file="doc.txt", title="Dokument", doc_type="lov", language="nb")


def make_doc(*parts: tuple[str, str | None, int | None]) -> RawDocument:
    """A document from (text, section label, page) parts, laid out like a loader does."""
    sections, start = [], 0
    for text, label, page in parts:
        sections.append(Section(text, start, label, "Kapittel 1. Test" if label else None, page))
        start += len(text) + 2
    return RawDocument(META, sections, content_hash="0" * 64)


def paragraph(words: int, seed: str = "plan") -> str:
    return " ".join(f"{seed}{i}" for i in range(words)) + "."


def law_text(n_paragraphs: int) -> str:
    return "§ 1-1. Formål\n\n" + "\n\n".join(
        paragraph(30, f"ledd{i}x") for i in range(n_paragraphs)
    )


def assert_exact(doc: RawDocument, chunk_size: int) -> None:
    text = full_text(doc)
    chunks = chunk_document(doc, chunk_size=chunk_size, chunk_overlap=chunk_size // 8)
    assert len({c.id for c in chunks}) == len(chunks)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= chunk_size


class TestChunkDocument:
    def test_short_paragraph_is_one_chunk(self) -> None:
        section_text = law_text(4)
        assert 800 < len(section_text) <= 1200
        doc = make_doc((section_text, "§ 1-1. Formål", None))
        [chunk] = chunk_document(doc, chunk_size=1200)
        assert (chunk.text, chunk.start, chunk.end) == (section_text, 0, len(section_text))
        assert chunk.section == "§ 1-1. Formål"
        assert chunk.chapter == "Kapittel 1. Test"

    def test_long_paragraph_is_split_exactly(self) -> None:
        doc = make_doc(("Innledning", None, None), (law_text(12), "§ 1-1. Formål", None))
        chunks = chunk_document(doc, chunk_size=800, chunk_overlap=100)
        pieces = [c for c in chunks if c.section == "§ 1-1. Formål"]
        assert len(pieces) > 3
        text = full_text(doc)
        for chunk in chunks:
            assert text[chunk.start : chunk.end] == chunk.text
            assert len(chunk.text) <= 800
        assert {c.chapter for c in pieces} == {"Kapittel 1. Test"}
        assert pieces[0].start == doc.sections[1].start
        assert pieces[-1].end == len(text)
        for before, after in itertools.pairwise(pieces):
            assert after.start <= before.end + 2  # overlapping or adjacent: no text lost

    def test_chunk_fields(self) -> None:
        doc = make_doc(("Første del", None, 1), ("Andre del med tekst", None, 2))
        chunks = chunk_document(doc)
        assert [c.id for c in chunks] == ["doc:0000", "doc:0001"]
        assert [c.page for c in chunks] == [1, 2]
        first = chunks[0]
        assert (first.doc_id, first.title, first.doc_type, first.language) == (
            "doc",
            "Dokument",
            "lov",
            "nb",
        )
        assert first.content_hash == hashlib.sha256(b"F\xc3\xb8rste del").hexdigest()[:16]

    def test_tiny_sections_merge_within_a_page(self) -> None:
        doc = make_doc(
            ("Lysbilde en", None, 1),
            ("Lysbilde to", None, 1),
            ("Lysbilde tre", None, 1),
            ("Neste side", None, 2),
        )
        chunks = chunk_document(doc)
        assert [c.text for c in chunks] == [
            "Lysbilde en\n\nLysbilde to\n\nLysbilde tre",
            "Neste side",
        ]
        assert_exact(doc, 1200)

    def test_merging_stops_at_chunk_size(self) -> None:
        doc = make_doc(*((paragraph(15, f"s{i}x"), None, None) for i in range(20)))
        chunks = chunk_document(doc, chunk_size=400, chunk_overlap=50)
        assert 1 < len(chunks) < 20
        assert_exact(doc, 400)

    def test_law_paragraphs_never_merge(self) -> None:
        doc = make_doc(
            ("§ 9. (Opphevet)", "§ 9. (Opphevet)", None), ("§ 10. Kort", "§ 10. Kort", None)
        )
        assert [c.section for c in chunk_document(doc)] == ["§ 9. (Opphevet)", "§ 10. Kort"]

    def test_skips_chunks_without_letters(self) -> None:
        doc = make_doc(("Tekst", None, 1), ("12", None, 2), ("– • –", None, 3), ("Slutt", None, 4))
        assert [c.text for c in chunk_document(doc)] == ["Tekst", "Slutt"]


@pytest.fixture(scope="module")
def corpus_documents() -> list[RawDocument]:
    """The whole corpus loaded as the pipeline does: OCR files repaired from the clean ones."""
    metas = discover_documents(CORPUS)
    clean = [load_document(CORPUS / m.file, m) for m in metas if not m.ocr]
    repairer = OcrRepairer.from_texts(s.text for doc in clean for s in doc.sections)
    return clean + [load_document(CORPUS / m.file, m, repairer) for m in metas if m.ocr]


@pytest.mark.parametrize("chunk_size", [800, 1200, 1600])
def test_whole_corpus(corpus_documents: list[RawDocument], chunk_size: int) -> None:
    chunks = []
    for doc in corpus_documents:
        text = full_text(doc)
        doc_chunks = chunk_document(doc, chunk_size=chunk_size)
        assert all(text[c.start : c.end] == c.text for c in doc_chunks)
        spans = {(c.start, c.end) for c in doc_chunks}
        for section in doc.sections:
            if (section.section or "").startswith("§") and len(section.text) <= chunk_size:
                assert (section.start, section.start + len(section.text)) in spans
        chunks += doc_chunks
    lengths = [len(c.text) for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    assert max(lengths) <= chunk_size
    assert not any("](lov/" in c.text for c in chunks)
    print(
        f"\nchunk_size={chunk_size}: {len(chunks)} chunks, "
        f"max {max(lengths)}, mean {statistics.mean(lengths):.0f}, "
        f"median {statistics.median(lengths):.0f}"
    )
