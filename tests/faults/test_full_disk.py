"""The data directory's disk fills up: saving a conversation turn, a draft or an upload,
and an ingest, answer 507 with a clear reason (the CLI: one error line); reading and
answering go on; nothing saved before is lost or damaged; the index keeps its current
version; and once there is room again, writes work without a restart.

The data directory is a real 4 MB tmpfs (``small_disk``), filled with a real file; the
Chroma server and Redis, where used, are real servers on loopback.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import httpx
import pytest
from fastapi.testclient import TestClient
from redis import Redis
from rq import Queue, SimpleWorker
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app as cli
from assistant.errors import DISK_FULL, InsufficientStorage
from assistant.ingest_queue import QUEUE, IngestQueue
from assistant.retrieval.store import OPEN_DISK_FULL, IndexLayout
from assistant.retrieval.vectors import chroma_settings
from assistant.settings import Settings, get_settings
from ingest.pipeline import INDEX_DISK_FULL, add_document, run_ingest
from tests.faults.small_disk import SmallDisk, small_disk
from tests.helpers import finished_job, make_settings
from tests.servers import redis_server

QUESTION = "Hvem skal vedta kommunal planstrategi?"
FOLLOW_UP = "og når må den være vedtatt?"
PLANPROGRAM = {"kommune": "Eksempelvik", "plantype": "samfunnsdel", "periode": "2026–2036"}
NAMES = ("skred.md", "ras.md")
"""Uploads whose ends do not fit in the job table (``test_queued_uploads_on_a_full_disk``)."""
NEW_DOCUMENT = "# Overvann\n\nKommunen skal ha en plan for overvann og flom i tettstedene.\n"


@dataclass
class FullDiskSetup:
    settings: Settings
    disk: SmallDisk
    client: TestClient

    @property
    def current(self) -> str | None:
        return IndexLayout(self.settings.data_dir).current_version()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullDiskSetup]:
    root = tmp_path_factory.mktemp("full-disk")
    with small_disk(root / "data", "4m") as disk:
        settings = make_settings(root, data_dir=disk.root)
        run_ingest(settings)
        with TestClient(create_app(settings)) as client:
            yield FullDiskSetup(settings, disk, client)


@pytest.fixture
def full(setup: FullDiskSetup) -> Iterator[FullDiskSetup]:
    """The setup; its disk is emptied of filler again after the test, whatever happened."""
    yield setup
    setup.disk.free()


def assert_disk_full(response: httpx.Response, detail: str = DISK_FULL) -> None:
    assert (response.status_code, response.json()) == (507, {"detail": detail})


def last_event(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    lines = response.text.splitlines()
    names = [line.split(": ", 1)[1] for line in lines if line.startswith("event:")]
    data = [line[6:] for line in lines if line.startswith("data:")]
    return names[-1], json.loads(data[-1])


def intact(data_dir: Path, *stores: str) -> None:
    """Every SQLite file (``stores`` among them) opens and passes its integrity check."""
    files = sorted(data_dir.glob("*.sqlite3"))
    assert set(stores) <= {f.stem for f in files}
    for path in files:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",), path


def test_saving_on_a_full_disk_is_a_507_and_loses_nothing(full: FullDiskSetup) -> None:
    client = full.client
    conversation = client.post("/v1/chat", json={"message": QUESTION}).json()["conversation_id"]
    draft = client.post("/v1/drafts/planprogram", json=PLANPROGRAM).json()
    section = draft["sections"][0]["key"]
    edit = f"/v1/drafts/{draft['id']}/sections/{section}"
    edited = client.put(edit, json={"markdown": "Vår egen tekst.", "base_version": 1}).json()
    assert edited["version"] == 2
    saved_turns = client.get(f"/v1/chat/{conversation}").json()
    saved_versions = client.get(f"/v1/drafts/{draft['id']}/versions").json()
    follow_up = {"message": FOLLOW_UP, "conversation_id": conversation}

    full.disk.fill()
    assert_disk_full(client.post("/v1/chat", json={"message": QUESTION}))
    assert_disk_full(client.post("/v1/chat/stream", json={"message": QUESTION}))
    assert_disk_full(client.post("/v1/chat", json=follow_up))
    streamed = client.post("/v1/chat/stream", json=follow_up)  # open before the save fails
    assert streamed.status_code == 200 and last_event(streamed) == ("error", {"detail": DISK_FULL})
    assert_disk_full(client.post("/v1/drafts/planprogram", json=PLANPROGRAM))
    assert_disk_full(client.put(edit, json={"markdown": "Ny tekst.", "base_version": 2}))

    asked = client.post("/v1/ask", json={"question": QUESTION})
    assert asked.status_code == 200 and asked.json()["citations"]
    assert client.get(f"/v1/chat/{conversation}").json() == saved_turns
    assert client.get(f"/v1/drafts/{draft['id']}/versions").json() == saved_versions
    assert client.get(f"/v1/drafts/{draft['id']}").json()["sections"][0]["markdown"] == (
        "Vår egen tekst."
    )

    full.disk.free()  # no restart: the next save works
    continued = client.post("/v1/chat", json=follow_up)
    assert continued.status_code == 200, continued.text
    turns = client.get(f"/v1/chat/{conversation}").json()["turns"]
    assert turns[:2] == saved_turns["turns"] and len(turns) == 4
    saved = client.put(edit, json={"markdown": "Ny tekst.", "base_version": 2})
    assert saved.status_code == 200 and saved.json()["version"] == 3
    intact(full.settings.data_dir, "conversations", "drafts")


def wait(client: TestClient, response: httpx.Response) -> dict[str, Any]:
    """The job ``response`` started, once it has ended."""
    assert response.status_code == 202, response.text
    return finished_job(client, response.json()["job_id"])


def upload(client: TestClient, name: str) -> dict[str, Any]:
    """Upload a Markdown file and wait for its job to end; returns the job."""
    files = {"file": (name, NEW_DOCUMENT, "text/markdown")}
    return wait(client, client.post("/v1/documents", files=files))


def test_an_ingest_into_a_full_disk_keeps_the_index_serving(
    full: FullDiskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, settings, before = full.client, full.settings, full.current
    for name in ("corpus_dir", "data_dir", "cache_dir", "embedder", "min_evidence"):
        monkeypatch.setenv(f"PLANASSIST_{name.upper()}", str(getattr(settings, name)))
    get_settings.cache_clear()
    (settings.corpus_dir / "overvann.md").write_text(NEW_DOCUMENT)  # for the CLI's ingest
    files = {"file": ("flom.md", NEW_DOCUMENT, "text/markdown")}

    full.disk.fill()
    assert_disk_full(client.post("/v1/documents", files=files))  # its job cannot be saved
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert " ".join(result.output.split()).endswith(f"Error: {INDEX_DISK_FULL}")  # after progress
    assert result.output.count("Error") == 1

    full.disk.free()
    full.disk.fill(leave=100_000)  # room for the job's records, not for a new index version
    job = upload(client, "flom.md")
    assert (job["status"], job["detail"]) == ("error", INDEX_DISK_FULL)
    assert not (settings.uploads_dir / "flom.md").exists()  # not picked up by a later ingest
    index = IndexLayout(settings.data_dir).root
    assert full.current == before and not list(index.glob(".building-*"))
    asked = client.post("/v1/ask", json={"question": QUESTION})
    assert asked.status_code == 200 and asked.json()["citations"]

    full.disk.free()  # no restart: the same file goes in, then the CLI is up to date
    job = upload(client, "flom.md")
    assert job["status"] == "done", job
    assert full.current != before
    assert {"flom", "overvann"} <= {d["id"] for d in client.get("/v1/documents").json()}
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 0 and "up to date" in result.output
    intact(settings.data_dir, "uploads")


def test_replacing_or_removing_on_a_full_disk_keeps_the_document(full: FullDiskSetup) -> None:
    client, added = full.client, full.settings.uploads_dir / "skred.md"
    job = upload(client, "skred.md")
    assert job["status"] == "done", job
    replacement = {"file": ("skred.txt", "Skred og ras i bratt terreng.\n", "text/plain")}

    full.disk.fill(leave=100_000)
    for job in (
        wait(client, client.put("/v1/documents/skred", files=replacement)),
        wait(client, client.delete("/v1/documents/skred")),
    ):
        assert (job["status"], job["detail"]) == ("error", INDEX_DISK_FULL)
        assert added.read_text() == NEW_DOCUMENT and not added.with_suffix(".txt").exists()
        assert client.get("/v1/documents/skred").status_code == 200

    full.disk.free()
    assert wait(client, client.delete("/v1/documents/skred"))["status"] == "done"
    assert not added.exists() and client.get("/v1/documents/skred").status_code == 404


def test_a_document_that_does_not_fit_leaves_no_part_of_it(
    full: FullDiskSetup, tmp_path: Path
) -> None:
    """The copy into the added documents meets the full disk (the file is elsewhere, as
    with ``planassist ingest PATH``): the same reason as a full index, and no copy."""
    source = tmp_path / "stor.md"
    source.write_text(NEW_DOCUMENT + "Kommunen skal ha en plan for overvann.\n" * 10_000)
    full.disk.fill(leave=100_000)
    with pytest.raises(InsufficientStorage, match=re.escape(INDEX_DISK_FULL)):
        add_document(full.settings, source)
    assert not list(full.settings.uploads_dir.glob("*stor.md*"))


def test_a_server_starts_on_a_full_disk(full: FullDiskSetup) -> None:
    """It serves what it can (the index cannot open: a 507 that says why), keeps its session
    key in memory, and is whole once there is room: no restart."""
    (full.settings.data_dir / "session.key").unlink()
    full.disk.fill()
    with TestClient(create_app(full.settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/v1/chat").status_code == 200
        assert_disk_full(client.post("/v1/ask", json={"question": QUESTION}), OPEN_DISK_FULL)
        assert not (full.settings.data_dir / "session.key").exists()
        full.disk.free()
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
    with TestClient(create_app(full.settings)):
        assert (full.settings.data_dir / "session.key").read_text().strip()


@pytest.mark.servers
def test_a_build_that_meets_a_full_disk_drops_its_collection_on_the_chroma_server(
    tmp_path: Path, chroma_url: str
) -> None:
    """The vectors go to the server, the version's files do not fit on the data dir: the
    half-built version's collection goes at once, not at the next ingest."""
    server = chromadb.HttpClient(
        host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]), settings=chroma_settings()
    )
    with small_disk(tmp_path / "data", "4m") as disk:
        settings = make_settings(tmp_path, data_dir=disk.root, chroma_url=chroma_url)
        before = run_ingest(settings).version
        collections = {collection.name for collection in server.list_collections()}
        (settings.corpus_dir / "overvann.md").write_text(NEW_DOCUMENT)

        disk.fill()
        with pytest.raises(InsufficientStorage, match=re.escape(INDEX_DISK_FULL)):
            run_ingest(settings)
        assert {collection.name for collection in server.list_collections()} == collections
        layout = IndexLayout(settings.data_dir)
        assert layout.current_version() == before and not list(layout.root.glob(".building-*"))

        disk.free()
        assert run_ingest(settings).version != before


@pytest.mark.servers
def test_queued_uploads_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the Redis queue: an upload that cannot be staged on the data dir is a 507 and
    its job says so; a queued job whose ingest meets the full disk ends with the reason and
    leaves no file to be picked up later; once there is room, the same upload goes in. A
    job whose own end does not fit in the job table still ends: Redis holds it until then,
    and its file name is free again (without anyone polling the job); a worker's
    maintenance saves it, and Redis drops it."""
    with small_disk(tmp_path / "data", "4m") as disk, redis_server(tmp_path / "redis") as url:
        settings = make_settings(tmp_path, data_dir=disk.root, redis_url=url)
        run_ingest(settings)
        for name in ("corpus_dir", "data_dir", "cache_dir", "embedder", "min_evidence"):
            monkeypatch.setenv(f"PLANASSIST_{name.upper()}", str(getattr(settings, name)))
        monkeypatch.setenv("PLANASSIST_COVERAGE_WEIGHT", str(settings.coverage_weight))
        monkeypatch.setenv("PLANASSIST_REDIS_URL", url)
        get_settings.cache_clear()
        redis = Redis.from_url(url)
        worker = SimpleWorker([Queue(QUEUE, connection=redis)])
        large = NEW_DOCUMENT + "Kommunen skal ha en plan for overvann.\n" * 10_000  # ≈ 400 kB
        staged = settings.data_dir / "incoming"

        def queued(name: str, text: str) -> httpx.Response:
            files = {"file": (name, text, "text/markdown")}
            return client.post("/v1/documents", files=files)

        def saved_status(job_ids: list[str]) -> list[str]:
            """The jobs' status in the job table, as saved."""
            with sqlite3.connect(settings.data_dir / "uploads.sqlite3") as db:
                query = "SELECT status FROM jobs WHERE job_id = ?"
                return [db.execute(query, (job_id,)).fetchone()[0] for job_id in job_ids]

        with TestClient(create_app(settings)) as client:
            disk.fill(leave=100_000)  # room for job records, not for the file or an index
            assert_disk_full(queued("stor.md", large))
            assert not any(staged.rglob("*.md"))

            response = queued("flom.md", NEW_DOCUMENT)
            assert response.status_code == 202, response.text
            job_id = response.json()["job_id"]
            worker.work(burst=True)
            job = client.get(f"/v1/documents/jobs/{job_id}").json()
            assert (job["status"], job["detail"]) == ("error", INDEX_DISK_FULL)
            assert not (settings.uploads_dir / "flom.md").exists()
            assert not (staged / job_id).exists()

            disk.free()  # no restart, of the API or the worker
            response = queued("flom.md", NEW_DOCUMENT)
            assert response.status_code == 202, response.text
            worker.work(burst=True)
            job = client.get(f"/v1/documents/jobs/{response.json()['job_id']}").json()
            assert (job["status"], job["doc_ids"]) == ("done", ["flom"])

            job_ids = [queued(name, NEW_DOCUMENT).json()["job_id"] for name in NAMES]
            disk.fill()  # not even the job's records fit
            worker.work(burst=True)
            job = client.get(f"/v1/documents/jobs/{job_ids[0]}").json()
            assert (job["status"], job["detail"]) == ("error", DISK_FULL)
            assert saved_status(job_ids) == ["queued", "queued"]  # only Redis has the ends
            disk.free()
            response = queued("skred.md", NEW_DOCUMENT)  # free again, though never polled
            assert response.status_code == 202, response.text
            IngestQueue(settings).save_kept()  # what a worker's maintenance does
            assert saved_status(job_ids) == ["error", "error"]
            assert not redis.keys(f"{QUEUE}:unsaved:*")  # saved, so no longer kept
            assert client.get(f"/v1/documents/jobs/{job_ids[1]}").json()["detail"] == DISK_FULL
            worker.work(burst=True)
            job = client.get(f"/v1/documents/jobs/{response.json()['job_id']}").json()
            assert (job["status"], job["doc_ids"]) == ("done", ["skred"])
            intact(settings.data_dir, "uploads")
