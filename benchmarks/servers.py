"""Servers the benchmarks start on loopback and always stop: Chroma and the planassist API.

Each runs in its own process group with its output in a log file; leaving the ``with``
block (or an error while it starts) stops it, first politely, then by force.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.api.app import KEEP_ALIVE_S
from assistant.settings import PROJECT_ROOT

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    pid: int
    port: int
    log: Path

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


@contextmanager
def running(
    command: list[str],
    log: Path,
    ready: Callable[[Server], bool],
    env: dict[str, str] | None = None,
    timeout_s: float = 180,
) -> Iterator[Server]:
    """Start ``command``, wait until ``ready(server)``; stop it when the block ends."""
    port = int(command[command.index("--port") + 1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    server = Server(process.pid, port, log)
    try:
        deadline = time.monotonic() + timeout_s
        while not ready(server):
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} not ready after {timeout_s:.0f} s; see {log}")
            time.sleep(0.5)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with suppress(ProcessLookupError):  # whatever it started (API workers) goes with it
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def chroma_server(path: Path) -> Iterator[Server]:
    """``chroma run`` (the server in the chromadb package) on ``path``."""
    chroma = Path(sys.executable).parent / "chroma"
    port = str(free_port())
    command = [str(chroma), "run", "--path", str(path), "--host", HOST, "--port", port]
    log = path.parent / f"{path.name}-chroma.log"
    with running(command, log, lambda s: answers(f"{s.url}/api/v2/heartbeat")) as server:
        yield server


def api_command(port: int, workers: int) -> list[str]:
    """The API with ``workers`` processes, as `planassist serve` runs it (keep-alive
    included). `planassist serve` has no --workers yet, so this runs uvicorn's own
    command line on the app factory; the one place to change once it has."""
    return [
        *(sys.executable, "-m", "uvicorn", "--factory", "assistant.api.app:create_app"),
        *("--host", HOST, "--port", str(port), "--workers", str(workers)),
        *("--timeout-keep-alive", str(KEEP_ALIVE_S), "--no-access-log"),
    ]


@contextmanager
def api_server(env: dict[str, str], log: Path, workers: int = 2) -> Iterator[Server]:
    """The planassist API, ready when every worker has warmed up (index and model)."""

    def ready(server: Server) -> bool:
        started = log.read_text(errors="replace").count("Application startup complete")
        return started >= workers and answers(f"{server.url}/healthz")

    with running(api_command(free_port(), workers), log, ready, env, timeout_s=600) as server:
        yield server


def worker_pids(parent: int) -> list[int]:
    """The API worker processes a uvicorn parent spawned (not its helpers)."""
    pids = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                pids.append(int(child))
    return pids
