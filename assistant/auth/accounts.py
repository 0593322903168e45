"""Accounts in ``data_dir/accounts.sqlite3``: name, role, organisation, argon2 password hash.

Local accounts have a password; OIDC accounts are recorded at sign-in (their role comes
from the provider's groups each time) so that admins can list them. Passwords are hashed
with argon2id (argon2-cffi, the OWASP first choice); a hash made with older parameters is
re-hashed at the next sign-in.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.auth.roles import Role, User
from assistant.errors import InvalidRequest, NotFound
from assistant.scope import check_organisation
from assistant.storage import open_store

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
MIN_PASSWORD = 10


def _schema_1(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT,"
        " source TEXT NOT NULL, display_name TEXT, created REAL NOT NULL, last_sign_in REAL)"
    )
    db.execute(
        "CREATE TABLE tokens (id TEXT PRIMARY KEY, digest TEXT UNIQUE NOT NULL,"
        " user TEXT NOT NULL, label TEXT NOT NULL, created REAL NOT NULL, last_used REAL)"
    )


def _schema_2(db: sqlite3.Connection) -> None:
    """The organisation an account belongs to (None: national documents only)."""
    db.execute("ALTER TABLE users ADD COLUMN organisation TEXT")


STEPS = [_schema_1, _schema_2]
FIELDS = "name, role, source, display_name, created, last_sign_in, organisation"


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    source: str
    display_name: str | None
    created: float
    last_sign_in: float | None
    organisation: str | None = None
    """Whose documents, besides the national ones, the account reads (``assistant/scope.py``)."""

    def user(self, via: str) -> User:
        return User(self.name, self.role, self.display_name, via, self.organisation)


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InvalidRequest(
            f"'{name}' cannot be a user name: use 1–100 letters, digits, '.', '_', '@' or '-',"
            " starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"the password must be at least {MIN_PASSWORD} characters long")
    return password


class AccountStore:
    """Users and their roles; ``authenticate`` checks a password.

    >>> accounts = AccountStore(data_dir / "accounts.sqlite3")
    >>> accounts.add("anna", Role.admin, password="et langt passord")
    >>> accounts.authenticate("anna", "et langt passord").role     # Role.admin
    """

    def __init__(self, path: Path) -> None:
        self.db = open_store(path, STEPS)
        self.lock = threading.Lock()
        self._hasher = PasswordHasher()
        self._dummy = self._hasher.hash("no such user")

    def add(
        self, name: str, role: Role, password: str | None = None, organisation: str | None = None
    ) -> Account:
        check_name(name)
        organisation = check_organisation(organisation) if organisation else None
        digest = self._hasher.hash(check_password(password)) if password is not None else None
        with self.lock:
            try:
                self.db.execute(
                    "INSERT INTO users (name, role, password_hash, source, created, organisation)"
                    " VALUES (?, ?, ?, 'local', ?, ?)",
                    (name, role.value, digest, time.time(), organisation),
                )
            except sqlite3.IntegrityError:
                raise InvalidRequest(f"a user '{name}' exists already") from None
        return self.get(name)

    def get(self, name: str) -> Account:
        found = self.find(name)
        if found is None:
            raise NotFound(f"no user '{name}'")
        return found

    def find(self, name: str) -> Account | None:
        with self.lock:
            row = self.db.execute(f"SELECT {FIELDS} FROM users WHERE name = ?", (name,)).fetchone()
        return _account(row) if row else None

    def all(self) -> list[Account]:
        with self.lock:
            rows = self.db.execute(f"SELECT {FIELDS} FROM users ORDER BY name").fetchall()
        return [_account(row) for row in rows]

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account if the password is right; as slow for unknown names as known ones."""
        with self.lock:
            row = self.db.execute(
                "SELECT password_hash FROM users WHERE name = ?", (name,)
            ).fetchone()
        stored = row[0] if row and row[0] else None
        try:
            self._hasher.verify(stored or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        if stored is None:
            return None
        if self._hasher.check_needs_rehash(stored):
            self._set_hash(name, self._hasher.hash(password))
        self.signed_in(name)
        return self.get(name)

    def set_password(self, name: str, password: str) -> None:
        self.get(name)
        self._set_hash(name, self._hasher.hash(check_password(password)))

    def set_role(self, name: str, role: Role) -> Account:
        self.get(name)
        with self.lock:
            self.db.execute("UPDATE users SET role = ? WHERE name = ?", (role.value, name))
        return self.get(name)

    def set_organisation(self, name: str, organisation: str | None) -> Account:
        """Move an account to ``organisation`` (None: no organisation, national only)."""
        self.get(name)
        organisation = check_organisation(organisation) if organisation else None
        with self.lock:
            self.db.execute(
                "UPDATE users SET organisation = ? WHERE name = ?", (organisation, name)
            )
        return self.get(name)

    def remove(self, name: str) -> None:
        self.get(name)
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM tokens WHERE user = ?", (name,))
            self.db.execute("DELETE FROM users WHERE name = ?", (name,))
            self.db.execute("COMMIT")

    def record_oidc(
        self,
        name: str,
        role: Role,
        display_name: str | None,
        organisation: str | None = None,
        claimed: bool = False,
    ) -> Account:
        """An OIDC sign-in: the account is created or updated with the role from its claims,
        and the organisation when ``claimed`` (the provider says it); else it is kept."""
        keep = "excluded.organisation" if claimed else "users.organisation"
        with self.lock:
            self.db.execute(
                "INSERT INTO users (name, role, source, display_name, created, last_sign_in,"
                " organisation) VALUES (?, ?, 'oidc', ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE"
                " SET role = excluded.role, display_name = excluded.display_name,"
                f" last_sign_in = excluded.last_sign_in, organisation = {keep}",
                (name, role.value, display_name, time.time(), time.time(), organisation),
            )
        return self.get(name)

    def signed_in(self, name: str) -> None:
        with self.lock:
            self.db.execute("UPDATE users SET last_sign_in = ? WHERE name = ?", (time.time(), name))

    def _set_hash(self, name: str, digest: str) -> None:
        with self.lock:
            self.db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (digest, name))


def _account(row: tuple) -> Account:
    name, role, source, display_name, created, last_sign_in, organisation = row
    return Account(name, Role(role), source, display_name, created, last_sign_in, organisation)
