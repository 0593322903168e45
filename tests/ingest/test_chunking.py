from __future__ import annotations

import hashlib
import itertools
import statistics
from pathlib import Path

import pytest

from assistant.domain import DocumentMeta, RawDocument, Section
from ingest.chunking import HEADING_CHARS, chunk_document, full_text
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


OPENING = (
    "Kommunen har arbeidet med planen i lang tid og har hentet inn mange innspill fra innbyggerne."
)
CLOSING = (
    "Tiltakene skal følges opp i handlingsdelen og rulleres hvert år i forbindelse med budsjettet."
)


def join(*blocks: str) -> str:
    return "\n\n".join(blocks)


def packed(section_text: str, chunk_size: int) -> list[str]:
    """The chunk texts of one headed (non-law) section, checked to be exact slices."""
    assert len(section_text) > chunk_size  # so the section is packed, not kept whole
    doc = make_doc((section_text, "Innsatsområder", None))
    assert_exact(doc, chunk_size)
    chunks = chunk_document(doc, chunk_size=chunk_size, chunk_overlap=chunk_size // 8)
    return [c.text for c in chunks]


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

    # Structure-aware packing of a section longer than chunk_size. Each case puts a
    # paragraph first so that a plain greedy packer would cut right after the lead-in,
    # heading or half sentence: the structure must move it into the next chunk instead.

    def test_a_list_stays_with_its_lead_in(self) -> None:
        lead_in = "Planen skal omfatte disse innsatsområdene:"
        items = ["- Bolig for alle", "- Helse og omsorg", "- Kultur og fritid"]
        section = join(OPENING, lead_in, *items, CLOSING)
        assert len(join(OPENING, lead_in)) <= 150 < len(join(OPENING, lead_in, items[0]))
        assert packed(section, 150) == [OPENING, join(lead_in, *items), CLOSING]

    def test_a_heading_stays_with_the_block_after_it(self) -> None:
        section = join(OPENING, "Framdrift", CLOSING, OPENING)
        assert len(join(OPENING, "Framdrift")) <= 120
        assert packed(section, 120) == [OPENING, join("Framdrift", CLOSING), OPENING]

    def test_consecutive_headings_stay_with_the_block_after_them(self) -> None:
        section = join(OPENING, "Kapittel 2", "2.1 Framdrift", CLOSING, OPENING)
        assert len(join(OPENING, "Kapittel 2", "2.1 Framdrift")) <= 130
        assert packed(section, 130) == [
            OPENING,
            join("Kapittel 2", "2.1 Framdrift", CLOSING),
            OPENING,
        ]

    def test_a_title_over_a_subtitle_stays_with_the_block_after_it(self) -> None:
        title = "Kristiansand kommune\nAvklare roller, Utvikle tilbud"
        section = join(OPENING, title, CLOSING, OPENING)
        assert len(join(OPENING, title)) <= 160
        assert packed(section, 160) == [OPENING, join(title, CLOSING), OPENING]

    def test_a_phrase_wrapped_in_lower_case_is_no_heading(self) -> None:
        phrase = "Tettare dialog med\nkommunane"
        section = join(OPENING, phrase, CLOSING, OPENING)
        assert len(join(OPENING, phrase)) <= 160 < len(join(OPENING, phrase, CLOSING))
        assert packed(section, 160) == [join(OPENING, phrase), CLOSING, OPENING]

    def test_a_slide_s_question_stays_with_its_bullets(self) -> None:
        question = "Hvem skal være med i prosessen?"
        items = ["- Innbyggerne", "- Frivillige lag og foreninger"]
        section = join(OPENING, question, *items, CLOSING)
        assert len(join(OPENING, question)) <= 135 < len(join(OPENING, question, items[0]))
        assert packed(section, 135) == [OPENING, join(question, *items), CLOSING]

    def test_a_sentence_broken_over_a_blank_line_stays_together(self) -> None:
        first = (
            "Kommunestyret skal i løpet av det første året etter konstituering "
            "utarbeide og vedta en planstrategi som"
        )
        rest = "drøfter kommunens strategiske valg knyttet til samfunnsutvikling."
        assert len(first) > HEADING_CHARS  # joined as a sentence, not as a heading
        section = join(OPENING, first, rest, OPENING)
        assert len(join(OPENING, first)) <= 200
        assert packed(section, 200) == [OPENING, join(first, rest), OPENING]

    def test_units_are_packed_up_to_chunk_size(self) -> None:
        blocks = [f"Avsnitt {i}. " + "Tekst om planen. " * 4 + "Slutt." for i in range(6)]
        assert {len(block) for block in blocks} == {len(blocks[0])}
        assert 2 * len(blocks[0]) + 2 <= 200 < 3 * len(blocks[0]) + 4
        assert packed(join(*blocks), 200) == [
            join(*blocks[0:2]),
            join(*blocks[2:4]),
            join(*blocks[4:6]),
        ]

    def test_an_over_long_block_is_still_split(self) -> None:
        long_block = " ".join(f"Setning {i} om kommuneplanens arealdel." for i in range(20))
        section = join(OPENING, long_block, CLOSING)
        chunks = packed(section, 200)
        assert chunks[0] == OPENING
        assert chunks[-1] == CLOSING
        pieces = chunks[1:-1]
        assert len(pieces) >= len(long_block) // 200
        assert all(piece in long_block for piece in pieces)
        assert long_block.startswith(pieces[0])
        assert long_block.endswith(pieces[-1])


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
