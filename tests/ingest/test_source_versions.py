"""A law's version facts travel from its file to every citation, and a change shows.

Runs on a private copy of tests/data/corpus: edit the law's front matter or the manifest,
re-ingest, and the citation in the API JSON, the chat clients' text and a draft's export
says the new version, while no passage is embedded again (the text did not change).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from docx import Document

from assistant.domain import indexed_text
from assistant.drafting.export import to_docx, to_markdown
from assistant.drafting.models import Draft, DraftSection
from assistant.schemas import AskResponse
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.source_list import with_sources
from ingest.pipeline import run_ingest
from tests.helpers import make_settings

QUESTION = "Hvem fastsetter planprogrammet?"


def law_labels(assistant: Assistant) -> dict[str, str | None]:
    """§ → the version label of its citation in the API's answer JSON."""
    response = AskResponse.of(assistant.ask(QUESTION))
    return {c.section or "": c.version_label for c in response.citations if c.doc_id == "pbl"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_paragraph_amendments_are_metadata_not_text(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    run_ingest(settings)
    chunks = Assistant(settings).store.chunks
    amended = [c for c in chunks if c.version and c.version.amended_by]
    assert amended and all(c.version.ref == "lov/2008-06-27-71" for c in amended)
    for chunk in chunks:
        assert "Endret ved" not in indexed_text(chunk)
        assert indexed_text(chunk) == indexed_text(replace(chunk, version=None))
    planprogram = next(c for c in chunks if (c.section or "").startswith("§ 11-13."))
    assert planprogram.version.amended_by == "lov/2024-06-21-52"


def test_a_change_of_law_metadata_shows_in_the_citation(tmp_path: Path) -> None:
    settings: Settings = make_settings(tmp_path)
    run_ingest(settings)
    assistant = Assistant(settings)
    before = law_labels(assistant)
    assert before and all("(lovtekst per 1. juli 2026)" in label for label in before.values())

    law = settings.corpus_dir / "pbl-utdrag.md"
    edit(law, 'last_change_in_force: "2026-07-01"', 'last_change_in_force: "2027-01-01"')
    report = run_ingest(settings)
    assert report.changed == ["pbl"] and report.embedded == 0  # same text: vectors cached
    after = law_labels(assistant)
    assert after.keys() == before.keys()
    assert all("(lovtekst per 1. januar 2027)" in label for label in after.values())

    manifest = settings.corpus_dir / "manifest.yaml"
    edit(
        manifest,
        "    file: pbl-utdrag.md\n",
        "    file: pbl-utdrag.md\n    superseded_by: ny-pbl\n",
    )
    report = run_ingest(settings)
    assert not report.up_to_date and report.embedded == 0
    answer = assistant.ask(QUESTION)
    superseded = law_labels(assistant)
    assert all(
        label.endswith("– erstattet av ny-pbl, ikke gjeldende") for label in superseded.values()
    )
    assert "erstattet av ny-pbl, ikke gjeldende" in with_sources(answer)  # chat clients, MCP


def test_drafts_and_their_exports_say_the_version(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    run_ingest(settings)
    answer = Assistant(settings).ask(QUESTION)
    cited = [c for c in answer.citations if c.doc_id == "pbl"]
    section = DraftSection("framdrift", "Framdriftsplan", f"Se loven [{cited[0].n}].")
    draft = Draft("d1", "planprogram", "Planprogram", "nn", {}, [section], answer.citations)
    assert Draft.from_json(draft.to_json()) == draft  # the version survives the draft store
    markdown = to_markdown(draft).decode()
    assert "gjeldande frå" in markdown or "sist endra ved" in markdown
    assert "https://lovdata.no/lov/2008-06-27-71/§" in markdown
    word = Document(io.BytesIO(to_docx(draft)))
    listed = "\n".join(p.text for p in word.paragraphs)
    assert "lovtekst per 1. juli 2026" in listed
