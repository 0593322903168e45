"""Real servers on loopback for the tests: the Chroma server that the chromadb package
ships (``chroma run``), Debian's redis-server, and planassist's own processes (``serve``,
``worker``), each on a free port with its output in a log file for when a test fails."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown

from tests.helpers import free_port

BIN = Path(sys.executable).parent
START_TIMEOUT_S = 90.0


def _wait(ready: Callable[[], bool], process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if ready():
                return
        except (httpx.HTTPError, OSError, RedisDown):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {START_TIMEOUT_S} s:\n{log.read_text()}")


@contextmanager
def running(
    command: list[str],
    log: Path,
    ready: Callable[[], bool],
    env: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen]:
    """Start ``command`` in its own process group, wait for ``ready``, stop it (and any
    children, e.g. uvicorn's workers or RQ's work horse) on exit."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    try:
        _wait(ready, process, log, command[0])
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a process started by ``running`` and its group: politely, then for good."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


def _http_ok(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, timeout=2).status_code == 200


@contextmanager
def chroma_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """``chroma run`` persisting into ``folder``; yields its URL."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    folder.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "chroma"), "run", "--path", str(folder / "db")]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with running(command, folder / "chroma.log", _http_ok(f"{url}/api/v2/heartbeat")):
        yield url


def redis_binary() -> str:
    """Debian's redis-server (``make redis`` installs it); missing fails in CI."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            raise RuntimeError("redis-server is missing: `make redis` installs it")
        pytest.skip("redis-server is not installed: run `make redis`")
    return binary


@contextmanager
def redis_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """A throw-away redis-server on loopback (no persistence); yields its URL."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    url = f"redis://127.0.0.1:{port}/0"
    command = [redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no"]
    with running(command, folder / "redis.log", lambda: bool(Redis.from_url(url).ping())):
        yield url


def planassist(*args: str) -> list[str]:
    return [str(BIN / "planassist"), *args]
