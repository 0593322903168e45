"""Server-side chat history, saved: owned, bounded per conversation, expiring, deletable.

Each conversation belongs to the user who started it: only they list, open, continue,
rename or delete it (anyone else gets the same 404 as for an unknown id). An answer's turn keeps its
language and citations, so a conversation can be exported with its sources
(``planassist export``). Older files are migrated in place (``assistant/storage.py``).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from assistant.domain import Citation
from assistant.errors import NotFound
from assistant.storage import Step, Transaction, Where, open_store

TITLE_CHARS = 80


@dataclass(frozen=True)
class Turn:
    role: str  # "user" or "assistant"
    text: str
    created: float
    language: str | None = None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class ConversationSummary:
    conversation_id: str
    title: str
    """The title its owner gave it, else the first question still kept, shortened."""
    created: float
    updated: float
    turns: int


def _steps(local_owner: str) -> list[Step]:
    def owners(db: Transaction) -> None:
        """Schema 1: turns (with language and citations) and who owns each conversation;
        conversations from before accounts belong to the local user."""
        db.run(
            "CREATE TABLE IF NOT EXISTS turns (conversation TEXT, seq INTEGER, role TEXT,"
            " text TEXT, created DOUBLE PRECISION, PRIMARY KEY (conversation, seq))"
        )
        columns = db.columns("turns")
        for column in ("language", "citations"):  # added later: older files lack them
            if column not in columns:
                db.run(f"ALTER TABLE turns ADD COLUMN {column} TEXT")
        db.run(
            "CREATE TABLE conversations (id TEXT PRIMARY KEY, owner TEXT NOT NULL,"
            " created DOUBLE PRECISION NOT NULL)"
        )
        db.run("CREATE INDEX conversations_owner ON conversations (owner)")
        db.run(
            "INSERT INTO conversations (id, owner, created) SELECT conversation, :owner,"
            " MIN(created) FROM turns GROUP BY conversation",
            owner=local_owner,
        )

    def titles(db: Transaction) -> None:
        """Schema 2: a title its owner chose (none: the first question is the title)."""
        db.run("ALTER TABLE conversations ADD COLUMN title TEXT")

    return [owners, titles]


def _missing(conversation: str) -> NotFound:
    return NotFound(f"no conversation '{conversation}' (it may have expired); start a new one")


class ConversationStore:
    """Keeps each user's conversations, every turn, until the owner deletes them (or, with
    ``ttl_hours``, until they have not been used for that long).

    >>> store = ConversationStore(location(settings, "conversations"))
    >>> conversation = store.create("anna")
    >>> store.require(conversation, "per")     # NotFound: not per's
    """

    def __init__(
        self,
        where: Where,
        ttl_hours: float | None = None,
        local_owner: str = "lokal",
    ) -> None:
        self._db = open_store(where, "conversations", _steps(local_owner))
        self.ttl_s = None if ttl_hours is None else ttl_hours * 3600
        self.local_owner = local_owner

    def create(self, owner: str | None = None) -> str:
        conversation = uuid.uuid4().hex
        self._db.insert(
            "conversations", id=conversation, owner=owner or self.local_owner, created=time.time()
        )
        return conversation

    def history(self, conversation: str) -> list[Turn]:
        """Turns oldest first; an unknown or expired id has none."""
        self._expire()
        rows = self._db.rows(
            "SELECT role, text, created, language, citations FROM turns"
            " WHERE conversation = :conversation ORDER BY seq",
            conversation=conversation,
        )
        return [
            Turn(role, text, created, language, _citations(cited))
            for role, text, created, language, cited in rows
        ]

    def owner(self, conversation: str) -> str | None:
        row = self._db.row("SELECT owner FROM conversations WHERE id = :id", id=conversation)
        return row[0] if row else None

    def require(self, conversation: str, owner: str | None = None) -> list[Turn]:
        """The turns of a conversation ``owner`` may see (None: anyone's, for the CLI);
        unknown, expired or someone else's is a 404."""
        turns = self.history(conversation)
        if not turns or (owner is not None and self.owner(conversation) != owner):
            raise _missing(conversation)
        return turns

    def list(self, owner: str) -> list[ConversationSummary]:
        """``owner``'s conversations that have turns, the most recently used first."""
        self._expire()
        rows = self._db.rows(
            "SELECT c.id, c.created, MAX(t.created), COUNT(t.seq), COALESCE(c.title,"
            " (SELECT text FROM turns f WHERE f.conversation = c.id AND f.role = 'user'"
            "  ORDER BY f.seq LIMIT 1))"
            " FROM conversations c JOIN turns t ON t.conversation = c.id"
            " WHERE c.owner = :owner GROUP BY c.id ORDER BY MAX(t.created) DESC",
            owner=owner,
        )
        return [
            ConversationSummary(cid, _title(first or ""), created, updated, count)
            for cid, created, updated, count, first in rows
        ]

    def append(
        self,
        conversation: str,
        role: str,
        text: str,
        language: str | None = None,
        citations: Sequence[Citation] = (),
    ) -> None:
        cited = json.dumps([asdict(c) for c in citations], ensure_ascii=False)
        now = time.time()
        with self._db.transaction() as tx:
            (last,) = tx.row(
                "SELECT COALESCE(MAX(seq), 0) FROM turns WHERE conversation = :conversation",
                conversation=conversation,
            )
            tx.insert(
                "turns",
                conversation=conversation,
                seq=last + 1,
                role=role,
                text=text,
                created=now,
                language=language,
                citations=cited,
            )
            tx.insert(
                "conversations",
                then="ON CONFLICT DO NOTHING",
                id=conversation,
                owner=self.local_owner,
                created=now,
            )

    def title(self, conversation: str) -> str | None:
        """The title its owner gave the conversation, if any."""
        row = self._db.row("SELECT title FROM conversations WHERE id = :id", id=conversation)
        return row[0] if row else None

    def rename(self, conversation: str, title: str, owner: str | None = None) -> None:
        """Give one of ``owner``'s conversations a title (blank: back to its first question)."""
        self.require(conversation, owner)
        title = " ".join(title.split())[:TITLE_CHARS] or None
        self._db.run(
            "UPDATE conversations SET title = :title WHERE id = :id", title=title, id=conversation
        )

    def delete(self, conversation: str, owner: str | None = None) -> None:
        self.require(conversation, owner)
        with self._db.transaction() as tx:
            tx.run("DELETE FROM turns WHERE conversation = :id", id=conversation)
            tx.run("DELETE FROM conversations WHERE id = :id", id=conversation)

    def _expire(self) -> None:
        """Drop conversations whose newest turn (or start, if none) is older than the TTL."""
        if self.ttl_s is None:
            return
        cutoff = time.time() - self.ttl_s
        with self._db.transaction() as tx:
            tx.run(
                "DELETE FROM turns WHERE conversation IN (SELECT conversation FROM turns"
                " GROUP BY conversation HAVING MAX(created) < :cutoff)",
                cutoff=cutoff,
            )
            tx.run(
                "DELETE FROM conversations WHERE created < :cutoff AND id NOT IN"
                " (SELECT conversation FROM turns)",
                cutoff=cutoff,
            )


def _title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _citations(stored: str | None) -> tuple[Citation, ...]:
    return tuple(Citation(**c) for c in json.loads(stored)) if stored else ()
