"""Document jobs on the queue keep their collection: an organisation's document is added,
replaced and removed by a ``planassist worker`` process, which has only the job's record
to go by (sign-in is off here, so the one user may choose the collection)."""

from __future__ import annotations

import httpx
import pytest

from assistant.ingest_queue import staging
from tests.deploy.deployment import Deployment

pytestmark = pytest.mark.servers


def sections(deployment: Deployment, doc_id: str) -> str:
    response = httpx.get(f"{deployment.api}/v1/documents/{doc_id}", timeout=10)
    assert response.status_code == 200, response.text
    return " ".join(section["text"] for section in response.json()["sections"])


def test_a_worker_adds_replaces_and_removes_an_organisations_document(
    deployment: Deployment,
) -> None:
    api, folder = deployment.api, deployment.settings.uploads_dir / "hole"
    deployment.worker()
    added = httpx.post(
        f"{api}/v1/documents",
        files={"file": ("bad.md", b"# Bad\n\nBadeplassene stenger i august.\n")},
        data={"collection": "hole"},
    )
    job = deployment.finished(added.json()["job_id"])
    assert (job["status"], job["doc_ids"]) == ("done", ["hole--bad"]), job
    assert (folder / "bad.md").is_file()
    listed = httpx.get(f"{api}/v1/documents", timeout=10).json()
    assert {d["id"]: d["collection"] for d in listed}["hole--bad"] == "hole"
    assert "august" in sections(deployment, "hole--bad")

    replaced = httpx.put(
        f"{api}/v1/documents/hole--bad",
        files={"file": ("bad-2025.txt", b"Badeplassene stenger i september.\n")},
    )
    job = deployment.finished(replaced.json()["job_id"])
    assert (job["status"], job["doc_ids"]) == ("done", ["hole--bad"]), job
    assert (folder / "bad.txt").is_file() and not (folder / "bad.md").exists()
    assert "september" in sections(deployment, "hole--bad")

    removed = httpx.delete(f"{api}/v1/documents/hole--bad")
    job_id = removed.json()["job_id"]
    job = deployment.finished(job_id)
    assert (job["status"], job["doc_ids"]) == ("done", ["hole--bad"]), job
    assert not (folder / "bad.txt").exists()
    assert httpx.get(f"{api}/v1/documents/hole--bad", timeout=10).status_code == 404
    assert not staging(deployment.settings, job_id).exists()
