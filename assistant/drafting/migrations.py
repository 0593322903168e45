"""Bring an existing ``drafts.sqlite3`` up to the current schema, in place and atomically.

``PRAGMA user_version`` says which steps a file has had. Files written before versions
existed (schema 0: one ``drafts`` row per draft) keep every draft: each becomes version 1
of itself, owned by the local user. A step that fails rolls back and leaves the file as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

SCHEMA_0 = (
    "CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, kind TEXT,"
    " inputs TEXT, draft TEXT, created REAL, updated REAL)"
)


def _versions(db: sqlite3.Connection, owner: str) -> None:
    """Schema 1: who owns a draft, its current version, and every saved version."""
    for column in ("title TEXT", "owner TEXT", "version INTEGER NOT NULL DEFAULT 1"):
        db.execute(f"ALTER TABLE drafts ADD COLUMN {column}")
    db.execute(
        "CREATE TABLE draft_versions (draft_id TEXT NOT NULL, version INTEGER NOT NULL,"
        " user TEXT NOT NULL, created REAL NOT NULL, action TEXT NOT NULL, section TEXT,"
        " restored_from INTEGER, draft TEXT NOT NULL, PRIMARY KEY (draft_id, version))"
    )
    rows = db.execute("SELECT id, draft, updated FROM drafts").fetchall()
    for draft_id, text, updated in rows:
        try:
            title = json.loads(text).get("title", "")
        except (TypeError, ValueError):  # kept as it is; only its list entry has no title
            title = ""
        db.execute(
            "UPDATE drafts SET title = ?, owner = ?, version = 1 WHERE id = ?",
            (title, owner, draft_id),
        )
        db.execute(
            "INSERT INTO draft_versions VALUES (?, 1, ?, ?, 'created', NULL, NULL, ?)",
            (draft_id, owner, updated, text),
        )


STEPS: list[Callable[[sqlite3.Connection, str], None]] = [_versions]
"""Step i takes a file from schema i to schema i + 1; append, never edit."""


def migrate(db: sqlite3.Connection, owner: str) -> int:
    """Run the steps this file has not had; returns the schema version it is at now.

    Each step reads the version and changes the file under one write lock, so two
    processes opening an old file at once (server and CLI) migrate it once.
    """
    db.execute(SCHEMA_0)
    db.commit()
    while True:
        db.execute("BEGIN IMMEDIATE")
        (current,) = db.execute("PRAGMA user_version").fetchone()
        if current >= len(STEPS):
            db.commit()
            return current
        try:
            STEPS[current](db, owner)
            db.execute(f"PRAGMA user_version = {current + 1}")
            db.commit()
        except Exception:
            db.rollback()
            raise
