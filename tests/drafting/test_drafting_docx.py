"""The Word export opened as a package: real footnotes that name each cited source, and a
page-number field in the footer."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from fastapi.testclient import TestClient
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAN = {
    "kommune": "Eksempelvik",
    "plantype": "kommunedelplan",
    "tema": "helse og omsorg",
    "periode": "2026–2036",
    "sections": ["medvirkning", "framdrift"],
}


@pytest.fixture(scope="module")
def exported(client: TestClient) -> tuple[dict, bytes]:
    draft = client.post("/v1/drafts/planprogram", json=PLAN).json()
    response = client.get(f"/v1/drafts/{draft['id']}/export", params={"format": "docx"})
    assert response.status_code == 200
    return draft, response.content


def test_each_citation_is_a_footnote_naming_its_source(exported: tuple[dict, bytes]) -> None:
    draft, content = exported
    package = zipfile.ZipFile(io.BytesIO(content))
    assert "word/footnotes.xml" in package.namelist()
    rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    body = package.read("word/document.xml").decode()
    references = [int(n) for n in re.findall(r'<w:footnoteReference w:id="(\d+)"', body)]

    document = Document(io.BytesIO(content))
    footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    notes = {
        int(note.get(f"{W}id")): "".join(t.text for t in note.iter(f"{W}t")).strip()
        for note in footnotes.iter(f"{W}footnote")
        if int(note.get(f"{W}id")) > 0
    }
    by_n = {c["n"]: c for c in draft["citations"]}
    cited = [
        int(n)
        for s in draft["sections"]
        for group in re.findall(r"\[(\d+(?:, \d+)*)\]", s["markdown"])
        for n in group.split(", ")
    ]
    assert references == list(range(1, len(cited) + 1)) == sorted(notes)
    for note_id, n in zip(references, cited, strict=True):
        note, source = notes[note_id], by_n[n]
        assert note.startswith(source["title"]) and (source["section"] or "") in note
        assert f"s. {source['page']}" in note if source["page"] else "s. " not in note[-8:]
    assert any("§ 11-13" in text for text in notes.values())  # the law, with its §
    assert "[1]" not in "\n".join(p.text for p in document.paragraphs)


def test_footer_has_a_page_number_field(exported: tuple[dict, bytes]) -> None:
    _, content = exported
    document = Document(io.BytesIO(content))
    footer = document.sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE"]
    settings = zipfile.ZipFile(io.BytesIO(content)).read("word/settings.xml").decode()
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in settings
