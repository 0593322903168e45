"""Each user's conversations, drafts and uploads: owned, private, kept across a restart."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from assistant import uploads
from assistant.api.app import create_app
from assistant.storage import NUL_REFUSED, location, open_store
from assistant.uploads import INTERRUPTED
from tests.auth.people import Site

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


def _wait(client: TestClient, job_id: str, headers: dict[str, str]) -> dict:
    for _ in range(400):
        job = client.get(f"/v1/documents/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("done", "error"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_an_upload_lands_in_the_data_dir_and_its_job_outlives_a_restart(fresh_site: Site) -> None:
    settings, editor = fresh_site.settings, fresh_site.as_("edel")
    shipped = sorted(p.name for p in settings.corpus_dir.iterdir())
    text = "# Snøskuterløyper\n\nKommunestyret vedtar snøskuterløypene hvert fjerde år.\n"
    response = fresh_site.client.post(
        "/v1/documents", files={"file": ("skuter.md", text.encode())}, headers=editor
    )
    job = _wait(fresh_site.client, response.json()["job_id"], editor)
    assert job["status"] == "done" and job["doc_ids"] == ["skuter"]
    assert (settings.uploads_dir / "skuter.md").is_file()
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == shipped
    again = fresh_site.client.post(
        "/v1/documents", files={"file": ("skuter.md", b"x")}, headers=editor
    )
    assert again.status_code == 409
    jobs = open_store(location(settings, "uploads"), "uploads", uploads.STEPS)
    jobs.run(  # as if cut off mid-job
        "INSERT INTO jobs VALUES ('cut', 'halv.md', 'running', 'embedding', 1, 9, NULL,"
        " '[]', 'edel', 0)"
    )
    with TestClient(create_app(settings)) as restarted:
        assert restarted.get(f"/v1/documents/jobs/{job['job_id']}", headers=editor).json() == job
        cut = restarted.get("/v1/documents/jobs/cut", headers=editor).json()
        assert (cut["status"], cut["detail"]) == ("error", INTERRUPTED)
        answer = restarted.post(
            "/v1/ask", json={"question": "Hvem vedtar snøskuterløypene?"}, headers=editor
        )
        assert "skuter" in {c["doc_id"] for c in answer.json()["citations"]}
    audit = fresh_site.client.get(
        "/v1/admin/audit", params={"action": "document_added"}, headers=fresh_site.as_("ada")
    ).json()
    assert [(e["actor"], e["target"]) for e in audit] == [("edel", "skuter")]


def test_text_with_a_nul_is_a_422_and_saves_nothing(site: Site) -> None:
    rolf = site.as_("rolf")
    before = site.client.get("/v1/chat", headers=rolf).json()
    response = site.client.post(
        "/v1/chat", json={"message": "Hva er\u0000 et planprogram?"}, headers=rolf
    )
    assert (response.status_code, response.json()) == (422, {"detail": NUL_REFUSED})
    assert site.client.get("/v1/chat", headers=rolf).json() == before
