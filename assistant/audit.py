"""The audit log (``data_dir/audit.sqlite3`` or the database): who did what to what, and when.

Sign-ins (and refused ones), document changes, role and user changes, deletions. Rows are
only ever added; admins read and export them (``GET /v1/admin/audit``).
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import asdict, dataclass

from assistant.storage import Transaction, Where, open_store


def _schema_1(db: Transaction) -> None:
    db.run(
        f"CREATE TABLE events (id {db.auto_id}, at DOUBLE PRECISION NOT NULL,"
        " actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT, detail TEXT)"
    )
    db.run("CREATE INDEX events_at ON events (at)")


STEPS = [_schema_1]


@dataclass(frozen=True)
class Event:
    id: int
    at: float
    actor: str
    action: str
    """e.g. sign_in, sign_in_refused, sign_out, user_added, role_changed,
    organisation_changed, user_removed, token_issued, token_revoked, document_added,
    document_replaced, document_removed (with their collection), draft_deleted,
    conversation_deleted."""
    target: str | None
    detail: dict[str, object]


class AuditLog:
    """Append and read audit events.

    >>> audit = AuditLog(location(settings, "audit"))
    >>> audit.record("anna", "role_changed", "per", {"from": "reader", "to": "editor"})
    """

    def __init__(self, where: Where) -> None:
        self._db = open_store(where, "audit", STEPS)

    def record(
        self, actor: str, action: str, target: str | None = None, detail: dict | None = None
    ) -> None:
        text = json.dumps(detail or {}, ensure_ascii=False)
        self._db.insert(
            "events",
            at=time.time(),
            actor=actor,
            action=action,
            target=target,
            detail=text,
        )

    def events(
        self, limit: int = 500, action: str | None = None, actor: str | None = None
    ) -> list[Event]:
        """The newest events first, optionally of one action or one actor."""
        values = {name: value for name, value in (("action", action), ("actor", actor)) if value}
        where = " AND ".join(f"{column} = :{column}" for column in values)
        clause = f" WHERE {where}" if where else ""
        rows = self._db.rows(
            f"SELECT id, at, actor, action, target, detail FROM events{clause}"
            " ORDER BY id DESC LIMIT :limit",
            **values,
            limit=limit,
        )
        return [Event(*row[:5], json.loads(row[5] or "{}")) for row in rows]


def to_csv(events: list[Event]) -> str:
    """The events as CSV (time in ISO 8601 UTC), for a spreadsheet or an archive."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "time", "actor", "action", "target", "detail"])
    for event in events:
        row = asdict(event)
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(event.at))
        detail = json.dumps(row["detail"], ensure_ascii=False)
        writer.writerow([event.id, when, event.actor, event.action, event.target or "", detail])
    return out.getvalue()
