"""DraftStore on disk: versions survive a restart, and a file from before versions is
migrated in place with every draft kept."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.domain import Citation
from assistant.drafting import store as draft_store
from assistant.drafting.history import with_edit
from assistant.drafting.models import Draft, DraftSection
from assistant.drafting.store import SCHEMA_0, DraftStore
from assistant.errors import Conflict, NotFound
from assistant.storage import Transaction, Where


def make_draft(draft_id: str = "d1") -> Draft:
    citation = Citation(1, "pbl", "Plan- og bygningsloven", "§ 5-1", None, "Medvirkning …", 1, "c1")
    return Draft(
        id=draft_id,
        kind="planprogram",
        title="Planprogram – test",
        language="nb",
        inputs={"kommune": "Testvik"},
        sections=[DraftSection("medvirkning", "Medvirkning", "Loven sier «…» [1].")],
        citations=[citation],
        created=100.0,
        updated=100.0,
    )


class TestDraftStore:
    def test_versions_survive_a_restart(self, store_at: Callable[[str], Where]) -> None:
        path = store_at("drafts")
        store = DraftStore(path, owner="lokal")
        first = store.save(make_draft(), user="lokal", action="created")
        edited = with_edit(first, "medvirkning", "Vår tekst [1].", "kari", 200.0)
        store.save(edited, user="kari", action="edit", section="medvirkning", base_version=1)

        reopened = DraftStore(path, owner="lokal")
        draft = reopened.get("d1")
        assert draft.version == 2 and draft.sections[0].markdown == "Vår tekst [1]."
        assert draft.sections[0].edited_by == "kari" and draft.citations == first.citations
        assert [(v.version, v.user, v.action) for v in reopened.versions("d1")] == [
            (2, "kari", "edit"),
            (1, "lokal", "created"),
        ]
        assert reopened.version("d1", 1).sections == make_draft().sections
        assert [s.id for s in reopened.list("lokal")] == ["d1"]

    def test_stale_save_is_refused(self, store_at: Callable[[str], Where]) -> None:
        store = DraftStore(store_at("drafts"), owner="lokal")
        store.save(make_draft(), user="lokal", action="created")
        store.save(make_draft(), user="lokal", action="edit", base_version=1)
        with pytest.raises(Conflict, match="is at version 2, not 1"):
            store.save(make_draft(), user="lokal", action="edit", base_version=1)
        with pytest.raises(NotFound, match="no draft with id 'd2'"):
            store.save(make_draft("d2"), user="lokal", action="edit", base_version=1)
        assert store.get("d1").version == 2

    def test_a_file_from_before_versions_is_migrated(self, tmp_path: Path) -> None:
        path = old_file(tmp_path)
        store = DraftStore(path, owner="lokal")
        assert store.get("d1") == replace(make_draft(), version=1)
        assert [(s.id, s.title, s.version) for s in store.list("lokal")] == [
            ("d1", "Planprogram – test", 1)
        ]
        assert [(v.version, v.action, v.user) for v in store.versions("d1")] == [
            (1, "created", "lokal")
        ]
        assert store.save(make_draft(), user="lokal", action="edit", base_version=1).version == 2
        assert DraftStore(path, owner="lokal").get("d1").version == 2  # not migrated again
        (schema,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
        assert schema == 1 and store.get("d1").version == 2

    def test_a_failing_migration_leaves_the_file_as_it_was(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = old_file(tmp_path)

        def broken(db: Transaction) -> None:
            db.run("ALTER TABLE drafts ADD COLUMN title TEXT")
            raise RuntimeError("disk full")

        monkeypatch.setattr(draft_store, "_steps", lambda owner: [broken])
        with pytest.raises(RuntimeError, match="disk full"):
            DraftStore(path, owner="lokal").list("lokal")  # stores migrate on first use
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA user_version").fetchone() == (0,)
        columns = [row[1] for row in db.execute("PRAGMA table_info(drafts)")]
        assert "title" not in columns and db.execute("SELECT id FROM drafts").fetchall() == [
            ("d1",)
        ]


def old_file(tmp_path: Path) -> Path:
    """A drafts file as planassist wrote it before versions (schema 0), with one draft."""
    path = tmp_path / "drafts.sqlite3"
    old = sqlite3.connect(path)
    with old:
        old.execute(SCHEMA_0)
        draft = make_draft()
        row = (draft.id, draft.kind, "{}", json.dumps(draft.to_json()), 100.0, 100.0)
        old.execute("INSERT INTO drafts VALUES (?, ?, ?, ?, ?, ?)", row)
    old.close()
    return path
