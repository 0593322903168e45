"""An app with PLANASSIST_AUTH=local over the test index, and one account per role."""

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


@pytest.fixture(scope="module")
def local_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("auth-local"), auth="local")
    run_ingest(settings)
    return settings


@pytest.fixture(scope="module")
def site(local_settings: Settings) -> Iterator[Site]:
    tokens = add_people(local_settings)
    with TestClient(create_app(local_settings)) as client:
        yield Site(client, local_settings, tokens)


@pytest.fixture
def fresh_site(tmp_path: Path) -> Iterator[Site]:
    """A site of its own (for tests that upload, change roles or restart)."""
    settings = make_settings(tmp_path, auth="local")
    run_ingest(settings)
    tokens = add_people(settings)
    with TestClient(create_app(settings)) as client:
        yield Site(client, settings, tokens)
