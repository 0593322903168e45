"""Ingest end to end into a real Chroma + BM25 index: incremental, atomic, safe on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.embedding import HashEmbedder
from assistant.errors import DocumentError
from assistant.retrieval import store as store_module
from assistant.retrieval.store import IndexLayout, IndexStore
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.pipeline import add_document, run_ingest
from tests.helpers import make_settings


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the passages it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def encode_documents(self, texts):  # type: ignore[no-untyped-def]
        self.embedded += len(texts)
        return super().encode_documents(texts)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def chunk_ids(settings: Settings, doc_id: str) -> list[str]:
    store = IndexStore.open_current(settings)
    return [chunk.id for chunk in store.chunks if chunk.doc_id == doc_id]


def test_second_run_embeds_nothing(settings: Settings) -> None:
    embedder = CountingEmbedder()
    first = run_ingest(settings, embedder)
    assert first.documents == 3 and first.embedded == first.chunks > 0
    second = run_ingest(settings, embedder)
    assert second.up_to_date and embedder.embedded == first.chunks
    forced = run_ingest(settings, embedder, force=True)
    assert forced.embedded == 0 and forced.reused == first.chunks


def test_changed_file_replaces_only_its_own_chunks(settings: Settings) -> None:
    embedder = CountingEmbedder()
    run_ingest(settings, embedder)
    pbl_before = chunk_ids(settings, "pbl")
    hole = settings.corpus_dir / "hole-utdrag.txt"
    hole.write_text(
        hole.read_text() + "\n\n9.9 Nytt kapittel\nEt helt nytt avsnitt om sykkelveier.\n"
    )
    embedder.embedded = 0
    report = run_ingest(settings, embedder)
    assert report.changed == ["hole-velferd-planprogram"] and report.added == []
    assert 0 < report.embedded <= 2
    assert chunk_ids(settings, "pbl") == pbl_before
    assert Assistant(settings, embedder).search("sykkelveier")[0].chunk.doc_id == (
        "hole-velferd-planprogram"
    )


def test_removed_file_loses_its_chunks(settings: Settings) -> None:
    run_ingest(settings)
    (settings.corpus_dir / "mr-plan-utdrag.txt").unlink()
    report = run_ingest(settings)
    assert report.removed == ["mr-plan-politikarar"]
    assert chunk_ids(settings, "mr-plan-politikarar") == []


def test_interrupted_ingest_leaves_previous_index_working(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_ingest(settings)
    layout = IndexLayout(settings.data_dir)
    before = layout.current_version()
    (settings.corpus_dir / "ny.txt").write_text("Et nytt dokument om kommuneplanens arealdel.\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as if killed while writing BM25

    monkeypatch.setattr(store_module, "_write_bm25", crash)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings)
    assert layout.current_version() == before
    answer = Assistant(settings).ask("Hvem skal vedta kommunal planstrategi?")
    assert not answer.abstained
    monkeypatch.undo()
    report = run_ingest(settings)
    assert report.added == ["ny"]
    assert not list(layout.root.glob(".building-*"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.txt", b"", "is empty"),
        ("bilde.txt", bytes(range(256)) * 8, "is not a text file"),
        ("brutt.pdf", b"%PDF-1.4\nthis is not really a pdf", "is not a readable PDF"),
        ("notat.docx", b"PK\x03\x04 not a zip", "is not a readable Word document"),
        ("regneark.xlsx", b"data", "unsupported file type"),
    ],
)
def test_bad_file_is_refused_and_index_kept(
    settings: Settings, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    run_ingest(settings)
    before = IndexLayout(settings.data_dir).current_version()
    bad = tmp_path / "upload" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        add_document(settings, bad)
    assert not (settings.corpus_dir / name).exists()
    assert IndexLayout(settings.data_dir).current_version() == before
    assert not Assistant(settings).ask("Hvem skal vedta kommunal planstrategi?").abstained


def test_encrypted_pdf_is_refused(settings: Settings, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemmelig", owner_password="eier")
    locked = tmp_path / "låst.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentError, match="is encrypted"):
        add_document(settings, locked)


def test_broken_file_in_corpus_is_skipped_with_reason(settings: Settings) -> None:
    (settings.corpus_dir / "tom.md").write_bytes(b"")
    report = run_ingest(settings)
    assert report.documents == 3 and "is empty" in report.skipped["tom.md"]


def test_added_document_becomes_answerable(settings: Settings, tmp_path: Path) -> None:
    run_ingest(settings)
    new = tmp_path / "sykkelplan.md"
    new.write_text(
        "# Sykkelplan\n\n## Mål\n\nSykkelandelen i Hole skal være 15 prosent innen 2030.\n"
    )
    report = add_document(settings, new)
    assert report.added == ["sykkelplan"]
    answer = Assistant(settings).ask("Hvor stor skal sykkelandelen i Hole være?")
    assert not answer.abstained and answer.citations[0].doc_id == "sykkelplan"
    shutil.rmtree(settings.data_dir)
