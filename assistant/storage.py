"""SQLite files of saved state (accounts, audit, feedback, upload jobs, conversations).

One way to open them and one way to migrate them: ``PRAGMA user_version`` counts the
steps a file has had; each step runs under one write lock and rolls back on failure, so
an old file is upgraded in place once (server and CLI may open it at the same time) and a
failed step leaves it as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

Step = Callable[[sqlite3.Connection], None]
"""Takes a file from schema i to schema i + 1. Append new steps; never edit old ones."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection shared by the app's threads (callers hold their own lock for writes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def migrate(db: sqlite3.Connection, steps: Sequence[Step]) -> int:
    """Run the steps this file has not had; returns the schema version it is at now."""
    while True:
        db.execute("BEGIN IMMEDIATE")
        (current,) = db.execute("PRAGMA user_version").fetchone()
        if current >= len(steps):
            db.execute("COMMIT")
            return current
        try:
            steps[current](db)
            db.execute(f"PRAGMA user_version = {current + 1}")
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise


def open_store(path: Path, steps: Sequence[Step]) -> sqlite3.Connection:
    """``connect`` + ``migrate``: a file at the current schema."""
    db = connect(path)
    migrate(db, steps)
    return db
