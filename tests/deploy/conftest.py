"""The deployment the tests in this folder share (see ``deployment.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from benchmarks.servers import planassist, running
from ingest.pipeline import run_ingest
from tests.deploy.deployment import API_WORKERS, ENV_FIELDS, Deployment
from tests.helpers import free_port, make_settings


@pytest.fixture(scope="session")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, chroma_url: str, redis_url: str
) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("deployment")
    settings = make_settings(root, chroma_url=chroma_url, redis_url=redis_url)
    run_ingest(settings)
    env = {f"PLANASSIST_{name.upper()}": str(getattr(settings, name)) for name in ENV_FIELDS}
    env["PLANASSIST_DEBUG"] = "0"
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    command = planassist("serve", "--workers", str(API_WORKERS), "--port", str(port))

    def ready() -> bool:
        return httpx.get(f"{api}/healthz", timeout=2).status_code == 200

    with ExitStack() as processes:
        processes.enter_context(running(command, root / "api.log", ready, env))
        yield Deployment(settings, env, api, root, processes)
