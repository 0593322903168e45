"""The drafting API: draft, fetch, regenerate, export (DOCX opened with python-docx), errors."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from fastapi import Request
from fastapi.testclient import TestClient

from assistant.api.deps import ScopeDep, get_assistant
from assistant.drafting import catalog
from assistant.scope import Scope
from assistant.service import Assistant

PLAN = {
    "kommune": "Eksempelvik",
    "plantype": "kommunedelplan",
    "tema": "helse og omsorg",
    "periode": "2026–2036",
}


@pytest.fixture(scope="module")
def draft(client: TestClient) -> dict:
    response = client.post("/v1/drafts/planprogram", json=PLAN)
    assert response.status_code == 200, response.text
    return response.json()


def test_planprogram_response(draft: dict) -> None:
    keys = [s["key"] for s in draft["sections"]]
    assert keys == list(catalog.plan_type("kommunedelplan").sections)
    assert draft["kind"] == "planprogram"
    assert draft["citations"][0]["n"] == 1 and draft["open_points"]
    assert draft["inputs"]["kommune"] == "Eksempelvik"


def test_planstrategi_is_its_own_document(client: TestClient) -> None:
    body = {"kommune": "Eksempelvik", "plantype": "planstrategi", "periode": "2024–2027"}
    response = client.post("/v1/drafts/planprogram", json={**body, "language": "nn"})
    assert response.status_code == 200, response.text
    strategi = response.json()
    assert strategi["kind"] == "planstrategi"
    assert strategi["title"] == "Kommunal planstrategi for Eksempelvik kommune 2024–2027"
    assert [s["key"] for s in strategi["sections"]] == [
        "strategiske_valg",
        "folkehelse",
        "planbehov",
        "medvirkning",
        "vedtak",
    ]
    again = client.post(f"/v1/drafts/{strategi['id']}/sections/planbehov")
    assert again.status_code == 200 and again.json()["kind"] == "planstrategi"


def test_fetch_and_regenerate(client: TestClient, draft: dict) -> None:
    assert client.get(f"/v1/drafts/{draft['id']}").json()["title"] == draft["title"]
    response = client.post(f"/v1/drafts/{draft['id']}/sections/medvirkning")
    assert response.status_code == 200
    assert [s["key"] for s in response.json()["sections"]] == [s["key"] for s in draft["sections"]]


def test_docx_export(client: TestClient, draft: dict) -> None:
    response = client.get(f"/v1/drafts/{draft['id']}/export", params={"format": "docx"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", draft["title"])
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert level2[: len(draft["sections"])] == [s["title"] for s in draft["sections"]]
    assert level2[-1] == "Kilder"
    texts = [p.text for p in document.paragraphs]
    assert texts[1].startswith("UTKAST – skal bearbeides")
    sources = texts[texts.index("Kilder") + 1 :]
    assert sources[0].startswith(draft["citations"][0]["title"])  # each source once, no [n]
    assert any("§ 5-1" in s for s in sources)
    body = "\n".join(texts[: texts.index("Kilder")])
    assert "[1]" not in body and "Hole kommune skriver: «" in body  # [n] are footnotes now
    own_words = re.sub(r"Hole kommune skriver: «.*?»", "", body, flags=re.DOTALL)
    assert "Hole" not in own_words  # another municipality only as an attributed quote


def test_markdown_export(client: TestClient, draft: dict) -> None:
    response = client.get(f"/v1/drafts/{draft['id']}/export", params={"format": "md"})
    text = response.text
    assert (
        text.startswith(f"# {draft['title']}") and "## Kilder" in text and "## Åpne punkter" in text
    )


def test_one_section_alone(client: TestClient) -> None:
    response = client.post("/v1/drafts/planprogram/sections/framdrift", json=PLAN)
    assert response.status_code == 200
    assert [s["key"] for s in response.json()["sections"]] == ["framdrift"]


def test_workshop(client: TestClient) -> None:
    body = {"audience": "kommunestyre", "tema": "kommunal planstrategi", "hours": 3}
    response = client.post("/v1/drafts/workshop", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["sections"][0]["key"] == "program"


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/v1/drafts/planprogram/sections/budsjett",
            PLAN,
            "unknown section 'budsjett' of a kommunedelplan; known sections: formal",
        ),
        ("/v1/drafts/planprogram", {**PLAN, "kommune": ""}, "kommune (the municipality) is empty"),
        ("/v1/drafts/planprogram", {**PLAN, "plantype": "x"}, "unknown plan type 'x'; known:"),
        ("/v1/drafts/planprogram", {**PLAN, "periode": "snart"}, "not a period like"),
        ("/v1/drafts/planprogram", {**PLAN, "language": "en"}, "use one of: nb, nn"),
        ("/v1/drafts/planprogram", {**PLAN, "mode": "llm"}, "drafting mode 'llm' is not available"),
        (
            "/v1/drafts/workshop",
            {"audience": "kommunestyre", "tema": "x", "hours": 100},
            "outside 0.5–8 hours",
        ),
        (
            "/v1/drafts/workshop",
            {"audience": "rådet", "tema": "x", "hours": 2},
            "unknown audience 'rådet'",
        ),
    ],
)
def test_bad_input_is_422(client: TestClient, path: str, body: dict, message: str) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_unknown_draft_and_format(client: TestClient, draft: dict) -> None:
    assert client.get("/v1/drafts/nope").status_code == 404
    assert client.get("/v1/drafts/nope/export").status_code == 404
    bad = client.get(f"/v1/drafts/{draft['id']}/export", params={"format": "pdf"})
    assert bad.status_code == 422 and "use one of: md, docx" in bad.json()["detail"]


def test_delete(client: TestClient) -> None:
    created = client.post("/v1/drafts/planprogram/sections/formal", json=PLAN).json()
    assert client.delete(f"/v1/drafts/{created['id']}").status_code == 204
    assert client.get(f"/v1/drafts/{created['id']}").status_code == 404
    assert client.delete(f"/v1/drafts/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        (
            "nb",
            ["kommunal planstrategi", "kommuneplanens arealdel", "Planprogram eller planstrategi"],
        ),
        ("nn", ["kommunal planstrategi", "Planbehov i valperioden", "gjeld heile kommunen"]),
        ("en", ["municipal planning strategy (kommunal planstrategi)", "land-use element"]),
    ],
)
def test_studio_offers_every_plan_type(client: TestClient, lang: str, names: list[str]) -> None:
    page = client.get("/utkast", params={"lang": lang})
    assert page.status_code == 200
    for name in names:
        assert name in page.text
    for key in catalog.plan_types():
        assert f'<option value="{key}"' in page.text
    assert 'data-plantypes="planstrategi"' in page.text  # a section only the strategy has


def test_drafting_is_built_on_the_requests_one_assistant(client: TestClient) -> None:
    """``DraftingDep`` depends on ``AssistantDep``, so FastAPI builds the caller's assistant
    once per request (and an override of it reaches drafting too)."""
    built: list[Scope] = []

    def counted(request: Request, scope: ScopeDep) -> Assistant:
        built.append(scope)
        return request.app.state.assistant.within(scope)

    client.app.dependency_overrides[get_assistant] = counted
    try:
        assert client.get("/v1/drafts").status_code == 200
    finally:
        client.app.dependency_overrides.pop(get_assistant)
    assert len(built) == 1
