"""Accounts for the auth tests: one per role, each with an API token."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.auth.tokens import TokenStore
from assistant.settings import Settings
from assistant.storage import location

PASSWORD = "et langt nok passord"
PEOPLE = {"rita": Role.reader, "rolf": Role.reader, "edel": Role.editor, "ada": Role.admin}
"""Two readers (to test that one never sees the other's work), an editor, an admin."""


@dataclass(frozen=True)
class Site:
    client: TestClient
    settings: Settings
    tokens: dict[str, str]

    def as_(self, name: str | None) -> dict[str, str]:
        """Headers for a call as ``name`` (None: anonymous)."""
        return {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}


def add_people(settings: Settings) -> dict[str, str]:
    accounts = AccountStore(location(settings, "accounts"))
    tokens = TokenStore(accounts)
    for name, role in PEOPLE.items():
        if accounts.find(name) is None:
            accounts.add(name, role, PASSWORD)
    return {name: tokens.issue(name, "tests")[0] for name in PEOPLE}
