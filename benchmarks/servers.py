"""Servers on loopback that the benchmarks and the tests start and always stop: the Chroma
server that the chromadb package ships (``chroma run``) and planassist's own processes
(``serve``, ``worker``). The one home of these helpers: ``tests/servers.py`` imports them
and adds Debian's redis-server.

Each runs in its own process group with its output appended to a log file; leaving the
``with`` block (or an error while it starts) stops it and whatever it started (uvicorn's
workers, RQ's work horse), first politely, then by force.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
START_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def child_env(**settings: str) -> dict[str, str]:
    """This environment, with the project on the path and ``settings`` added."""
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **settings}


def answers(url: str) -> bool:
    """``url`` answers 200 (False while the server is not up)."""
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(
    ready: Callable[[], bool], process: subprocess.Popen, log: Path, what: str, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if ready():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {timeout_s:.0f} s:\n{log.read_text()}")


@contextmanager
def running(
    command: list[str],
    log: Path,
    ready: Callable[[], bool],
    env: Mapping[str, str] | None = None,
    timeout_s: float = START_TIMEOUT_S,
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
        _wait(ready, process, log, command[0], timeout_s)
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


@contextmanager
def chroma_server(folder: Path, port: int | None = None) -> Iterator[Server]:
    """``chroma run`` persisting into ``folder / "db"``, its log beside it."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "chroma"), "run", "--path", str(folder / "db")]
    command += ["--host", HOST, "--port", str(port)]
    heartbeat = f"http://{HOST}:{port}/api/v2/heartbeat"
    with running(command, folder / "chroma.log", lambda: answers(heartbeat)) as process:
        yield Server(port, process.pid)


def planassist(*args: str) -> list[str]:
    return [str(BIN / "planassist"), *args]


@contextmanager
def api_server(env: Mapping[str, str], log: Path, workers: int = 2) -> Iterator[Server]:
    """``planassist serve --workers N``, ready once every worker has warmed up (index and
    model), which takes minutes on a busy machine."""
    port = free_port()
    command = planassist("serve", "--workers", str(workers), "--port", str(port))
    log.unlink(missing_ok=True)  # the log counts the workers started

    def ready() -> bool:
        started = log.read_text(errors="replace").count("Application startup complete")
        return started >= workers and answers(f"http://{HOST}:{port}/healthz")

    with running(command, log, ready, env, timeout_s=600) as process:
        yield Server(port, process.pid)


def worker_pids(parent: int) -> list[int]:
    """The API worker processes a uvicorn parent spawned (not its helpers)."""
    pids = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                pids.append(int(child))
    return pids
