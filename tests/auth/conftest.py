"""An app with PLANASSIST_AUTH=local over the test index, and one account per role; every
test here runs on both back ends of saved work (SQLite files, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings
from ingest.pipeline import run_ingest
from tests.auth.people import Site, add_people
from tests.helpers import make_settings
from tests.postgres import Backend


@pytest.fixture(scope="module")
def local_settings(
    tmp_path_factory: pytest.TempPathFactory, backend: Backend
) -> Iterator[Settings]:
    with backend.database() as url:
        settings = make_settings(
            tmp_path_factory.mktemp("auth-local"), auth="local", database_url=url
        )
        run_ingest(settings)
        yield settings


@pytest.fixture(scope="module")
def site(local_settings: Settings) -> Iterator[Site]:
    tokens = add_people(local_settings)
    with TestClient(create_app(local_settings)) as client:
        yield Site(client, local_settings, tokens)


@pytest.fixture
def fresh_site(tmp_path: Path, database_url: str | None) -> Iterator[Site]:
    """A site of its own (for tests that upload, change roles or restart)."""
    settings = make_settings(tmp_path, auth="local", database_url=database_url)
    run_ingest(settings)
    tokens = add_people(settings)
    with TestClient(create_app(settings)) as client:
        yield Site(client, settings, tokens)
