"""Real-browser tests: Debian's chromium driven by Playwright against a live uvicorn.

Each run builds its own index of tests/data/corpus (hash embedder) in a tmp dir and
serves it on a free 127.0.0.1 port. Without /usr/bin/chromium the tests are skipped
locally and fail on CI (CI=true), where the browser must be installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.api.app import create_app
from assistant.settings import Settings
from ingest.pipeline import run_ingest
from tests.browser.support import DESKTOP
from tests.helpers import make_settings, serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")

if not CHROMIUM.exists() or shutil.which("chromium") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("browser tests need /usr/bin/chromium (apt-get install chromium)")
    pytest.skip("no /usr/bin/chromium on this machine", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Desktop size; bypass_csp only so that axe-core can be injected."""
    return {**browser_context_args, "viewport": DESKTOP, "bypass_csp": True, "locale": "nb-NO"}


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("web"))
    run_ingest(settings)
    return settings


@pytest.fixture(scope="session")
def live_server(web_settings: Settings) -> Iterator[str]:
    with serve_in_thread(create_app(web_settings)) as url:
        yield url
