from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.domain import DocumentMeta
from assistant.errors import DocumentError
from ingest.manifest import discover_documents, read_manifest, slugify

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

MANIFEST = """\
documents:
  - id: plan
    file: plan.md
    title: Planen
    doc_type: veiledning
    date: 2024-01-31
  - id: borte
    file: borte.txt
    title: Finnes ikke
"""


class TestReadManifest:
    def test_real_corpus(self) -> None:
        manifest = read_manifest(CORPUS)
        pbl = manifest["plan-og-bygningsloven.md"]
        assert (pbl.id, pbl.doc_type, pbl.language, pbl.date) == ("pbl", "lov", "nb", "2026-07-01")
        assert manifest["mr-plan-politikarar.txt"].language == "nn"
        assert manifest["virksom-plan-kurs.txt"].ocr is True
        assert pbl.ocr is False

    def test_missing_manifest_is_empty(self, tmp_path: Path) -> None:
        assert read_manifest(tmp_path) == {}

    def test_unquoted_date_becomes_text(self, tmp_path: Path) -> None:
        (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
        assert read_manifest(tmp_path)["plan.md"].date == "2024-01-31"

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("documents: [unclosed", r"^manifest\.yaml is not valid YAML"),
            ("- just a list", r"^manifest\.yaml must hold a 'documents:' list$"),
            ("documents:\n  - id: x\n    file: x.md\n", r"^manifest\.yaml: entry x lacks title$"),
            ("documents:\n  - title: T\n", r"^manifest\.yaml: entry number 1 lacks id, file$"),
            (
                "documents:\n  - {id: x, file: x.md, title: T, ocr: maybe}\n",
                r"^manifest\.yaml: entry x: ocr must be true or false$",
            ),
        ],
    )
    def test_malformed(self, tmp_path: Path, content: str, message: str) -> None:
        (tmp_path / "manifest.yaml").write_text(content, encoding="utf-8")
        with pytest.raises(DocumentError, match=message):
            read_manifest(tmp_path)


def test_slugify() -> None:
    assert (
        slugify("Møre og Romsdal: Ærlig plan 2024 (utkast)")
        == "more-og-romsdal-aerlig-plan-2024-utkast"
    )


class TestDiscoverDocuments:
    def test_real_corpus_uses_manifest(self) -> None:
        metas = discover_documents(CORPUS)
        assert len(metas) == 9
        assert [m.file for m in metas] == sorted(m.file for m in metas)
        assert {m.id for m in metas} >= {"pbl", "virksom-plan-kurs", "hole-velferd-planprogram"}

    def test_guesses_metadata_for_unlisted_files(
        self, tmp_path: Path, make_pdf: Callable[..., Path]
    ) -> None:
        (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
        files = {
            "plan.md": "# Overskrift som ikke brukes",
            "notat.md": "---\ntitle: Fra front matter\n---\n\n# Notatets tittel\n\nTekst",
            "fm.markdown": "---\ntitle: Bare front matter\n---\n\nTekst",
            "Møre_plan 2024.txt": "tekst",
            "skadet.md": "\x00\x01",
            ".skjult.txt": "tekst",
            "README.md": "# Les meg",
            "bilde.png": "ikke et dokument",
        }
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        make_pdf("rapport.pdf", ["tekst"], title="Rapportens tittel")
        make_pdf("uten-tittel.pdf", ["tekst"])

        metas = discover_documents(tmp_path)

        assert metas == [
            DocumentMeta("more-plan-2024", "Møre_plan 2024.txt", "Møre plan 2024"),
            DocumentMeta("fm", "fm.markdown", "Bare front matter"),
            DocumentMeta("notat", "notat.md", "Notatets tittel"),
            DocumentMeta("plan", "plan.md", "Planen", doc_type="veiledning", date="2024-01-31"),
            DocumentMeta("rapport", "rapport.pdf", "Rapportens tittel"),
            DocumentMeta("skadet", "skadet.md", "Skadet"),
            DocumentMeta("uten-tittel", "uten-tittel.pdf", "Uten tittel"),
        ]
