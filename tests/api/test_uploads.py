"""POST /v1/documents and its job: limits, refusals, ingest in the background."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from rq import Queue

from assistant.api.app import create_app
from assistant.ingest_queue import QUEUE
from ingest.pipeline import run_ingest
from tests.helpers import finished_job, free_port, make_settings
from tests.servers import redis_server


@pytest.fixture
def upload_client(tmp_path: Path, database_url: str | None) -> TestClient:
    """An app of its own; its upload jobs are saved on each back end in turn."""
    settings = make_settings(tmp_path, max_upload_bytes=2048, database_url=database_url)
    run_ingest(settings)
    with TestClient(create_app(settings)) as client:
        yield client


def test_upload_is_ingested_and_answerable(upload_client: TestClient) -> None:
    text = "# Snøskuterløyper\n\nKommunestyret vedtar snøskuterløypene hvert fjerde år.\n"
    response = upload_client.post("/v1/documents", files={"file": ("skuter.md", text.encode())})
    assert response.status_code == 202
    job = finished_job(upload_client, response.json()["job_id"])
    assert job["status"] == "done" and job["doc_ids"] == ["skuter"]
    answer = upload_client.post("/v1/ask", json={"question": "Hvem vedtar snøskuterløypene?"})
    assert "skuter" in {c["doc_id"] for c in answer.json()["citations"]}


def test_unsupported_type_is_refused(upload_client: TestClient) -> None:
    response = upload_client.post("/v1/documents", files={"file": ("x.exe", b"MZ")})
    assert response.status_code == 415
    assert "unsupported file type" in response.json()["detail"]


def test_too_large_is_refused(upload_client: TestClient) -> None:
    response = upload_client.post("/v1/documents", files={"file": ("big.txt", b"a " * 2000)})
    assert response.status_code == 413
    assert response.json()["detail"] == "big.txt is larger than the upload limit of 2 KB"


def test_broken_file_is_refused_at_once_and_keeps_the_index(upload_client: TestClient) -> None:
    before = upload_client.get("/v1/documents").json()
    response = upload_client.post("/v1/documents", files={"file": ("broken.pdf", b"not a pdf")})
    assert response.status_code == 415
    assert response.json()["detail"].startswith("broken.pdf is named .pdf but its content is")
    assert upload_client.get("/v1/documents").json() == before


def test_unknown_job_is_404(upload_client: TestClient) -> None:
    assert upload_client.get("/v1/documents/jobs/nope").status_code == 404


@pytest.mark.servers
def test_upload_while_the_queue_is_down_is_a_503_and_heals(tmp_path: Path) -> None:
    """With PLANASSIST_REDIS_URL, a job goes to Redis; Redis down → 503, the name is free."""
    port = free_port()
    settings = make_settings(tmp_path, redis_url=f"redis://127.0.0.1:{port}/0")
    run_ingest(settings)
    upload = {"file": ("skuter.md", b"# Skuter\n\nKommunestyret vedtar skuterruter.\n")}
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/documents", files=upload)
        assert response.status_code == 503
        assert response.json()["detail"].startswith(
            f"the job queue (Redis at 127.0.0.1:{port}) is not reachable"
        )
        with redis_server(tmp_path / "redis", port):
            response = client.post("/v1/documents", files=upload)
            assert response.status_code == 202
            job_id = response.json()["job_id"]
            queue = Queue(QUEUE, connection=Redis.from_url(settings.redis_url or ""))
            assert queue.job_ids == [job_id]  # waiting for `planassist worker`
            assert client.get(f"/v1/documents/jobs/{job_id}").json()["status"] == "queued"
        # Redis down again: a poll answers from the job table (asking Redis for a kept
        # end gives up after KEPT_TIMEOUT_S)
        assert client.get(f"/v1/documents/jobs/{job_id}").json()["status"] == "queued"
    assert (settings.data_dir / "incoming" / job_id / "skuter.md").exists()
