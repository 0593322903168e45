"""Drafts (``data_dir/drafts.sqlite3`` or the database): the current text and every saved
version.

Each save is a new version with who and when, so nothing a planner wrote is overwritten:
an edit, a regenerated section or a restore only adds a version. A save may name the
version it started from; if the draft has moved on since, it is refused (409) rather than
silently overwriting the newer text.
"""

from __future__ import annotations

import json
from dataclasses import replace

from assistant.drafting.models import Draft, DraftSummary, DraftVersion
from assistant.errors import Conflict, NotFound
from assistant.storage import Step, Transaction, Where, open_store

SCHEMA_0 = (
    "CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, kind TEXT,"
    " inputs TEXT, draft TEXT, created DOUBLE PRECISION, updated DOUBLE PRECISION)"
)
"""Drafts before versions: one row per draft. Files from then are at schema 0."""


def _steps(owner: str) -> list[Step]:
    def versions(db: Transaction) -> None:
        """Schema 1: who owns a draft, its current version, and every saved version. Drafts
        from before versions keep their text: each becomes version 1, owned by ``owner``."""
        db.run(SCHEMA_0)  # a new store starts from schema 0 too, so both take one path
        for column in ("title TEXT", "owner TEXT", "version INTEGER NOT NULL DEFAULT 1"):
            db.run(f"ALTER TABLE drafts ADD COLUMN {column}")
        db.run(
            "CREATE TABLE draft_versions (draft_id TEXT NOT NULL, version INTEGER NOT NULL,"
            ' "user" TEXT NOT NULL, created DOUBLE PRECISION NOT NULL, action TEXT NOT NULL,'
            " section TEXT, restored_from INTEGER, draft TEXT NOT NULL,"
            " PRIMARY KEY (draft_id, version))"
        )
        for draft_id, text, updated in db.rows("SELECT id, draft, updated FROM drafts"):
            try:
                title = json.loads(text).get("title", "")
            except (TypeError, ValueError):  # kept as it is; only its list entry has no title
                title = ""
            db.run(
                "UPDATE drafts SET title = :title, owner = :owner, version = 1 WHERE id = :id",
                title=title,
                owner=owner,
                id=draft_id,
            )
            db.run(
                "INSERT INTO draft_versions VALUES"
                " (:id, 1, :owner, :updated, 'created', NULL, NULL, :text)",
                id=draft_id,
                owner=owner,
                updated=updated,
                text=text,
            )

    return [versions]


def _missing(draft_id: str) -> NotFound:
    return NotFound(f"no draft with id '{draft_id}'; it may have been deleted")


class DraftStore:
    """Save, list, fetch, version and delete drafts; an unknown id is a 404.

    >>> store = DraftStore(location(settings, "drafts"), owner="local")
    >>> saved = store.save(draft, user="local", action="created")   # saved.version == 1
    >>> store.save(edited, user="local", action="edit", base_version=saved.version)
    """

    def __init__(self, where: Where, owner: str) -> None:
        """``owner`` is who drafts written before versions existed are given to."""
        self._db = open_store(where, "drafts", _steps(owner))

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
        with self._db.transaction() as tx:  # the version check and the write are one step
            row = tx.row("SELECT version FROM drafts WHERE id = :id", id=draft.id)
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
            tx.insert(
                "drafts",
                then="ON CONFLICT (id) DO UPDATE SET draft = excluded.draft, updated ="
                " excluded.updated, title = excluded.title, version = excluded.version",
                id=saved.id,
                kind=saved.kind,
                inputs=json.dumps(saved.inputs, ensure_ascii=False),
                draft=text,
                created=saved.created,
                updated=saved.updated,
                title=saved.title,
                owner=user,
                version=saved.version,
            )
            tx.insert(
                "draft_versions",
                draft_id=saved.id,
                version=saved.version,
                user=user,
                created=saved.updated,
                action=action,
                section=section,
                restored_from=restored_from,
                draft=text,
            )
        return saved

    def get(self, draft_id: str) -> Draft:
        row = self._db.row("SELECT draft, version FROM drafts WHERE id = :id", id=draft_id)
        if row is None:
            raise _missing(draft_id)
        return replace(Draft.from_json(json.loads(row[0])), version=row[1])

    def owner(self, draft_id: str) -> str | None:
        """Who created the draft (None for an unknown id)."""
        row = self._db.row("SELECT owner FROM drafts WHERE id = :id", id=draft_id)
        return row[0] if row else None

    def list(self, owner: str) -> list[DraftSummary]:
        """``owner``'s drafts, the most recently changed first."""
        rows = self._db.rows(
            "SELECT id, kind, title, version, created, updated FROM drafts"
            " WHERE owner = :owner ORDER BY updated DESC",
            owner=owner,
        )
        return [DraftSummary(*row) for row in rows]

    def versions(self, draft_id: str) -> list[DraftVersion]:
        """Every saved version of a draft, the newest first."""
        rows = self._db.rows(
            'SELECT version, "user", created, action, section, restored_from'
            " FROM draft_versions WHERE draft_id = :id ORDER BY version DESC",
            id=draft_id,
        )
        if not rows:
            raise _missing(draft_id)
        return [DraftVersion(*row) for row in rows]

    def version(self, draft_id: str, version: int) -> Draft:
        """The draft as it was saved in ``version``."""
        row = self._db.row(
            "SELECT draft FROM draft_versions WHERE draft_id = :id AND version = :version",
            id=draft_id,
            version=version,
        )
        if row is None:
            self.versions(draft_id)  # an unknown draft says so first
            raise NotFound(f"draft '{draft_id}' has no version {version}")
        return replace(Draft.from_json(json.loads(row[0])), version=version)

    def delete(self, draft_id: str) -> None:
        """Delete a draft and all its versions."""
        with self._db.transaction() as tx:
            deleted = tx.run("DELETE FROM drafts WHERE id = :id", id=draft_id)
            tx.run("DELETE FROM draft_versions WHERE draft_id = :id", id=draft_id)
        if not deleted:
            raise _missing(draft_id)
