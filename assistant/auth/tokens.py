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
    """Issue, resolve, list and revoke tokens; they live with the accounts.

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
        self.accounts.db.insert(
            "tokens",
            id=info.id,
            digest=_digest(token),
            user=user,
            label=info.label,
            created=info.created,
        )
        return token, info

    def account(self, token: str) -> Account | None:
        """The token's account, or None for an unknown or revoked token; runs on every
        request, so noting the use and finding the owner is one statement, then the account."""
        row = self.accounts.db.row(
            'UPDATE tokens SET last_used = :now WHERE digest = :digest RETURNING "user"',
            now=time.time(),
            digest=_digest(token),
        )
        return self.accounts.find(row[0]) if row else None

    def of(self, user: str) -> list[TokenInfo]:
        rows = self.accounts.db.rows(
            'SELECT id, "user", label, created, last_used FROM tokens WHERE "user" = :user'
            " ORDER BY created",
            user=user,
        )
        return [TokenInfo(*row) for row in rows]

    def revoke(self, user: str, token_id: str) -> None:
        gone = self.accounts.db.run(
            'DELETE FROM tokens WHERE id = :id AND "user" = :user', id=token_id, user=user
        )
        if not gone:
            raise NotFound(f"no token '{token_id}' for user '{user}'")
