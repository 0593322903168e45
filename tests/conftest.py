"""Shared fixtures: a real Chroma + BM25 index of tests/data/corpus, built once per run.

Unit and API tests use the deterministic HashEmbedder; tests marked ``slow`` use the
real EmbeddingGemma model. Tests of saved work use ``backend`` (or ``store_at``) and so
run twice: on SQLite files and on a real PostgreSQL server (``-k sqlite`` / ``-k postgres``
picks one). ``--vectors server`` runs
the same tests with every index's vectors on a real Chroma server (started once for the
run), as ``make test`` does for the retrieval and API tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from assistant.storage import Where
from benchmarks.servers import chroma_server
from ingest.pipeline import run_ingest
from tests.helpers import make_settings
from tests.postgres import Backend, PostgresServer, running_postgres
from tests.servers import redis_server

SERVER_SETTINGS = ("PLANASSIST_CHROMA_URL", "PLANASSIST_REDIS_URL")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--vectors",
        choices=("embedded", "server"),
        default="embedded",
        help="where test indexes keep their vectors: embedded Chroma, or a Chroma server",
    )


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on loopback for the whole run."""
    with chroma_server(tmp_path_factory.mktemp("chroma")) as server:
        yield server.url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on loopback for the whole run."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def _vector_backend(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every Settings the tests build reads PLANASSIST_CHROMA_URL: set it for the whole run
    with ``--vectors server``; never inherit a server from the developer's shell."""
    patch = pytest.MonkeyPatch()
    for name in SERVER_SETTINGS:
        patch.delenv(name, raising=False)
    if request.config.getoption("--vectors") == "server":
        patch.setenv("PLANASSIST_CHROMA_URL", request.getfixturevalue("chroma_url"))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing a test does may touch the real data dir through get_settings()."""
    monkeypatch.setenv("PLANASSIST_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("PLANASSIST_DEBUG", "0")
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster on loopback for the whole run (``make postgres``)."""
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Where saved work goes: each test that uses this runs once per back end."""
    return Backend(request.getfixturevalue("postgres") if request.param == "postgres" else None)


@pytest.fixture
def database_url(backend: Backend) -> Iterator[str | None]:
    """``PLANASSIST_DATABASE_URL`` for this test: None (SQLite) or a fresh Postgres schema."""
    with backend.database() as url:
        yield url


@pytest.fixture
def store_at(backend: Backend, tmp_path: Path) -> Iterator[Callable[[str], Where]]:
    """``store_at("c")``: where a store named "c" lives in this test (the same place each
    time it is asked, a different one for another name)."""
    with ExitStack() as stack:
        places: dict[str, Where] = {}

        def at(name: str) -> Where:
            if name not in places:
                url = stack.enter_context(backend.database())
                places[name] = url or tmp_path / f"{name}.sqlite3"
            return places[name]

        yield at


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("indexed"))
    run_ingest(settings)
    return settings


@pytest.fixture(scope="session")
def assistant(indexed_settings: Settings) -> Assistant:
    return Assistant(indexed_settings)


@pytest.fixture(scope="session")
def client(indexed_settings: Settings, assistant: Assistant) -> TestClient:
    with TestClient(create_app(indexed_settings, assistant)) as test_client:
        yield test_client


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, indexed_settings: Settings) -> Settings:
    """Point the CLI (which reads the environment) at the shared test index."""
    names = ("corpus_dir", "data_dir", "cache_dir", "embedder", "min_evidence", "coverage_weight")
    for name in names:
        monkeypatch.setenv(f"PLANASSIST_{name.upper()}", str(getattr(indexed_settings, name)))
    get_settings.cache_clear()
    return indexed_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread until the session ends, and async tests (anyio) cannot start one after it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
