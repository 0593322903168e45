"""The storage seam on both back ends: migration steps run once, in order, all or nothing,
even when two processes open a new database at the same time; an unreachable database is
a clear DatabaseUnavailable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.errors import DatabaseUnavailable, InvalidRequest
from assistant.settings import Settings
from assistant.storage import NUL_REFUSED, UNAVAILABLE, Transaction, Where, open_store
from tests.helpers import free_port

StoreAt = Callable[[str], Where]
ROOT = Path(__file__).parents[2]


def _notes(db: Transaction) -> None:
    db.run(f"CREATE TABLE notes (id {db.auto_id}, text TEXT NOT NULL)")


def _tags(db: Transaction) -> None:
    db.run("ALTER TABLE notes ADD COLUMN tag TEXT")


def test_steps_run_once_in_order(store_at: StoreAt) -> None:
    assert open_store(store_at("s"), "notes", [_notes]).migrate() == 1
    db = open_store(store_at("s"), "notes", [_notes, _tags])
    db.run("INSERT INTO notes (text, tag) VALUES (:text, :tag)", text="første", tag="a")
    assert db.migrate() == 2  # nothing left to run
    db.run("INSERT INTO notes (text) VALUES (:text)", text="andre")
    assert [tuple(row) for row in db.rows("SELECT id, text, tag FROM notes ORDER BY id")] == [
        (1, "første", "a"),
        (2, "andre", None),
    ]


def test_a_failing_step_leaves_the_store_as_it_was(store_at: StoreAt) -> None:
    def broken(db: Transaction) -> None:
        _tags(db)
        db.run("INSERT INTO notes (text, tag) VALUES ('halv', 'x')")
        raise RuntimeError("disk full")

    open_store(store_at("s"), "notes", [_notes]).run("INSERT INTO notes (text) VALUES ('hel')")
    failing = open_store(store_at("s"), "notes", [_notes, broken])
    with pytest.raises(RuntimeError, match="disk full"):
        failing.rows("SELECT * FROM notes")
    db = open_store(store_at("s"), "notes", [_notes])
    assert [tuple(row) for row in db.rows("SELECT * FROM notes")] == [(1, "hel")]
    assert db.migrate() == 1


def test_a_transaction_is_all_or_nothing(store_at: StoreAt) -> None:
    db = open_store(store_at("s"), "notes", [_notes])
    with pytest.raises(ZeroDivisionError), db.transaction() as tx:
        tx.run("INSERT INTO notes (text) VALUES ('ja')")
        assert tx.row("SELECT COUNT(*) FROM notes")[0] == 1
        _ = 1 / 0
    assert db.row("SELECT COUNT(*) FROM notes")[0] == 0


def test_insert_adds_a_row_from_its_columns(store_at: StoreAt) -> None:
    db = open_store(store_at("s"), "notes", [_notes, _tags])
    assert db.insert("notes", text="første", tag="a") is None
    (added,) = db.insert("notes", then="RETURNING id", text="andre")
    with db.transaction() as tx:
        assert tx.insert("notes", then="ON CONFLICT DO NOTHING", id=added, text="igjen") is None
    assert [tuple(row) for row in db.rows("SELECT id, text, tag FROM notes ORDER BY id")] == [
        (1, "første", "a"),
        (2, "andre", None),
    ]


def test_text_with_a_nul_is_refused_on_both_back_ends(store_at: StoreAt) -> None:
    db = open_store(store_at("s"), "notes", [_notes])
    with pytest.raises(InvalidRequest, match="NUL character") as refused:
        db.run("INSERT INTO notes (text) VALUES (:text)", text="plan\x00program")
    assert str(refused.value) == NUL_REFUSED and refused.value.status_code == 422
    assert db.rows("SELECT text FROM notes") == []


RACER = """
import sys, time
from pathlib import Path
from assistant.storage import open_store

where, me, start = sys.argv[1], sys.argv[2], Path(sys.argv[3])

def slow(db):
    db.run("CREATE TABLE runs (racer TEXT)")
    time.sleep(0.5)  # the other racer tries the same step meanwhile
    db.run("INSERT INTO runs VALUES (:me)", me=me)

(start / me).touch()
while len(list(start.iterdir())) < 2:  # both imported: go
    time.sleep(0.01)
print(open_store(where, "race", [slow]).migrate())
"""


def test_two_processes_opening_a_new_store_at_once_migrate_it_once(
    store_at: StoreAt, tmp_path: Path
) -> None:
    where, start = str(store_at("race")), tmp_path / "start"
    start.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, where, me, str(start)], stdout=subprocess.PIPE, env=env
        )
        for me in ("a", "b")
    ]
    outputs = [racer.communicate(timeout=60)[0].decode().strip() for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0] and outputs == ["1", "1"]
    assert len(open_store(where, "race", []).rows("SELECT racer FROM runs")) == 1


def test_an_unreachable_database_is_unavailable_not_an_error() -> None:
    db = open_store(f"postgresql://planassist@127.0.0.1:{free_port()}/planassist", "x", [])
    with pytest.raises(DatabaseUnavailable) as raised:
        db.rows("SELECT 1")
    assert str(raised.value) == UNAVAILABLE and raised.value.status_code == 503


def test_only_a_postgres_url_is_taken() -> None:
    with pytest.raises(ValidationError, match="must be a URL like postgresql://"):
        Settings(database_url="mysql://planassist@127.0.0.1/planassist")
