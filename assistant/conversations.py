"""Server-side chat history in SQLite: bounded per conversation, expiring, deletable.

An answer's turn keeps its language and citations, so a conversation can be exported
with its sources (``planassist export``).
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.domain import Citation
from assistant.errors import NotFound


@dataclass(frozen=True)
class Turn:
    role: str  # "user" or "assistant"
    text: str
    created: float
    language: str | None = None
    citations: tuple[Citation, ...] = ()


class ConversationStore:
    """Keeps the last ``max_turns`` turns of each conversation for ``ttl_hours``."""

    def __init__(self, path: Path, max_turns: int = 10, ttl_hours: float = 24.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self.max_turns, self.ttl_s = max_turns, ttl_hours * 3600
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS turns (conversation TEXT, seq INTEGER, role TEXT,"
                " text TEXT, created REAL, PRIMARY KEY (conversation, seq))"
            )
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}
            for column in ("language", "citations"):  # added later: older files lack them
                if column not in columns:
                    self._db.execute(f"ALTER TABLE turns ADD COLUMN {column} TEXT")

    def create(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation: str) -> list[Turn]:
        """Turns oldest first; an unknown or expired id is a 404."""
        self._expire()
        rows = self._db.execute(
            "SELECT role, text, created, language, citations FROM turns"
            " WHERE conversation = ? ORDER BY seq",
            (conversation,),
        ).fetchall()
        return [
            Turn(role, text, created, language, _citations(cited))
            for role, text, created, language, cited in rows
        ]

    def require(self, conversation: str) -> list[Turn]:
        turns = self.history(conversation)
        if not turns:
            raise NotFound(
                f"no conversation '{conversation}' (it may have expired); start a new one"
            )
        return turns

    def append(
        self,
        conversation: str,
        role: str,
        text: str,
        language: str | None = None,
        citations: Sequence[Citation] = (),
    ) -> None:
        cited = json.dumps([asdict(c) for c in citations], ensure_ascii=False)
        with self._db:
            (last,) = self._db.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM turns WHERE conversation = ?", (conversation,)
            ).fetchone()
            self._db.execute(
                "INSERT INTO turns (conversation, seq, role, text, created, language, citations)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation, last + 1, role, text, time.time(), language, cited),
            )
            self._db.execute(
                "DELETE FROM turns WHERE conversation = ? AND seq <= ?",
                (conversation, last + 1 - self.max_turns),
            )

    def delete(self, conversation: str) -> None:
        self.require(conversation)
        with self._db:
            self._db.execute("DELETE FROM turns WHERE conversation = ?", (conversation,))

    def _expire(self) -> None:
        """Drop conversations whose newest turn is older than the TTL."""
        with self._db:
            self._db.execute(
                "DELETE FROM turns WHERE conversation IN (SELECT conversation FROM turns"
                " GROUP BY conversation HAVING MAX(created) < ?)",
                (time.time() - self.ttl_s,),
            )


def _citations(stored: str | None) -> tuple[Citation, ...]:
    return tuple(Citation(**c) for c in json.loads(stored)) if stored else ()
