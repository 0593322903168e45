"""A throwaway PostgreSQL cluster on loopback for the storage tests.

Debian's server binaries (``make postgres`` installs them) make a cluster in a temporary
folder, started on a free 127.0.0.1 port and removed at the end. Postgres refuses to run
as root, so when the tests run as root the server runs as the ``postgres`` user that the
Debian package creates. Each test gets a schema of its own (``database()``), so tests never
see each other's rows and need no cleanup.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from assistant.storage import postgres_engine
from tests.helpers import free_port

DATABASE = "planassist"
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "max_connections": "300",
    # A throwaway cluster: durability buys nothing here.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


def binaries() -> Path | None:
    """The newest installed server's bin folder (Debian keeps them off the PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """One cluster: ``start``/``stop`` (the tests stop it to see the app answer 503), and
    ``database()`` for a fresh, empty place to keep a test's stores."""

    def __init__(self, bin_dir: Path, root: Path, port: int) -> None:
        self.bin_dir, self.root, self.port = bin_dir, root, port
        self.data = root / "data"
        self.running = False
        self._schemas = itertools.count(1)

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _command(self, name: str, *args: str) -> None:
        command = [str(self.bin_dir / name), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{name} failed: {done.stderr or done.stdout}\n{tail}")

    def init(self) -> None:
        self._command(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {DATABASE}")

    def start(self) -> None:
        options = [f"-c {name}={value}" for name, value in SETTINGS.items()]
        options += [f"-p {self.port}", f"-c unix_socket_directories={self.root}"]
        self._command(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", " ".join(options), "-w", "start",
        )  # fmt: skip
        self.running = True

    def stop(self) -> None:
        self._command("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    @contextmanager
    def database(self) -> Iterator[str]:
        """The URL of a new empty schema; its pooled connections are closed afterwards."""
        schema = f"test_{next(self._schemas)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {schema}")
        url = f"{self.url()}?options=-csearch_path%3D{schema}"
        try:
            yield url
        finally:
            postgres_engine(url).dispose()


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A new cluster for the session; skips where no server is installed (``make test``
    installs one, so it never skips there)."""
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server installed: run `make postgres`")
    root = Path(tempfile.mkdtemp(prefix="planassist-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = PostgresServer(bin_dir, root, free_port())
    try:
        server.init()
        yield server
    finally:
        if server.running:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Backend:
    """Where a test keeps its stores: SQLite files in its data dir (``server`` None), or
    a fresh schema in the Postgres cluster."""

    server: PostgresServer | None

    @contextmanager
    def database(self) -> Iterator[str | None]:
        """``PLANASSIST_DATABASE_URL`` for one test (or module): None means SQLite."""
        if self.server is None:
            yield None
            return
        with self.server.database() as url:
            yield url
