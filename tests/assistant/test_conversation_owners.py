"""Conversations belong to who started them; files from before owners are migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.conversations import ConversationStore
from assistant.errors import NotFound
from assistant.storage import Where


def test_only_the_owner_lists_and_opens(store_at: Callable[[str], Where]) -> None:
    store = ConversationStore(store_at("c"))
    mine = store.create("anna")
    store.append(mine, "user", "Hva er et planprogram?")
    assert [c.conversation_id for c in store.list("anna")] == [mine]
    assert store.list("per") == []
    with pytest.raises(NotFound, match="no conversation"):
        store.require(mine, "per")
    with pytest.raises(NotFound):
        store.delete(mine, "per")
    assert store.require(mine, "anna")[0].text == "Hva er et planprogram?"


def test_a_file_from_before_owners_gives_them_to_the_local_user(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE turns (conversation TEXT, seq INTEGER, role TEXT, text TEXT,"
            " created REAL, language TEXT, citations TEXT, PRIMARY KEY (conversation, seq))"
        )
        db.execute("INSERT INTO turns VALUES ('c1', 1, 'user', 'Hei', 9e99, NULL, NULL)")
    store = ConversationStore(path, local_owner="kari")
    assert [(c.conversation_id, c.title) for c in store.list("kari")] == [("c1", "Hei")]
    assert ConversationStore(path, local_owner="kari").owner("c1") == "kari"  # migrated once
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (2,)  # owners, titles
