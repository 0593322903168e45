"""Vectors on a real Chroma server: one collection per index version, cleaned up with the
version, leftovers of a killed build swept, an unreachable server a 503 that heals."""

from __future__ import annotations

import subprocess
from pathlib import Path

import chromadb
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.retrieval.store import IndexLayout, IndexStore
from assistant.retrieval.vectors import HNSW, ServerVectors, chroma_settings
from assistant.service import Assistant
from assistant.settings import Settings
from benchmarks.servers import chroma_server
from ingest.index import KEEP_PREVIOUS
from ingest.pipeline import run_ingest
from tests.helpers import free_port, make_settings

pytestmark = pytest.mark.servers

QUESTION = "Hvem skal vedta kommunal planstrategi?"


def server(url: str) -> chromadb.ClientAPI:
    port = int(url.rsplit(":", 1)[1])
    return chromadb.HttpClient(host="127.0.0.1", port=port, settings=chroma_settings())


def server_names(url: str) -> set[str]:
    return {collection.name for collection in server(url).list_collections()}


def change_corpus(settings: Settings, n: int) -> None:
    (settings.corpus_dir / "ny.txt").write_text(f"Et nytt avsnitt nummer {n} om sykkelveier.\n")


@pytest.fixture
def settings(tmp_path: Path, chroma_url: str) -> Settings:
    return make_settings(tmp_path, chroma_url=chroma_url)


def test_each_version_is_a_collection_on_the_server(settings: Settings, chroma_url: str) -> None:
    version = run_ingest(settings).version
    assert version is not None
    folder = IndexLayout(settings.data_dir).version_dir(version)
    assert not (folder / "chroma").exists()  # no embedded copy beside the server's
    assert ServerVectors.name(version) in server_names(chroma_url)
    store = IndexStore.open_current(settings)
    assert store.collection.count() == len(store.chunks)
    hnsw = store.collection.configuration["hnsw"]
    assert {key: hnsw[key] for key in HNSW} == HNSW
    answer = Assistant(settings).ask(QUESTION)
    assert not answer.abstained and answer.citations[0].doc_id == "pbl"


def test_old_versions_collections_go_with_their_folders(
    settings: Settings, chroma_url: str
) -> None:
    versions = []
    for n in range(KEEP_PREVIOUS + 2):
        change_corpus(settings, n)
        versions.append(run_ingest(settings).version)
    kept, gone = versions[-KEEP_PREVIOUS - 1 :], versions[: -KEEP_PREVIOUS - 1]
    names = server_names(chroma_url)
    layout = IndexLayout(settings.data_dir)
    for version in kept:
        assert ServerVectors.name(version) in names and layout.version_dir(version).is_dir()
    for version in gone:
        assert ServerVectors.name(version) not in names
        assert not layout.version_dir(version).exists()


def test_a_killed_build_leaves_the_old_version_and_is_swept(
    settings: Settings, chroma_url: str
) -> None:
    before = run_ingest(settings).version
    leftover = f"v20000101-000000000000000-{_dead_pid()}"  # its builder was killed
    folder = IndexLayout(settings.data_dir).root / f".building-{leftover}"
    folder.mkdir()
    half_written = server(chroma_url).create_collection(ServerVectors.name(leftover))
    half_written.add(ids=["x"], embeddings=[[0.1] * 64])
    assert IndexLayout(settings.data_dir).current_version() == before
    assert not Assistant(settings).ask(QUESTION).abstained
    change_corpus(settings, 1)
    run_ingest(settings)
    assert not folder.exists()
    assert ServerVectors.name(leftover) not in server_names(chroma_url)


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    assert not Path(f"/proc/{process.pid}").exists()
    return process.pid


def test_switching_to_a_server_rebuilds(tmp_path: Path, chroma_url: str) -> None:
    embedded = make_settings(tmp_path)
    run_ingest(embedded)
    report = run_ingest(embedded.model_copy(update={"chroma_url": chroma_url}))
    assert not report.up_to_date
    assert ServerVectors.name(report.version) in server_names(chroma_url)


def test_unreachable_server_is_a_503_and_heals(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = make_settings(tmp_path, chroma_url=url)
    with chroma_server(tmp_path / "own", port):
        run_ingest(settings)
    with TestClient(create_app(settings)) as client:  # starts while the server is down
        response = client.post("/v1/ask", json={"question": QUESTION})
        assert response.status_code == 503
        assert response.json()["detail"].startswith(f"the Chroma server at {url} is not")
        assert client.get("/healthz").json()["index_loaded"]
        with chroma_server(tmp_path / "own", port):
            answer = client.post("/v1/ask", json={"question": QUESTION})
            assert answer.status_code == 200 and answer.json()["citations"]
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 503
