"""Accounts for the auth tests: one per role in organisation hole, a reader and an editor
in ringerike (to test that organisations never see each other's documents), an admin in
none; each with an API token."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.auth.tokens import TokenStore
from assistant.settings import Settings
from assistant.storage import location

PASSWORD = "et langt nok passord"
PEOPLE = {
    "rita": (Role.reader, "hole"),
    "rolf": (Role.reader, "hole"),
    "edel": (Role.editor, "hole"),
    "ada": (Role.admin, None),
    "vera": (Role.reader, "ringerike"),
    "rune": (Role.editor, "ringerike"),
}
"""Two readers of one organisation (one never sees the other's work), its editor, an
administrator, and a reader and an editor of a second organisation."""


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
    for name, (role, organisation) in PEOPLE.items():
        if accounts.find(name) is None:
            accounts.add(name, role, PASSWORD, organisation)
    return {name: tokens.issue(name, "tests")[0] for name in PEOPLE}
