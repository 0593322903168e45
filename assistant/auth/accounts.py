"""Accounts (``data_dir/accounts.sqlite3`` or the database): name, role, organisation,
argon2 hash.

Local accounts have a password; OIDC accounts are recorded at sign-in (their role comes
from the provider's groups each time) so that admins can list them. Passwords are hashed
with argon2id (argon2-cffi, the OWASP first choice); a hash made with older parameters is
re-hashed at the next sign-in.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from assistant.auth.roles import Role, User
from assistant.errors import InvalidRequest, NotFound
from assistant.scope import check_organisation
from assistant.storage import Transaction, Where, open_store

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
MIN_PASSWORD = 10


def _schema_1(db: Transaction) -> None:
    db.run(
        "CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT,"
        " source TEXT NOT NULL, display_name TEXT, created DOUBLE PRECISION NOT NULL,"
        " last_sign_in DOUBLE PRECISION)"
    )
    db.run(
        'CREATE TABLE tokens (id TEXT PRIMARY KEY, digest TEXT UNIQUE NOT NULL, "user" TEXT'
        " NOT NULL, label TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,"
        " last_used DOUBLE PRECISION)"
    )


def _schema_2(db: Transaction) -> None:
    """The organisation an account belongs to (None: national documents only)."""
    db.run("ALTER TABLE users ADD COLUMN organisation TEXT")


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

    >>> accounts = AccountStore(location(settings, "accounts"))
    >>> accounts.add("anna", Role.admin, password="et langt passord")
    >>> accounts.authenticate("anna", "et langt passord").role     # Role.admin
    """

    def __init__(self, where: Where) -> None:
        self.db = open_store(where, "accounts", STEPS)
        self._hasher = PasswordHasher()
        self._dummy = self._hasher.hash("no such user")

    def add(
        self, name: str, role: Role, password: str | None = None, organisation: str | None = None
    ) -> Account:
        check_name(name)
        organisation = check_organisation(organisation) if organisation else None
        digest = self._hasher.hash(check_password(password)) if password is not None else None
        try:
            self.db.insert(
                "users",
                name=name,
                role=role.value,
                password_hash=digest,
                source="local",
                created=time.time(),
                organisation=organisation,
            )
        except IntegrityError:
            raise InvalidRequest(f"a user '{name}' exists already") from None
        return self.get(name)

    def get(self, name: str) -> Account:
        found = self.find(name)
        if found is None:
            raise NotFound(f"no user '{name}'")
        return found

    def find(self, name: str) -> Account | None:
        row = self.db.row(f"SELECT {FIELDS} FROM users WHERE name = :name", name=name)
        return _account(row) if row else None

    def all(self) -> list[Account]:
        rows = self.db.rows(f"SELECT {FIELDS} FROM users ORDER BY name")
        return [_account(row) for row in rows]

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account if the password is right; as slow for unknown names as known ones."""
        row = self.db.row("SELECT password_hash FROM users WHERE name = :name", name=name)
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
        self.db.run("UPDATE users SET role = :role WHERE name = :name", role=role.value, name=name)
        return self.get(name)

    def set_organisation(self, name: str, organisation: str | None) -> Account:
        """Move an account to ``organisation`` (None: no organisation, national only)."""
        self.get(name)
        organisation = check_organisation(organisation) if organisation else None
        self.db.run(
            "UPDATE users SET organisation = :organisation WHERE name = :name",
            organisation=organisation,
            name=name,
        )
        return self.get(name)

    def remove(self, name: str) -> None:
        self.get(name)
        with self.db.transaction() as tx:
            tx.run('DELETE FROM tokens WHERE "user" = :name', name=name)
            tx.run("DELETE FROM users WHERE name = :name", name=name)

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
        now = time.time()
        self.db.insert(
            "users",
            then="ON CONFLICT (name) DO UPDATE SET role = excluded.role, display_name ="
            " excluded.display_name, last_sign_in = excluded.last_sign_in,"
            f" organisation = {keep}",
            name=name,
            role=role.value,
            source="oidc",
            display_name=display_name,
            created=now,
            last_sign_in=now,
            organisation=organisation,
        )
        return self.get(name)

    def signed_in(self, name: str) -> None:
        self.db.run(
            "UPDATE users SET last_sign_in = :now WHERE name = :name", now=time.time(), name=name
        )

    def _set_hash(self, name: str, digest: str) -> None:
        self.db.run(
            "UPDATE users SET password_hash = :digest WHERE name = :name", digest=digest, name=name
        )


def _account(row: tuple) -> Account:
    name, role, source, display_name, created, last_sign_in, organisation = row
    return Account(name, Role(role), source, display_name, created, last_sign_in, organisation)
