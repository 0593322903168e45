"""Roles and the signed-in user: reader < editor < admin, each with the rights below it.

- reader: ask, chat, draft, and see their own conversations and drafts;
- editor: also add, replace and remove documents;
- admin: also manage users and roles, read the audit log and export feedback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True)
class User:
    """A signed-in person (or the one local user when auth is off)."""

    name: str
    role: Role
    display_name: str | None = None
    via: str = "none"
    """How they signed in: none, session, token."""
    organisation: str | None = None
    """Their organisation, whose collection they read besides the national one."""

    def may(self, needed: Role) -> bool:
        return self.role.allows(needed)


def role_from_claims(
    claims: Mapping[str, object], claim: str, mapping: Mapping[str, Role], default: Role | None
) -> Role | None:
    """The highest role any of the user's ``claim`` values (groups) maps to, else ``default``.

    >>> role_from_claims({"groups": ["planleggere", "pa-admins"]}, "groups",
    ...                  {"pa-admins": Role.admin}, Role.reader)
    <Role.admin: 'admin'>
    """
    value = claims.get(claim)
    values: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    roles = [mapping[str(v)] for v in values if v is not None and str(v) in mapping]
    return max(roles, key=lambda role: role.rank) if roles else default
