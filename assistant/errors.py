"""User-facing errors: the message is written for the person who will read it.

Each front door (API, CLI) converts a ``PlanassistError`` in one place: the API into a
JSON body with ``status_code``, the CLI into one red line and an exit code
(``assistant/console.py``). A full disk is recognised here, however the library that hit
it says so (``full_disk_means``), and becomes ``InsufficientStorage`` (507).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class PlanassistError(Exception):
    """Base class; ``status_code`` is what the API answers with."""

    status_code = 400


class InvalidRequest(PlanassistError):
    """The request is well-formed JSON but asks for something we cannot do."""

    status_code = 422


class NotFound(PlanassistError):
    status_code = 404


class IndexNotReady(PlanassistError):
    """No index has been built yet (or it cannot be read)."""

    status_code = 503


class BackendUnavailable(PlanassistError):
    """A configured server (Chroma, Redis) does not answer; the next request tries again."""

    status_code = 503


class ModelUnavailable(PlanassistError):
    """A model could not be fetched, verified or loaded."""

    status_code = 503


class DatabaseUnavailable(PlanassistError):
    """The database of saved work cannot be reached (or a SQLite file stays locked)."""

    status_code = 503


class DocumentError(PlanassistError):
    """A document cannot be read: broken, encrypted, empty, binary or unsupported."""

    status_code = 422


class PayloadTooLarge(PlanassistError):
    status_code = 413


class UnsupportedMediaType(DocumentError):
    """An upload of a kind we cannot read."""

    status_code = 415


class Conflict(PlanassistError):
    """The request clashes with what exists (e.g. a file name already in the corpus)."""

    status_code = 409


class Unauthorized(PlanassistError):
    """No valid sign-in: no session, an unknown or revoked API token, a wrong password."""

    status_code = 401


class Forbidden(PlanassistError):
    """Signed in, but the user's role does not allow this."""

    status_code = 403


class InsufficientStorage(PlanassistError):
    """The disk holding the data directory (or the database) is full: nothing was written,
    and what was written before is intact."""

    status_code = 507


DISK_FULL = (
    "the disk where planassist keeps its data is full, so this was not saved; everything"
    " saved before is kept. Free some space (or ask the administrator to), then try again"
)
FULL_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
FULL_DISK_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded")
"""How SQLite, Chroma (Rust) and the OS put it in a message when no error code is exposed."""
POSTGRES_DISK_FULL = "53100"


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc``, or an error it wraps, says the disk (or quota) is full."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in FULL_DISK_ERRNOS:
            return True
        if getattr(current, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            return True
        if getattr(current, "sqlstate", None) == POSTGRES_DISK_FULL:
            return True
        wrapper = hasattr(current, "orig")  # SQLAlchemy's message quotes the SQL's values
        if not wrapper and any(words in str(current).lower() for words in FULL_DISK_WORDS):
            return True
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return False


@contextmanager
def full_disk_means(message: str) -> Iterator[None]:
    """Raise ``InsufficientStorage(message)`` for a full disk met inside the block; other
    errors pass unchanged. ``message`` says what was not done and what still holds."""
    try:
        yield
    except PlanassistError:
        raise
    except Exception as exc:
        if is_disk_full(exc):
            raise InsufficientStorage(message) from exc
        raise
