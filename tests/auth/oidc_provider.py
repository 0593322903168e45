"""The real OpenID provider for the OIDC tests: panva's ``oidc-provider`` (npm) run by node
on loopback from ``tests/oidc/`` (installed there by ``make oidc-provider``).

Its development sign-in pages take any password; the accounts' groups come from the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

PROVIDER_DIR = Path(__file__).parents[1] / "oidc"
CLIENT_ID, CLIENT_SECRET = "planassist", "planassist-test-secret"
FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def require_provider() -> None:
    """Skip without node or the package, except in CI (where ``make test`` installs it)."""
    missing = shutil.which("node") is None or not (PROVIDER_DIR / "node_modules").is_dir()
    if missing and not os.environ.get("CI"):
        pytest.skip("run `make oidc-provider` (node + npm) for the OIDC tests")


@contextmanager
def running_provider(port: int, redirect_uri: str, groups: dict[str, list[str]]) -> Iterator[str]:
    """Start the provider on ``127.0.0.1:port``; yields its issuer URL, stops it on exit."""
    require_provider()
    env = {
        **os.environ,
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_REDIRECT": redirect_uri,
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TEST_ACCOUNTS": json.dumps(groups),
    }
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("listening "):
            raise RuntimeError(f"the OpenID provider did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(authorize_url: str, login: str, redirect_uri: str) -> str:
    """Go through the provider's own sign-in and consent pages as a browser would;
    returns the URL it sends the browser back to (``redirect_uri?code=…&state=…``)."""
    url = authorize_url
    with httpx.Client(timeout=10) as browser:
        for _ in range(12):
            if url.startswith(redirect_uri):
                return url
            response = browser.get(url)
            if response.is_redirect:
                url = urljoin(url, response.headers["location"])
                continue
            action, form = FORM.search(response.text).groups()
            data = {name: unescape(value) for name, value in HIDDEN.findall(form)}
            if data.get("prompt") == "login":
                data |= {"login": login, "password": "any"}
            posted = browser.post(urljoin(url, unescape(action)), data=data)
            url = urljoin(url, posted.headers["location"])
    raise AssertionError(f"the provider never sent the browser back (last: {url})")
