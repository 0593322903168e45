import sqlite3
import time

import pytest

from assistant.conversations import ConversationStore
from assistant.domain import Citation, SourceVersion
from assistant.errors import NotFound


def test_keeps_every_turn_and_never_expires_by_default(store_at, monkeypatch) -> None:
    store = ConversationStore(store_at("c"))
    conversation = store.create()
    for n in range(25):
        store.append(conversation, "user", f"spørsmål {n}")
    a_year_later = time.time() + 365 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: a_year_later)
    texts = [t.text for t in store.require(conversation)]
    assert texts == [f"spørsmål {n}" for n in range(25)]


def test_expired_and_deleted_conversations_are_gone(store_at) -> None:
    store = ConversationStore(store_at("c"), ttl_hours=0.0000001)
    conversation = store.create()
    store.append(conversation, "user", "hei")
    with pytest.raises(NotFound, match="may have expired"):
        store.require(conversation)
    fresh = ConversationStore(store_at("d"))
    kept = fresh.create()
    fresh.append(kept, "user", "hei")
    fresh.delete(kept)
    assert fresh.history(kept) == []


def test_an_answer_keeps_its_language_and_citations(store_at) -> None:
    version = SourceVersion(name="pbl", ref="lov/2008-06-27-71", last_change="2026-07-01")
    cited = Citation(
        1, "pbl", "Plan- og bygningsloven", "§ 4-1. Planprogram", None, "…", 0.4, "pbl:3", version
    )
    store = ConversationStore(store_at("c"))
    conversation = store.create()
    store.append(conversation, "user", "Hva er et planprogram?")
    store.append(conversation, "assistant", "Et planprogram … [1]", "nb", [cited])
    question, answer = store.history(conversation)
    assert (question.language, question.citations) == (None, ())
    assert (answer.language, answer.citations) == ("nb", (cited,))


def test_an_older_file_gets_the_new_columns(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE turns (conversation TEXT, seq INTEGER, role TEXT, text TEXT,"
            " created REAL, PRIMARY KEY (conversation, seq))"
        )
        db.execute("INSERT INTO turns VALUES ('c1', 1, 'user', 'Hei', 9e99)")
    store = ConversationStore(path)
    assert [t.text for t in store.history("c1")] == ["Hei"]
    store.append("c1", "assistant", "Svar", "nb")
    assert store.history("c1")[-1].language == "nb"
