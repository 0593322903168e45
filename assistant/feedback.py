"""Answer feedback (``data_dir/feedback.sqlite3`` or the database): thumbs up or down, an
optional comment, stored with the question, the cited passages and the answer.

Confirmed answers become reference questions: ``to_questions`` writes them in the
evaluation's question format (``evaluation/questions/*.yaml``), so real questions can
join the evaluation once a person has checked them.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from assistant.language import detect_language
from assistant.storage import Transaction, Where, open_store

Rating = Literal["up", "down"]
WORD = re.compile(r"\w{6,}")


def _schema_1(db: Transaction) -> None:
    db.run(
        f'CREATE TABLE feedback (id {db.auto_id}, at DOUBLE PRECISION NOT NULL, "user" TEXT'
        " NOT NULL, rating TEXT NOT NULL, comment TEXT, question TEXT NOT NULL,"
        " answer TEXT NOT NULL, language TEXT, abstained INTEGER NOT NULL,"
        " passages TEXT NOT NULL, conversation TEXT)"
    )


STEPS = [_schema_1]


@dataclass(frozen=True)
class Feedback:
    id: int
    at: float
    user: str
    rating: Rating
    comment: str | None
    question: str
    answer: str
    language: str | None
    abstained: bool
    passages: list[dict[str, Any]]
    """The cited passages as the user saw them: n, doc_id, title, section, page, excerpt."""
    conversation: str | None


class FeedbackStore:
    """Add and list feedback.

    >>> store = FeedbackStore(location(settings, "feedback"))
    >>> store.add("anna", "up", None, "Hvem vedtar planstrategien?", answer_text, "nb",
    ...           False, [{"n": 1, "doc_id": "pbl", "excerpt": "…"}])
    """

    def __init__(self, where: Where) -> None:
        self._db = open_store(where, "feedback", STEPS)

    def add(
        self,
        user: str,
        rating: Rating,
        comment: str | None,
        question: str,
        answer: str,
        language: str | None,
        abstained: bool,
        passages: list[dict[str, Any]],
        conversation: str | None = None,
    ) -> Feedback:
        (added,) = self._db.insert(
            "feedback",
            then="RETURNING id",
            at=time.time(),
            user=user,
            rating=rating,
            comment=comment,
            question=question,
            answer=answer,
            language=language,
            abstained=int(abstained),
            passages=json.dumps(passages, ensure_ascii=False),
            conversation=conversation,
        )
        return self.all(only_id=added)[0]

    def all(self, rating: Rating | None = None, only_id: int | None = None) -> list[Feedback]:
        """Oldest first."""
        clause = ""
        if only_id is not None:
            clause = " WHERE id = :only_id"
        elif rating is not None:
            clause = " WHERE rating = :rating"
        rows = self._db.rows(
            'SELECT id, at, "user", rating, comment, question, answer, language, abstained,'
            f" passages, conversation FROM feedback{clause} ORDER BY id",
            only_id=only_id,
            rating=rating,
        )
        return [Feedback(*row[:8], bool(row[8]), json.loads(row[9]), row[10]) for row in rows]


def _must_mention(item: Feedback) -> list[list[str]]:
    """A first guess for the reviewer: long question words the answer contains, else the
    answer's first long word."""
    answer = item.answer.lower()
    shared = [w for w in WORD.findall(item.question.lower()) if w in answer]
    words = list(dict.fromkeys(shared))[:2] or WORD.findall(answer)[:1]
    return [[word] for word in words]


def as_question(item: Feedback) -> dict[str, Any]:
    """One feedback item as a reference question: a confirmed answer expects the documents
    it cited; a confirmed "not covered" expects the assistant to decline again."""
    language = item.language if item.language in ("nb", "nn", "en") else None
    sources = list(dict.fromkeys(str(p["doc_id"]) for p in item.passages if p.get("doc_id")))
    answered = bool(sources) and not item.abstained
    return {
        "id": f"fb{item.id:04d}",
        "question": item.question,
        "language": language or detect_language(item.question),
        "expected_sources": sources if answered else [],
        "must_mention": _must_mention(item) if answered else [],
        "kind": "fact" if answered else "negative",
    }


def to_questions(items: list[Feedback]) -> str:
    """Thumbs-up feedback as a question file ``planassist eval --questions`` reads."""
    header = (
        "# Reference questions from users' confirmed answers (thumbs up), exported by\n"
        "# planassist. Check expected_sources and must_mention before adding them to an\n"
        "# evaluation set; must_mention is a first guess from the question and answer.\n"
    )
    entries = [as_question(item) for item in items if item.rating == "up"]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False) if entries else "[]\n"
    return header + body
