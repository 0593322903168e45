from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.clean import OcrRepairer, fold_nordic, normalise_text

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DAMAGED = "virksom-plan-kurs.txt"


class TestNormaliseText:
    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("plan-\nlegging", "planlegging"),
            ("helse-\nog omsorg", "helse-\nog omsorg"),
            ("plan-\neller byggesak", "plan-\neller byggesak"),
            ("Nord-\nNorge", "Nord-\nNorge"),
            ("2024-\n2027", "2024-\n2027"),
            ("a  \t b", "a b"),
            ("linje   \nneste", "linje\nneste"),
            ("Slutt.\n\n\n\n\nNeste", "Slutt.\n\nNeste"),
            # a wrapped line written as its own paragraph is joined; a real break is kept
            ("utarbeides en \n\nhelse- og omsorgsplan", "utarbeides en helse- og omsorgsplan"),
            ("Tiltak:\n\nbolig", "Tiltak:\n\nbolig"),
            ("Overskrift\n\nAvsnitt", "Overskrift\n\nAvsnitt"),
            ("omfatter\n\na) samfunnsdel", "omfatter\n\na) samfunnsdel"),
            ("a\u00a0b", "a b"),
            ("kommu\u00adne\u200bplan", "kommuneplan"),
            ("\ufeffTekst", "Tekst"),
            ("a\r\nb", "a\nb"),
            ("side 1\fside 2", "side 1\fside 2"),
        ],
    )
    def test_cleans(self, raw: str, clean: str) -> None:
        assert normalise_text(raw) == clean

    def test_composes_to_nfc(self) -> None:
        assert normalise_text("pa\u030a") == "på"


def test_fold_nordic() -> None:
    assert fold_nordic("Bærekraftig løsning på Øya, Århus, Æ") == (
        "Baerekraftig losning pa Oya, Arhus, Ae"
    )


@pytest.fixture(scope="module")
def corpus_repairer() -> OcrRepairer:
    """Vocabulary from every corpus text except the OCR-damaged one."""
    texts = [
        normalise_text(path.read_text(encoding="utf-8"))
        for path in sorted(CORPUS.iterdir())
        if path.suffix in {".md", ".txt"} and path.name != DAMAGED
    ]
    return OcrRepairer.from_texts(texts)


class TestOcrRepairer:
    @pytest.mark.parametrize(
        ("damaged", "repaired"),
        [
            ("Baerekraftig", "Bærekraftig"),
            ("lgsninger", "løsninger"),
            ("malrettet", "målrettet"),
            ("Arlig", "Årlig"),
            ("leering", "læring"),
            ("NIVA", "NIVÅ"),
        ],
    )
    def test_repairs_corpus_words(
        self, corpus_repairer: OcrRepairer, damaged: str, repaired: str
    ) -> None:
        assert repaired.lower() in corpus_repairer.vocabulary
        assert corpus_repairer.repair(f"«{damaged}»") == f"«{repaired}»"

    def test_leaves_known_and_unknown_words(self, corpus_repairer: OcrRepairer) -> None:
        text = "Kommunal planstrategi, Kristiansand og Arendal: mål for 2024."
        assert corpus_repairer.repair(text) == text

    def test_repairs_only_unambiguous_words(self) -> None:
        assert OcrRepairer(["for", "får", "før"]).repair("fgr") == "før"
        assert OcrRepairer(["både", "badæ"]).repair("bade") == "bade"

    def test_double_substitution(self) -> None:
        assert OcrRepairer(["årsmøte"]).repair("arsmgte") == "årsmøte"

    def test_repairs_the_damaged_file_quickly(self, corpus_repairer: OcrRepairer) -> None:
        text = normalise_text((CORPUS / DAMAGED).read_text(encoding="utf-8"))
        started = time.perf_counter()
        repaired = corpus_repairer.repair(text)
        assert time.perf_counter() - started < 2
        assert "Bærekraftig" in repaired
        assert "lgsninger" not in repaired
        assert len(repaired) <= len(text)
