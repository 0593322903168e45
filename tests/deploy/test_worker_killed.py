"""kill -9 during an ingest: the old version keeps serving, no half-written version or
collection survives, and the job is retried (or, with no retries left, fails saying so)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import chromadb
import pytest
from rq.registry import StartedJobRegistry

from assistant.ingest_queue import QUEUE, RETRYING, WORKER_DIED, IngestQueue, staging
from assistant.retrieval.vectors import ServerVectors, chroma_settings
from assistant.service import Assistant
from assistant.settings import get_settings
from assistant.uploads import Uploads
from tests.deploy.deployment import Deployment, big_document

pytestmark = pytest.mark.servers

QUESTION = "Hvem skal vedta kommunal planstrategi?"


def builder_pid(folder: Path) -> int:
    """A build folder ends in the pid of the process writing it: the work horse."""
    return int(folder.name.rsplit("-", 1)[1])


def collections(deployment: Deployment) -> set[str]:
    port = int((deployment.settings.chroma_url or "").rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=chroma_settings())
    return {collection.name for collection in client.list_collections()}


def assert_nothing_half_written(deployment: Deployment, killed: Path) -> None:
    """The killed build left no folder, no version and no collection behind."""
    version = killed.name.removeprefix(".building-")
    assert not killed.exists()
    assert not deployment.layout.version_dir(version).exists()
    assert deployment.layout.current_version() != version
    assert ServerVectors.name(version) not in collections(deployment)
    for folder in deployment.layout.root.glob("v*"):
        assert ServerVectors.name(folder.name) in collections(deployment)


def assert_still_served(deployment: Deployment, version: str) -> None:
    assert deployment.layout.current_version() == version
    assert deployment.health()["index_version"] == version
    assert deployment.ask(QUESTION)["citations"][0]["doc_id"] == "pbl"


def test_a_killed_work_horse_is_retried_and_nothing_is_lost(deployment: Deployment) -> None:
    before = deployment.layout.current_version()
    deployment.worker()
    job_id = deployment.upload("stor-plan.md", big_document("Stor plan"))
    killed = deployment.building()
    os.kill(builder_pid(killed), signal.SIGKILL)
    assert_still_served(deployment, before)
    job = deployment.finished(job_id)
    assert job["status"] == "done" and job["doc_ids"] == ["stor-plan"], job
    assert job["detail"] is None
    assert deployment.layout.current_version() not in (before, None)
    assert_nothing_half_written(deployment, killed)
    assert not staging(deployment.settings, job_id).exists()


def test_a_killed_worker_is_retried_by_another(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole worker dies: RQ finds the job abandoned once the worker's heartbeat has
    expired (≈ 90 s, at any worker's maintenance) and queues it again; here the check runs
    at once, with a clock 10 minutes ahead."""
    before = deployment.layout.current_version()
    worker = deployment.worker()
    job_id = deployment.upload("lang-plan.md", big_document("Lang plan"))
    killed = deployment.building()
    os.kill(worker.pid, signal.SIGKILL)  # the worker, then its work horse (own session)
    os.kill(builder_pid(killed), signal.SIGKILL)
    worker.wait()
    time.sleep(0.5)
    assert_still_served(deployment, before)
    assert deployment.job(job_id)["status"] == "running"  # nobody knows yet
    for name, value in deployment.env.items():  # the check's callback reads the settings
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    StartedJobRegistry(QUEUE, connection=deployment.redis).cleanup(time.time() + 600)
    job = deployment.job(job_id)
    assert (job["status"], job["detail"]) == ("queued", RETRYING)
    assert_still_served(deployment, before)
    deployment.worker()
    job = deployment.finished(job_id)
    assert job["status"] == "done" and job["doc_ids"] == ["lang-plan"], job
    assert_nothing_half_written(deployment, killed)


def test_with_no_retries_left_the_job_fails_and_keeps_nothing(
    deployment: Deployment, tmp_path: Path
) -> None:
    before = deployment.layout.current_version()
    settings = deployment.settings.model_copy(update={"ingest_retries": 0})
    upload = tmp_path / "upload" / "siste-plan.md"
    upload.parent.mkdir()
    upload.write_bytes(big_document("Siste plan"))
    deployment.worker()
    uploads = Uploads(Assistant(settings), IngestQueue(settings))
    job_id = uploads.submit(upload).job_id  # as the API does, without retries
    killed = deployment.building()
    os.kill(builder_pid(killed), signal.SIGKILL)
    job = deployment.finished(job_id)
    assert (job["status"], job["detail"]) == ("error", WORKER_DIED)
    assert_still_served(deployment, before)
    assert not (settings.uploads_dir / upload.name).exists()  # a later ingest won't add it
    assert not staging(settings, job_id).exists()
    assert killed.exists()  # swept by the next ingest, as in the tests above
