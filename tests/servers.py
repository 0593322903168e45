"""Debian's redis-server on loopback for the tests. The Chroma server and planassist's own
processes start through ``benchmarks/servers.py``, shared with the benchmarks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown

from benchmarks.servers import free_port, running


def redis_binary() -> str:
    """Debian's redis-server (``make redis`` installs it); missing fails in CI."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            raise RuntimeError("redis-server is missing: `make redis` installs it")
        pytest.skip("redis-server is not installed: run `make redis`")
    return binary


def _pings(url: str) -> bool:
    try:
        return bool(Redis.from_url(url).ping())
    except RedisDown:
        return False


@contextmanager
def redis_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """A throw-away redis-server on loopback (no persistence); yields its URL."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    url = f"redis://127.0.0.1:{port}/0"
    command = [redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no"]
    with running(command, folder / "redis.log", lambda: _pings(url)):
        yield url
