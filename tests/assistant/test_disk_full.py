"""A full disk is recognised however the library that met it says so."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from assistant.errors import DISK_FULL, InsufficientStorage, full_disk_means, is_disk_full


class PostgresDiskFull(Exception):
    sqlstate = "53100"  # as psycopg's errors.DiskFull


def sqlite_full() -> sqlite3.OperationalError:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA max_page_count = 1")
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as exc:
        return exc
    raise AssertionError("SQLite did not refuse")


def chained(cause: BaseException) -> Exception:
    try:
        raise cause
    except BaseException as exc:
        try:
            raise RuntimeError("wrapped") from exc
        except RuntimeError as wrapper:
            return wrapper


@pytest.mark.parametrize(
    "exc",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EDQUOT, "Disk quota exceeded"),
        chained(OSError(errno.ENOSPC, "No space left on device")),
        sqlite_full(),
        OperationalError("INSERT …", {}, sqlite_full()),
        PostgresDiskFull("could not extend file"),
        Exception("error returned from database: (code: 13) database or disk is full"),
    ],
)
def test_a_full_disk_is_recognised(exc: BaseException) -> None:
    assert is_disk_full(exc)


@pytest.mark.parametrize(
    "exc",
    [
        OSError(errno.EACCES, "Permission denied"),
        sqlite3.OperationalError("database is locked"),
        # SQLAlchemy's message quotes the statement's values: a user's text is not the disk
        OperationalError("INSERT …", {"text": "no space left on device"}, Exception("locked")),
    ],
)
def test_other_errors_are_not_a_full_disk(exc: BaseException) -> None:
    assert not is_disk_full(exc)


def test_full_disk_means_a_507_and_lets_other_errors_through() -> None:
    with pytest.raises(InsufficientStorage) as raised, full_disk_means(DISK_FULL):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert (raised.value.status_code, str(raised.value)) == (507, DISK_FULL)
    with pytest.raises(PermissionError), full_disk_means(DISK_FULL):
        raise PermissionError(errno.EACCES, "Permission denied")
