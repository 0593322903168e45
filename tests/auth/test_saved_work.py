"""Each user's conversations, drafts and uploads: owned, private, kept across a restart."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from fastapi.testclient import TestClient

from assistant import uploads
from assistant.api.app import create_app
from assistant.storage import NUL_REFUSED, location, open_store
from assistant.uploads import INTERRUPTED
from tests.auth.people import Site
from tests.helpers import finished_job

WORKSHOP = {"audience": "kommunestyre", "tema": "kommunal planstrategi", "hours": 2}


def test_conversations_are_their_owners_only(site: Site) -> None:
    rita, rolf = site.as_("rita"), site.as_("rolf")
    asked = site.client.post("/v1/chat", json={"message": "Hva er et planprogram?"}, headers=rita)
    conversation = asked.json()["conversation_id"]
    listed = site.client.get("/v1/chat", headers=rita).json()
    assert [(c["conversation_id"], c["title"], c["turns"]) for c in listed] == [
        (conversation, "Hva er et planprogram?", 2)
    ]
    assert site.client.get("/v1/chat", headers=rolf).json() == []
    for method, path, body in [
        ("GET", f"/v1/chat/{conversation}", None),
        ("DELETE", f"/v1/chat/{conversation}", None),
        ("POST", "/v1/chat", {"message": "og hvem vedtar det?", "conversation_id": conversation}),
    ]:
        response = site.client.request(method, path, json=body, headers=rolf)
        assert response.status_code == 404, (method, path)
        assert response.json()["detail"].startswith(f"no conversation '{conversation}'")
    assert site.client.get(f"/v1/chat/{conversation}", headers=rita).status_code == 200


def test_drafts_are_their_owners_only(site: Site) -> None:
    rita, rolf = site.as_("rita"), site.as_("rolf")
    draft = site.client.post("/v1/drafts/workshop", json=WORKSHOP, headers=rita).json()
    assert draft["id"] in [d["id"] for d in site.client.get("/v1/drafts", headers=rita).json()]
    assert draft["id"] not in [d["id"] for d in site.client.get("/v1/drafts", headers=rolf).json()]
    for method, suffix in [("GET", ""), ("GET", "/versions"), ("GET", "/export"), ("DELETE", "")]:
        response = site.client.request(method, f"/v1/drafts/{draft['id']}{suffix}", headers=rolf)
        assert response.status_code == 404, suffix
        assert response.json()["detail"] == (
            f"no draft with id '{draft['id']}'; it may have been deleted"
        )
    assert site.client.get(f"/v1/drafts/{draft['id']}", headers=rita).status_code == 200


def test_a_conversation_is_renamed_reopened_and_exported_with_its_sources(site: Site) -> None:
    rita, client = site.as_("rita"), site.client
    first = client.post(
        "/v1/chat", json={"message": "Hvem skal vedta kommunal planstrategi?"}, headers=rita
    ).json()
    conversation = first["conversation_id"]
    client.post(
        "/v1/chat",
        json={
            "message": "Hva skal planprogrammet gjøre rede for?",
            "conversation_id": conversation,
        },
        headers=rita,
    )
    renamed = client.patch(
        f"/v1/chat/{conversation}", json={"title": "  Planstrategi  "}, headers=rita
    )
    assert (renamed.status_code, renamed.json()["title"]) == (200, "Planstrategi")
    opened = client.get(f"/v1/chat/{conversation}", headers=rita).json()
    assert opened["title"] == "Planstrategi"
    answer = opened["turns"][1]
    assert answer["role"] == "assistant" and answer["language"] == "nb"
    assert [c["doc_id"] for c in answer["citations"]] == [c["doc_id"] for c in first["citations"]]
    markdown = client.get(f"/v1/chat/{conversation}/export?format=md", headers=rita)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Planstrategi\n\n## Spørsmål 1: Hvem skal vedta")
    assert "Kilder:\n- [1] Lov om planlegging og byggesaksbehandling" in markdown.text
    word = client.get(f"/v1/chat/{conversation}/export?format=docx", headers=rita)
    assert word.headers["content-disposition"] == (
        f'attachment; filename="samtale-{conversation}.docx"'
    )
    document = Document(io.BytesIO(word.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Planstrategi", "Spørsmål 1: Hvem skal vedta kommunal planstrategi?"]
    assert "UTKAST" not in "\n".join(p.text for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        notes = docx.read("word/footnotes.xml").decode()
    assert "§ 10-1" in notes  # every [n] a footnote naming document and §
    back = client.patch(f"/v1/chat/{conversation}", json={"title": ""}, headers=rita).json()
    assert back["title"] == "Hvem skal vedta kommunal planstrategi?"
    assert client.get(f"/v1/chat/{conversation}/export?format=pdf", headers=rita).status_code == 422


def test_saved_work_survives_a_restart(fresh_site: Site) -> None:
    rita = fresh_site.as_("rita")
    client = fresh_site.client
    conversation = client.post(
        "/v1/chat", json={"message": "Hvem vedtar planstrategien?"}, headers=rita
    ).json()["conversation_id"]
    draft = client.post("/v1/drafts/workshop", json=WORKSHOP, headers=rita).json()["id"]
    with TestClient(create_app(fresh_site.settings)) as restarted:
        assert [c["conversation_id"] for c in restarted.get("/v1/chat", headers=rita).json()] == [
            conversation
        ]
        assert [d["id"] for d in restarted.get("/v1/drafts", headers=rita).json()] == [draft]


def test_an_upload_lands_in_the_data_dir_and_its_job_outlives_a_restart(fresh_site: Site) -> None:
    settings, editor = fresh_site.settings, fresh_site.as_("edel")
    shipped = sorted(p.name for p in settings.corpus_dir.iterdir())
    text = "# Snøskuterløyper\n\nKommunestyret vedtar snøskuterløypene hvert fjerde år.\n"
    response = fresh_site.client.post(
        "/v1/documents", files={"file": ("skuter.md", text.encode())}, headers=editor
    )
    job = finished_job(fresh_site.client, response.json()["job_id"], editor)
    assert job["status"] == "done" and job["doc_ids"] == ["hole--skuter"]  # edel's organisation
    assert (settings.uploads_dir / "hole" / "skuter.md").is_file()
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == shipped
    again = fresh_site.client.post(
        "/v1/documents", files={"file": ("skuter.md", b"x")}, headers=editor
    )
    assert again.status_code == 409
    jobs = open_store(location(settings, "uploads"), "uploads", uploads.STEPS)
    jobs.run(  # as if cut off mid-job
        'INSERT INTO jobs (job_id, filename, status, stage, done, total, doc_ids, "user",'
        " created) VALUES ('cut', 'halv.md', 'running', 'embedding', 1, 9, '[]', 'edel', 0)"
    )
    with TestClient(create_app(settings)) as restarted:
        assert restarted.get(f"/v1/documents/jobs/{job['job_id']}", headers=editor).json() == job
        cut = restarted.get("/v1/documents/jobs/cut", headers=editor).json()
        assert (cut["status"], cut["detail"]) == ("error", INTERRUPTED)
        answer = restarted.post(
            "/v1/ask", json={"question": "Hvem vedtar snøskuterløypene?"}, headers=editor
        )
        assert "hole--skuter" in {c["doc_id"] for c in answer.json()["citations"]}
    audit = fresh_site.client.get(
        "/v1/admin/audit", params={"action": "document_added"}, headers=fresh_site.as_("ada")
    ).json()
    assert [(e["actor"], e["target"]) for e in audit] == [("edel", "hole--skuter")]


def test_text_with_a_nul_is_a_422_and_saves_nothing(site: Site) -> None:
    rolf = site.as_("rolf")
    before = site.client.get("/v1/chat", headers=rolf).json()
    response = site.client.post(
        "/v1/chat", json={"message": "Hva er\u0000 et planprogram?"}, headers=rolf
    )
    assert (response.status_code, response.json()) == (422, {"detail": NUL_REFUSED})
    assert site.client.get("/v1/chat", headers=rolf).json() == before
