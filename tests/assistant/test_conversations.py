import pytest

from assistant.conversations import ConversationStore
from assistant.errors import NotFound


def test_keeps_the_last_turns(tmp_path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3", max_turns=3)
    conversation = store.create()
    for n in range(5):
        store.append(conversation, "user", f"spørsmål {n}")
    assert [t.text for t in store.history(conversation)] == [
        "spørsmål 2",
        "spørsmål 3",
        "spørsmål 4",
    ]


def test_expired_and_deleted_conversations_are_gone(tmp_path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3", ttl_hours=0.0000001)
    conversation = store.create()
    store.append(conversation, "user", "hei")
    with pytest.raises(NotFound, match="may have expired"):
        store.require(conversation)
    fresh = ConversationStore(tmp_path / "d.sqlite3")
    kept = fresh.create()
    fresh.append(kept, "user", "hei")
    fresh.delete(kept)
    assert fresh.history(kept) == []
