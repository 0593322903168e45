"""Administration (role admin): users, their roles and organisations, the audit log.

Local accounts are added here or with ``planassist users add``; OIDC accounts appear at
their first sign-in and take their role from the provider's groups each time. The last
administrator cannot be removed or demoted, so the installation never locks itself out.
"""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from assistant.api.deps import AdminDep, AuditDep, AuthDep
from assistant.audit import to_csv
from assistant.auth.accounts import Account
from assistant.auth.backend import Authenticator
from assistant.auth.roles import Role
from assistant.errors import Conflict

router = APIRouter(prefix="/v1/admin", tags=["admin"])


class NewUser(BaseModel):
    name: str = Field(max_length=100)
    role: Role = Role.reader
    password: str = Field(max_length=1000)
    organisation: str | None = Field(default=None, max_length=40, examples=["hole"])


class RoleChange(BaseModel):
    role: Role


class OrganisationChange(BaseModel):
    organisation: str | None = Field(
        max_length=40,
        description="The organisation's id (like 'hole'); null: none (national only).",
    )


class EventOut(BaseModel):
    id: int
    at: float
    actor: str
    action: str
    target: str | None
    detail: dict[str, object]


def _keep_an_admin(auth: Authenticator, name: str) -> None:
    admins = [a.name for a in auth.accounts.all() if a.role == Role.admin]
    if admins == [name]:
        raise Conflict(f"{name} is the only administrator; make someone else admin first")


@router.get("/users", response_model=list[Account])
def users(_: AdminDep, auth: AuthDep) -> list[Account]:
    return auth.accounts.all()


@router.post("/users", response_model=Account, status_code=201)
def add_user(body: NewUser, admin: AdminDep, auth: AuthDep, audit: AuditDep) -> Account:
    """A local account (PLANASSIST_AUTH=local); passwords of at least 10 characters."""
    if auth.mode != "local":
        raise Conflict(f"accounts come from the identity provider (PLANASSIST_AUTH={auth.mode})")
    account = auth.accounts.add(body.name, body.role, body.password, body.organisation)
    audit.record(
        admin.name,
        "user_added",
        account.name,
        {"role": account.role.value, "organisation": account.organisation},
    )
    return account


@router.put("/users/{name}/role", response_model=Account)
def change_role(
    name: str, body: RoleChange, admin: AdminDep, auth: AuthDep, audit: AuditDep
) -> Account:
    before = auth.accounts.get(name)
    if before.role == Role.admin and body.role != Role.admin:
        _keep_an_admin(auth, name)
    account = auth.accounts.set_role(name, body.role)
    audit.record(admin.name, "role_changed", name, {"from": before.role, "to": body.role})
    return account


@router.put("/users/{name}/organisation", response_model=Account)
def change_organisation(
    name: str, body: OrganisationChange, admin: AdminDep, auth: AuthDep, audit: AuditDep
) -> Account:
    """Move an account to another organisation (its documents, besides the national ones).

    With ``PLANASSIST_OIDC_ORGANISATION_CLAIM`` set, the next OIDC sign-in sets it again."""
    before = auth.accounts.get(name).organisation
    account = auth.accounts.set_organisation(name, body.organisation)
    detail = {"from": before, "to": account.organisation}
    audit.record(admin.name, "organisation_changed", name, detail)
    return account


@router.delete("/users/{name}", status_code=204)
def remove_user(name: str, admin: AdminDep, auth: AuthDep, audit: AuditDep) -> None:
    """Remove an account and its API tokens (their drafts and conversations stay)."""
    if auth.accounts.get(name).role == Role.admin:
        _keep_an_admin(auth, name)
    auth.accounts.remove(name)
    audit.record(admin.name, "user_removed", name)


@router.get("/audit", response_model=list[EventOut], responses={200: {"content": {"text/csv": {}}}})
def audit_log(
    _: AdminDep,
    audit: AuditDep,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
    action: str | None = None,
    actor: str | None = None,
    limit: Annotated[int, Query(gt=0, le=100_000)] = 500,
) -> list[EventOut] | Response:
    """Sign-ins, document, user and role changes, deletions: the newest first."""
    events = audit.events(limit, action, actor)
    if format == "csv":
        stamp = time.strftime("%Y%m%d")
        return PlainTextResponse(
            to_csv(events),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
        )
    return [EventOut(**event.__dict__) for event in events]
