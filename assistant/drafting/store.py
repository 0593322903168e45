"""Drafts in SQLite (``data_dir/drafts.sqlite3``): the current text and every saved version.

Each save is a new version with who and when, so nothing a planner wrote is overwritten:
an edit, a regenerated section or a restore only adds a version. A save may name the
version it started from; if the draft has moved on since, it is refused (409) rather than
silently overwriting the newer text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

from assistant.drafting.migrations import migrate
from assistant.drafting.models import Draft, DraftSummary, DraftVersion
from assistant.errors import Conflict, NotFound


def _missing(draft_id: str) -> NotFound:
    return NotFound(f"no draft with id '{draft_id}'; it may have been deleted")


class DraftStore:
    """Save, list, fetch, version and delete drafts; an unknown id is a 404.

    >>> store = DraftStore(data_dir / "drafts.sqlite3", owner="local")
    >>> saved = store.save(draft, user="local", action="created")   # saved.version == 1
    >>> store.save(edited, user="local", action="edit", base_version=saved.version)
    """

    def __init__(self, path: Path, owner: str) -> None:
        """``owner`` is who drafts written before versions existed are given to."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            migrate(self._db, owner)

    def save(
        self,
        draft: Draft,
        user: str,
        action: str,
        section: str | None = None,
        base_version: int | None = None,
        restored_from: int | None = None,
    ) -> Draft:
        """Store ``draft`` as its next version (1 if new) and return it with that number."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")  # the version check and the write are one step
            row = self._db.execute(
                "SELECT version FROM drafts WHERE id = ?", (draft.id,)
            ).fetchone()
            current = row[0] if row else 0
            if base_version is not None and base_version != current:
                if row is None:
                    raise _missing(draft.id)
                raise Conflict(
                    f"draft '{draft.id}' is at version {current}, not {base_version}: it was "
                    "changed elsewhere since you opened it. Nothing was saved; reload the "
                    "draft and make the change again."
                )
            saved = replace(draft, version=current + 1)
            text = json.dumps(saved.to_json(), ensure_ascii=False)
            self._db.execute(
                "INSERT INTO drafts (id, kind, inputs, draft, created, updated, title, owner,"
                " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " draft = excluded.draft, updated = excluded.updated, title = excluded.title,"
                " version = excluded.version",
                (
                    saved.id,
                    saved.kind,
                    json.dumps(saved.inputs, ensure_ascii=False),
                    text,
                    saved.created,
                    saved.updated,
                    saved.title,
                    user,
                    saved.version,
                ),
            )
            self._db.execute(
                "INSERT INTO draft_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    saved.id,
                    saved.version,
                    user,
                    saved.updated,
                    action,
                    section,
                    restored_from,
                    text,
                ),
            )
        return saved

    def get(self, draft_id: str) -> Draft:
        with self._lock:
            row = self._db.execute(
                "SELECT draft, version FROM drafts WHERE id = ?", (draft_id,)
            ).fetchone()
        if row is None:
            raise _missing(draft_id)
        return replace(Draft.from_json(json.loads(row[0])), version=row[1])

    def owner(self, draft_id: str) -> str | None:
        """Who created the draft (None for an unknown id)."""
        with self._lock:
            row = self._db.execute("SELECT owner FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return row[0] if row else None

    def list(self, owner: str) -> list[DraftSummary]:
        """``owner``'s drafts, the most recently changed first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, title, version, created, updated FROM drafts"
                " WHERE owner = ? ORDER BY updated DESC",
                (owner,),
            ).fetchall()
        return [DraftSummary(*row) for row in rows]

    def versions(self, draft_id: str) -> list[DraftVersion]:
        """Every saved version of a draft, the newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT version, user, created, action, section, restored_from"
                " FROM draft_versions WHERE draft_id = ? ORDER BY version DESC",
                (draft_id,),
            ).fetchall()
        if not rows:
            raise _missing(draft_id)
        return [DraftVersion(*row) for row in rows]

    def version(self, draft_id: str, version: int) -> Draft:
        """The draft as it was saved in ``version``."""
        with self._lock:
            row = self._db.execute(
                "SELECT draft FROM draft_versions WHERE draft_id = ? AND version = ?",
                (draft_id, version),
            ).fetchone()
        if row is None:
            self.versions(draft_id)  # an unknown draft says so first
            raise NotFound(f"draft '{draft_id}' has no version {version}")
        return replace(Draft.from_json(json.loads(row[0])), version=version)

    def delete(self, draft_id: str) -> None:
        """Delete a draft and all its versions."""
        with self._lock, self._db:
            deleted = self._db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount
            self._db.execute("DELETE FROM draft_versions WHERE draft_id = ?", (draft_id,))
        if not deleted:
            raise _missing(draft_id)
