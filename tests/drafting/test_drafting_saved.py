"""Saved work through the API: list, edit with versions, restore, regenerate keeps edits,
downloads hold the edited text, and bad input is a clear 4xx."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from fastapi.testclient import TestClient

PLAN = {
    "kommune": "Eksempelvik",
    "plantype": "kommunedelplan",
    "tema": "helse og omsorg",
    "periode": "2026–2036",
    "sections": ["formal", "medvirkning", "framdrift"],
}
OWN_TEXT = "Eksempelvik kommune vil høre eldrerådet tidlig [1]. Vår egen setning om medvirkning."


def _section(draft: dict, key: str) -> dict:
    return next(s for s in draft["sections"] if s["key"] == key)


def _resolved(draft: dict, key: str) -> str:
    """A section's text with each [n] replaced by what source n is (numbers may shift)."""
    by_n = {c["n"]: f"{c['doc_id']}|{c['section']}|{c['excerpt'][:60]}" for c in draft["citations"]}
    marker = re.compile(r"\[(\d+(?:, \d+)*)\]")
    return marker.sub(
        lambda m: str([by_n.get(int(n), n) for n in m.group(1).split(", ")]),
        _section(draft, key)["markdown"],
    )


def _edit(client: TestClient, draft: dict, key: str, markdown: str) -> dict:
    response = client.put(
        f"/v1/drafts/{draft['id']}/sections/{key}",
        json={"markdown": markdown, "base_version": draft["version"]},
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def draft(client: TestClient) -> dict:
    response = client.post("/v1/drafts/planprogram", json=PLAN)
    assert response.status_code == 200, response.text
    return response.json()


def test_new_draft_is_listed_as_version_1(client: TestClient, draft: dict) -> None:
    assert draft["version"] == 1
    listed = client.get("/v1/drafts").json()
    assert listed[0]["id"] == draft["id"] and listed[0]["title"] == draft["title"]
    [version] = client.get(f"/v1/drafts/{draft['id']}/versions").json()
    assert version["version"] == 1 and version["action"] == "created"
    assert version["user"] == "lokal"


def test_edit_is_a_new_version_and_survives_regenerating_another_section(
    client: TestClient, draft: dict
) -> None:
    edited = _edit(client, draft, "medvirkning", OWN_TEXT)
    assert edited["version"] == 2
    section = _section(edited, "medvirkning")
    assert "Vår egen setning" in section["markdown"] and section["edited_by"] == "lokal"
    assert client.get(f"/v1/drafts/{draft['id']}").json()["sections"] == edited["sections"]

    again = client.post(f"/v1/drafts/{draft['id']}/sections/framdrift").json()
    assert again["version"] == 3
    assert "Vår egen setning" in _section(again, "medvirkning")["markdown"]
    cited = _section(again, "medvirkning")["markdown"].split("tidlig [")[1].split("]")[0]
    first_source = next(c for c in edited["citations"] if c["n"] == 1)
    assert next(c for c in again["citations"] if c["n"] == int(cited)) == first_source

    versions = client.get(f"/v1/drafts/{draft['id']}/versions").json()
    assert [(v["version"], v["action"], v["section"]) for v in versions] == [
        (3, "regenerate", "framdrift"),
        (2, "edit", "medvirkning"),
        (1, "created", None),
    ]
    newest = client.get("/v1/drafts").json()[0]
    assert newest["id"] == draft["id"] and newest["version"] == 3


def test_regenerating_an_edited_section_keeps_the_edit_as_a_version(
    client: TestClient, draft: dict
) -> None:
    edited = _edit(client, draft, "medvirkning", OWN_TEXT)
    regenerated = client.post(f"/v1/drafts/{draft['id']}/sections/medvirkning").json()
    assert "Vår egen setning" not in _section(regenerated, "medvirkning")["markdown"]
    assert _section(regenerated, "medvirkning")["edited_by"] is None
    old = client.get(f"/v1/drafts/{draft['id']}/versions/{edited['version']}").json()
    assert "Vår egen setning" in _section(old, "medvirkning")["markdown"]

    restored = client.post(
        f"/v1/drafts/{draft['id']}/versions/{edited['version']}/restore",
        json={"base_version": regenerated["version"], "section": "medvirkning"},
    ).json()
    assert restored["version"] == regenerated["version"] + 1
    assert "Vår egen setning" in _section(restored, "medvirkning")["markdown"]
    assert _resolved(restored, "framdrift") == _resolved(regenerated, "framdrift")
    assert _resolved(restored, "medvirkning") == _resolved(edited, "medvirkning")
    [newest, *_] = client.get(f"/v1/drafts/{draft['id']}/versions").json()
    assert newest["action"] == "restore" and newest["restored_from"] == edited["version"]


def test_restore_a_whole_version(client: TestClient, draft: dict) -> None:
    edited = _edit(client, draft, "formal", "Bare vår tekst.")
    restored = client.post(
        f"/v1/drafts/{draft['id']}/versions/1/restore", json={"base_version": edited["version"]}
    ).json()
    assert restored["sections"] == draft["sections"] and restored["version"] == 3
    assert restored["citations"] == draft["citations"]


def test_downloads_contain_the_edited_text(client: TestClient, draft: dict) -> None:
    _edit(client, draft, "medvirkning", OWN_TEXT)
    url = f"/v1/drafts/{draft['id']}/export"
    markdown = client.get(url, params={"format": "md"}).text
    assert "Vår egen setning om medvirkning." in markdown
    document = Document(io.BytesIO(client.get(url, params={"format": "docx"}).content))
    texts = [p.text for p in document.paragraphs]
    assert f"{OWN_TEXT.replace(' [1]', '')}" in texts  # [1] is now a footnote mark


def test_stale_version_is_409_and_nothing_is_lost(client: TestClient, draft: dict) -> None:
    edited = _edit(client, draft, "formal", "Første lagring.")
    stale = client.put(
        f"/v1/drafts/{draft['id']}/sections/formal",
        json={"markdown": "Fra en gammel fane.", "base_version": draft["version"]},
    )
    assert stale.status_code == 409
    assert "is at version 2, not 1" in stale.json()["detail"]
    assert "Nothing was saved" in stale.json()["detail"]
    current = client.get(f"/v1/drafts/{draft['id']}").json()
    assert current["version"] == 2 and _section(current, "formal")["markdown"] == "Første lagring."
    assert _section(current, "formal") == _section(edited, "formal")


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("put", "/v1/drafts/nope/sections/formal", {"markdown": "x", "base_version": 1}, 404,
         "no draft with id 'nope'"),
        ("put", "/sections/budsjett", {"markdown": "x", "base_version": 1}, 404,
         "has no section 'budsjett'"),
        ("put", "/sections/formal", {"markdown": "x" * 40_001, "base_version": 1}, 422,
         "a section holds at most 40,000"),
        ("put", "/sections/formal", {"markdown": "x"}, 422, "base_version: Field required"),
        ("put", "/sections/formal", {"markdown": 5, "base_version": 1}, 422, "markdown:"),
        ("get", "/versions/9", None, 404, "has no version 9"),
        ("get", "/v1/drafts/nope/versions", None, 404, "no draft with id 'nope'"),
        ("post", "/versions/9/restore", {"base_version": 1}, 404, "has no version 9"),
        ("post", "/versions/1/restore", {"base_version": 7}, 409, "is at version 1, not 7"),
        ("post", "/versions/1/restore", {"base_version": 1, "section": "x"}, 404,
         "has no section 'x'"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_4xx(
    client: TestClient,
    draft: dict,
    method: str,
    path: str,
    body: dict | None,
    status: int,
    message: str,
) -> None:
    url = path if path.startswith("/v1/") else f"/v1/drafts/{draft['id']}{path}"
    response = client.request(method, url, json=body)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]
    current = client.get(f"/v1/drafts/{draft['id']}").json()
    assert current["version"] == 1 and current["sections"] == draft["sections"]


def test_deleting_a_draft_removes_it_from_the_list(client: TestClient, draft: dict) -> None:
    assert client.delete(f"/v1/drafts/{draft['id']}").status_code == 204
    assert draft["id"] not in {d["id"] for d in client.get("/v1/drafts").json()}
    assert client.get(f"/v1/drafts/{draft['id']}/versions").status_code == 404
