"""Drafts in SQLite (``data_dir/drafts.sqlite3``), with their inputs so they can be redone."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from assistant.drafting.models import Draft
from assistant.errors import NotFound


class DraftStore:
    """Save, fetch and delete drafts by id; an unknown id is a 404."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, kind TEXT,"
                " inputs TEXT, draft TEXT, created REAL, updated REAL)"
            )

    def save(self, draft: Draft) -> None:
        row = (
            draft.id,
            draft.kind,
            json.dumps(draft.inputs, ensure_ascii=False),
            json.dumps(draft.to_json(), ensure_ascii=False),
            draft.created,
            draft.updated,
        )
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?, ?, ?)", row)

    def get(self, draft_id: str) -> Draft:
        with self._lock:
            row = self._db.execute("SELECT draft FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NotFound(f"no draft with id '{draft_id}'; it may have been deleted")
        return Draft.from_json(json.loads(row[0]))

    def delete(self, draft_id: str) -> None:
        with self._lock, self._db:
            deleted = self._db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount
        if not deleted:
            raise NotFound(f"no draft with id '{draft_id}'; it may have been deleted")
