"""Two organisations on one server (PLANASSIST_AUTH=local): hole (rita, rolf, edel) and
ringerike (vera, rune). Each editor uploads a document only it holds; national material is
everyone's. Nobody sees, searches or gets cited the other organisation's documents, nor
reaches its conversations, drafts or upload jobs; editors change only their own
collection, administrators any."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from typer.testing import CliRunner

from assistant import mcp_server
from assistant.api.app import create_app
from assistant.auth.accounts import AccountStore
from assistant.cli import app as cli
from assistant.console import ExitCode
from assistant.mcp_server import DOCUMENTS_URI, acting_for, http_app, server_for
from assistant.service import Assistant
from assistant.settings import get_settings
from ingest.pipeline import run_ingest
from tests.auth.people import Site, add_people
from tests.helpers import finished_job, make_settings, serve_in_thread

HOLE_DOC = "hole--badeplasser"
RINGERIKE_DOC = "ringerike--snoskuter"
UPLOADS = {
    "edel": (
        "badeplasser.md",
        "# Badeplasser i Hole\n\nDriftsutvalget i Hole godkjenner badeplassene ved Tyrifjorden"
        " hver vår, etter at vannprøvene er tatt.\n",
    ),
    "rune": (
        "snoskuter.md",
        "# Snøskuterløyper i Ringerike\n\nFormannskapet i Ringerike vedtar snøskuterløypene"
        " hvert femte år, etter høring hos grunneierne.\n",
    ),
}
ASKS_HOLE = "Hvem godkjenner badeplassene ved Tyrifjorden?"
ASKS_RINGERIKE = "Hvem vedtar snøskuterløypene i Ringerike?"
NATIONAL = "Hvem skal vedta kommunal planstrategi?"
WORKSHOP = {"audience": "kommunestyre", "tema": "kommunal planstrategi", "hours": 2}


def upload(site: Site, who: str, name: str, text: str, **form: str) -> dict:
    response = site.client.post(
        "/v1/documents", files={"file": (name, text.encode())}, data=form, headers=site.as_(who)
    )
    assert response.status_code == 202, response.text
    return finished_job(site.client, response.json()["job_id"], site.as_(who))


@pytest.fixture(scope="module")
def two_orgs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    settings = make_settings(tmp_path_factory.mktemp("two-orgs"), auth="local")
    run_ingest(settings)
    tokens = add_people(settings)
    with TestClient(create_app(settings)) as client:
        site = Site(client, settings, tokens)
        for who, (name, text) in UPLOADS.items():
            assert upload(site, who, name, text)["status"] == "done"
        yield site


def cited(body: dict) -> set[str]:
    return {c["doc_id"] for c in body["citations"]}


@pytest.mark.parametrize(
    ("who", "question", "own", "foreign"),
    [
        ("rita", ASKS_HOLE, HOLE_DOC, RINGERIKE_DOC),
        ("vera", ASKS_RINGERIKE, RINGERIKE_DOC, HOLE_DOC),
    ],
)
def test_a_question_is_answered_from_the_own_collection(
    two_orgs: Site, who: str, question: str, own: str, foreign: str
) -> None:
    answer = two_orgs.client.post("/v1/ask", json={"question": question}, headers=two_orgs.as_(who))
    assert not answer.json()["abstained"] and own in cited(answer.json())
    national = two_orgs.client.post(
        "/v1/ask", json={"question": NATIONAL}, headers=two_orgs.as_(who)
    ).json()
    assert "pbl" in cited(national) and foreign not in cited(national)


@pytest.mark.parametrize(
    ("who", "question", "foreign"),
    [("rita", ASKS_RINGERIKE, "ringerike--"), ("vera", ASKS_HOLE, "hole--")],
)
def test_the_other_organisations_document_is_never_searched_or_cited(
    two_orgs: Site, who: str, question: str, foreign: str
) -> None:
    client, headers = two_orgs.client, two_orgs.as_(who)
    body = {"question": question}
    asked = client.post("/v1/ask", json=body, headers=headers).json()
    assert not any(doc.startswith(foreign) for doc in cited(asked))
    assert asked["abstained"] or "Formannskapet i Ringerike" not in asked["answer"]
    hits = client.post("/v1/search", json={**body, "top_k": 50}, headers=headers).json()["hits"]
    assert hits and not any(h["chunk"]["doc_id"].startswith(foreign) for h in hits)
    chat = client.post("/v1/chat", json={"message": question}, headers=headers).json()
    assert not any(doc.startswith(foreign) for doc in cited(chat))
    stream = client.post("/v1/ask/stream", json=body, headers=headers).text
    assert foreign not in stream
    completion = client.post(
        "/v1/chat/completions",
        json={"model": "planassist", "messages": [{"role": "user", "content": question}]},
        headers=headers,
    ).json()
    assert not any(c["doc_id"].startswith(foreign) for c in completion["planassist"]["citations"])


def test_document_lists_and_pages_keep_to_the_readers_collections(two_orgs: Site) -> None:
    client = two_orgs.client
    listed = {
        who: {
            d["id"]: d["collection"]
            for d in client.get("/v1/documents", headers=two_orgs.as_(who)).json()
        }
        for who in ("rita", "vera", "ada")
    }
    assert listed["rita"][HOLE_DOC] == "hole" and RINGERIKE_DOC not in listed["rita"]
    assert listed["vera"][RINGERIKE_DOC] == "ringerike" and HOLE_DOC not in listed["vera"]
    assert listed["rita"]["pbl"] == listed["vera"]["pbl"] == "national"
    assert {HOLE_DOC, RINGERIKE_DOC} <= set(listed["ada"])  # administrators see every collection
    for path in (f"/v1/documents/{RINGERIKE_DOC}", f"/dokumenter/{RINGERIKE_DOC}"):
        missing = client.get(path, headers=two_orgs.as_("rita"))
        assert missing.status_code == 404
        assert missing.json()["detail"].startswith(f"no document with id '{RINGERIKE_DOC}'")
        assert client.get(path, headers=two_orgs.as_("vera")).status_code == 200
    page = client.get("/dokumenter", headers=two_orgs.as_("rita")).text
    assert "Badeplasser i Hole" in page and "Snøskuterløyper" not in page
    assert "Organisasjon: hole · Samlinger: Nasjonalt materiale, hole" in page


def test_healthz_counts_only_what_the_caller_reads(two_orgs: Site) -> None:
    client = two_orgs.client
    for headers in ({}, {"Authorization": "Bearer pa_forged"}):  # nobody signed in
        anonymous = client.get("/healthz", headers=headers)
        assert anonymous.status_code == 200
        body = anonymous.json()
        assert body["status"] == "ok" and body["index_version"] and body["model_loaded"]
        assert [body[k] for k in ("documents", "chunks", "llm", "replica")] == [None] * 4
    counted = {}
    for who in ("rita", "vera", "ada"):
        listed = client.get("/v1/documents", headers=two_orgs.as_(who)).json()
        health = client.get("/healthz", headers=two_orgs.as_(who)).json()
        assert (health["documents"], health["chunks"]) == (
            len(listed),
            sum(d["chunks"] for d in listed),
        )
        assert health["replica"] and health["llm"]
        counted[who] = health["documents"]
    assert counted["rita"] == counted["vera"] < counted["ada"]  # one added document each


def test_a_filter_naming_the_other_organisations_document_names_nothing(two_orgs: Site) -> None:
    body = {"question": ASKS_RINGERIKE, "filters": {"doc_ids": [RINGERIKE_DOC]}}
    refused = two_orgs.client.post("/v1/ask", json=body, headers=two_orgs.as_("rita"))
    assert refused.status_code == 422
    assert "unknown doc_ids filter value" in refused.json()["detail"]
    assert "ringerike--" not in refused.json()["detail"].split("known:")[1]
    assert HOLE_DOC in refused.json()["detail"]


def test_conversations_drafts_and_jobs_stay_with_their_owner(two_orgs: Site) -> None:
    client, rita, vera = two_orgs.client, two_orgs.as_("rita"), two_orgs.as_("vera")
    conversation = client.post("/v1/chat", json={"message": NATIONAL}, headers=rita).json()[
        "conversation_id"
    ]
    draft = client.post("/v1/drafts/workshop", json=WORKSHOP, headers=rita).json()
    assert not any(c["doc_id"].startswith("ringerike--") for c in draft["citations"])
    for method, path, kwargs in [
        ("GET", f"/v1/chat/{conversation}", {}),
        ("PATCH", f"/v1/chat/{conversation}", {"json": {"title": "mitt"}}),
        ("GET", f"/v1/chat/{conversation}/export?format=docx", {}),
        ("DELETE", f"/v1/chat/{conversation}", {}),
        ("GET", f"/v1/drafts/{draft['id']}", {}),
        ("GET", f"/v1/drafts/{draft['id']}/export?format=md", {}),
        ("DELETE", f"/v1/drafts/{draft['id']}", {}),
    ]:
        assert client.request(method, path, headers=vera, **kwargs).status_code == 404, path
    assert conversation not in {
        c["conversation_id"] for c in client.get("/v1/chat", headers=vera).json()
    }
    assert draft["id"] not in {d["id"] for d in client.get("/v1/drafts", headers=vera).json()}
    job = client.post(
        "/v1/documents",
        files={"file": ("vann.md", b"# Vann\n\nVannverket i Hole.\n")},
        headers=two_orgs.as_("edel"),
    ).json()
    assert (
        client.get(f"/v1/documents/jobs/{job['job_id']}", headers=two_orgs.as_("rune")).status_code
        == 404
    )
    assert finished_job(client, job["job_id"], two_orgs.as_("ada"))["status"] == "done"


# (who, method, path, expected status): editors change only their own collection's
# added documents; the national corpus and other organisations' are not theirs.
CHANGES = [
    ("rita", "DELETE", f"/v1/documents/{HOLE_DOC}", 403),  # a reader
    ("rune", "DELETE", f"/v1/documents/{HOLE_DOC}", 404),  # another organisation's: unseen
    ("rune", "PUT", f"/v1/documents/{HOLE_DOC}", 404),
    ("edel", "DELETE", "/v1/documents/pbl", 403),  # national: administrators only
    ("ada", "DELETE", "/v1/documents/pbl", 409),  # shipped in corpus/: not through the API
    ("ada", "PUT", "/v1/documents/pbl", 409),
]


@pytest.mark.parametrize(("who", "method", "path", "status"), CHANGES, ids=str)
def test_who_may_change_which_collection(
    two_orgs: Site, who: str, method: str, path: str, status: int
) -> None:
    files = {"files": {"file": ("ny.md", b"# Ny\n\nNy tekst.\n")}} if method == "PUT" else {}
    response = two_orgs.client.request(method, path, headers=two_orgs.as_(who), **files)
    assert response.status_code == status, response.text


def test_editors_add_only_to_their_own_collection(two_orgs: Site) -> None:
    refused = two_orgs.client.post(
        "/v1/documents",
        files={"file": ("plan.md", b"# Plan\n\nTekst.\n")},
        data={"collection": "hole"},
        headers=two_orgs.as_("rune"),
    )
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith(
        "editors manage only their organisation's collection ('ringerike')"
    )


def test_the_same_file_name_in_two_organisations_is_two_documents(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, auth="local")
    run_ingest(settings)
    site = Site(TestClient(create_app(settings)), settings, add_people(settings))
    with site.client:
        hole = upload(site, "edel", "planstrategi.md", "# Planstrategi\n\nHoles strategi.\n")
        ringerike = upload(site, "rune", "planstrategi.md", "# Planstrategi\n\nRingerikes.\n")
        assert (hole["doc_ids"], ringerike["doc_ids"]) == (
            ["hole--planstrategi"],
            ["ringerike--planstrategi"],
        )
        national = upload(
            site, "ada", "felles.md", "# Felles\n\nFor alle.\n", collection="national"
        )
        assert national["doc_ids"] == ["felles"]
        for who in ("rita", "vera"):
            ids = {d["id"] for d in site.client.get("/v1/documents", headers=site.as_(who)).json()}
            assert "felles" in ids


def test_an_editor_replaces_and_removes_their_own_document(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, auth="local")
    run_ingest(settings)
    site = Site(TestClient(create_app(settings)), settings, add_people(settings))
    edel = site.as_("edel")
    with site.client as client:
        upload(site, "edel", "bad.md", "# Bad\n\nBadeplassene stenger i august.\n")
        mine = {d["id"]: d["changeable"] for d in client.get("/v1/documents", headers=edel).json()}
        assert mine["hole--bad"] is True and mine["pbl"] is False
        readers = client.get("/v1/documents", headers=site.as_("rita")).json()
        assert not any(d["changeable"] for d in readers)
        replaced = client.put(
            "/v1/documents/hole--bad",
            files={"file": ("bad-2025.txt", b"Badeplassene stenger i september.\n")},
            headers=edel,
        )
        assert finished_job(client, replaced.json()["job_id"], edel)["doc_ids"] == ["hole--bad"]
        assert (settings.uploads_dir / "hole" / "bad.txt").is_file()
        assert not (settings.uploads_dir / "hole" / "bad.md").exists()
        text = client.get("/v1/documents/hole--bad", headers=edel).json()["sections"][0]["text"]
        assert "september" in text
        removed = client.delete("/v1/documents/hole--bad", headers=edel)
        assert finished_job(client, removed.json()["job_id"], edel)["status"] == "done"
        assert client.get("/v1/documents/hole--bad", headers=edel).status_code == 404
        audit = client.get(
            "/v1/admin/audit", params={"actor": "edel"}, headers=site.as_("ada")
        ).json()
        assert [e["action"] for e in audit][:3] == [
            "document_removed",
            "document_replaced",
            "document_added",
        ]


def test_mcp_tools_act_for_one_account(two_orgs: Site) -> None:
    assistant = Assistant(two_orgs.settings)
    rita, owner = acting_for(assistant, "rita")
    assert owner == "rita"
    found = {hit.chunk.doc_id for hit in rita.search(ASKS_RINGERIKE, top_k=50)}
    assert found and not any(doc.startswith("ringerike--") for doc in found)
    assert HOLE_DOC in {d.meta.id for d in rita.documents()}
    with pytest.raises(Exception, match="name the account the MCP tools act for"):
        acting_for(assistant, None)


async def _mcp_as(url: str, token: str, foreign_doc: str) -> str:
    """Over MCP with ``token``: nothing of the other organisation (``foreign_doc``'s) is
    listed, found or read; returns the id of a section drafted."""
    foreign = foreign_doc.split("--")[0] + "--"
    headers = {"Authorization": f"Bearer {token}"}
    transport = streamable_http_client(url, http_client=create_mcp_http_client(headers=headers))
    async with Client(transport) as client:
        listing = (await client.read_resource(DOCUMENTS_URI)).contents[0].text
        assert '"id": "pbl"' in listing and foreign not in listing
        for question in (ASKS_HOLE, ASKS_RINGERIKE):
            found = await client.call_tool("search", {"query": question, "top_k": 50})
            hits = found.structured_content["hits"]
            assert hits and not any(h["chunk"]["doc_id"].startswith(foreign) for h in hits)
        hidden = await client.call_tool("get_document", {"doc_id": foreign_doc})
        assert hidden.is_error and "no document with id" in hidden.content[0].text
        draft = await client.call_tool(
            "draft_section",
            {
                "kommune": "Hole",
                "plantype": "kommunedelplan",
                "tema": "helse",
                "periode": "2026-2036",
                "section": "medvirkning",
            },
        )
        assert not draft.is_error, draft.content
        return draft.structured_content["id"]


def test_mcp_over_http_acts_for_each_requests_bearer_token(
    two_orgs: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = two_orgs.client
    server = server_for(Assistant(two_orgs.settings), None, http=True)
    opened: list[object] = []

    class CountedStore(AccountStore):
        def __init__(self, *args: Any) -> None:
            opened.append(args)
            super().__init__(*args)

    monkeypatch.setattr(mcp_server, "AccountStore", CountedStore)
    issued = client.post("/v1/me/tokens", json={"label": "mcp"}, headers=two_orgs.as_("rita"))
    revoked = issued.json()["token"]
    gone = client.delete(f"/v1/me/tokens/{issued.json()['id']}", headers=two_orgs.as_("rita"))
    assert gone.status_code == 204
    with serve_in_thread(http_app(server)) as base:
        url = f"{base}/mcp"
        drafts = {
            "rita": anyio.run(_mcp_as, url, two_orgs.tokens["rita"], RINGERIKE_DOC),
            "vera": anyio.run(_mcp_as, url, two_orgs.tokens["vera"], HOLE_DOC),
        }
        accept = {"Accept": "application/json, text/event-stream"}
        for token in (None, "pa_forged", revoked):
            headers = {**accept, **({"Authorization": f"Bearer {token}"} if token else {})}
            assert httpx.post(url, json={}, headers=headers).status_code == 401
    assert not opened  # each call reads its account from the token verifier's store
    for who, draft in drafts.items():  # each draft is its caller's, and only theirs
        mine = {d["id"] for d in client.get("/v1/drafts", headers=two_orgs.as_(who)).json()}
        assert draft in mine and not set(drafts.values()) - {draft} & mine


def test_mcp_over_http_with_sign_in_refuses_one_user_for_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANASSIST_AUTH", "local")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["mcp", "--http", "--user", "rita"])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Error: --user is for stdio" in result.output and "Traceback" not in result.output
