"""API tokens for scripts and chat tools (``Authorization: Bearer pa_…``).

A token is 32 random bytes shown once; only its SHA-256 is stored (a random token needs
no slow hash), next to a short public id to list and revoke it by.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from assistant.auth.accounts import Account, AccountStore
from assistant.errors import NotFound

PREFIX = "pa_"


@dataclass(frozen=True)
class TokenInfo:
    id: str
    user: str
    label: str
    created: float
    last_used: float | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    """Issue, resolve, list and revoke tokens; lives in the accounts file.

    >>> token = TokenStore(accounts).issue("anna", "nightly script")  # shown once
    >>> TokenStore(accounts).account(token).name                       # 'anna'
    """

    def __init__(self, accounts: AccountStore) -> None:
        self.accounts = accounts

    def issue(self, user: str, label: str) -> tuple[str, TokenInfo]:
        self.accounts.get(user)
        token = PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(
            secrets.token_hex(6), user, label.strip()[:100] or "token", time.time(), None
        )
        with self.accounts.lock:
            self.accounts.db.execute(
                "INSERT INTO tokens (id, digest, user, label, created) VALUES (?, ?, ?, ?, ?)",
                (info.id, _digest(token), user, info.label, info.created),
            )
        return token, info

    def account(self, token: str) -> Account | None:
        """The token's account, or None for an unknown or revoked token."""
        with self.accounts.lock:
            row = self.accounts.db.execute(
                "SELECT id, user FROM tokens WHERE digest = ?", (_digest(token),)
            ).fetchone()
            if row:
                self.accounts.db.execute(
                    "UPDATE tokens SET last_used = ? WHERE id = ?", (time.time(), row[0])
                )
        return self.accounts.find(row[1]) if row else None

    def of(self, user: str) -> list[TokenInfo]:
        with self.accounts.lock:
            rows = self.accounts.db.execute(
                "SELECT id, user, label, created, last_used FROM tokens WHERE user = ?"
                " ORDER BY created",
                (user,),
            ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoke(self, user: str, token_id: str) -> None:
        with self.accounts.lock:
            gone = self.accounts.db.execute(
                "DELETE FROM tokens WHERE id = ? AND user = ?", (token_id, user)
            ).rowcount
        if not gone:
            raise NotFound(f"no token '{token_id}' for user '{user}'")
