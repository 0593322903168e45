"""``planassist users``: local accounts and API tokens from the shell (the first admin too).

Works on the accounts store directly (``data_dir/accounts.sqlite3`` or the database), so it
also runs with the server stopped.
"""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.audit import AuditLog
from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.auth.tokens import TokenStore
from assistant.console import out, reported
from assistant.settings import get_settings
from assistant.storage import location

users_app = typer.Typer(
    no_args_is_help=True,
    help="Accounts, their organisations and API tokens (PLANASSIST_AUTH=local; tokens and"
    " organisations also for oidc).\n\nExample: planassist users add anna --role editor"
    " --organisation hole",
)
ACTOR = "cli"
"""Who the audit log names for changes made here."""


def _stores() -> tuple[AccountStore, AuditLog]:
    settings = get_settings()
    return AccountStore(location(settings, "accounts")), AuditLog(location(settings, "audit"))


@users_app.command("add")
def add(
    name: str,
    role: Annotated[Role, typer.Option("--role", "-r", help="reader, editor or admin.")] = (
        Role.reader
    ),
    password: Annotated[
        str,
        typer.Option(prompt=True, confirmation_prompt=True, hide_input=True, help="≥ 10 chars."),
    ] = "",
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation", "-o", help="Whose documents they read and edit (e.g. hole)."
        ),
    ] = None,
) -> None:
    """Add a local account. Example: planassist users add anna --role editor -o hole"""
    with reported():
        accounts, audit = _stores()
        account = accounts.add(name, role, password, organisation)
        detail = {"role": account.role.value, "organisation": account.organisation}
        audit.record(ACTOR, "user_added", account.name, detail)
        where = f" in {account.organisation}" if account.organisation else ""
        out.print(f"{account.name} added as {account.role}{where}")


@users_app.command("list")
def list_users() -> None:
    """Every account with its role, organisation (- for none) and source (local or oidc)."""
    with reported():
        for account in _stores()[0].all():
            organisation = account.organisation or "-"
            out.print(f"{account.name}\t{account.role}\t{organisation}\t{account.source}")


@users_app.command("role")
def role(
    name: str, new_role: Annotated[Role, typer.Argument(help="reader, editor or admin.")]
) -> None:
    """Change an account's role. Example: planassist users role per editor"""
    with reported():
        accounts, audit = _stores()
        before = accounts.get(name).role
        accounts.set_role(name, new_role)
        audit.record(ACTOR, "role_changed", name, {"from": before, "to": new_role})
        out.print(f"{name}: {before} → {new_role}")


@users_app.command("organisation")
def organisation(
    name: str,
    new_organisation: Annotated[
        str, typer.Argument(help="The organisation's id (e.g. hole), or - for none.")
    ],
) -> None:
    """Move an account to an organisation: planassist users organisation per hole"""
    with reported():
        accounts, audit = _stores()
        before = accounts.get(name).organisation
        chosen = None if new_organisation == "-" else new_organisation
        after = accounts.set_organisation(name, chosen)
        detail = {"from": before, "to": after.organisation}
        audit.record(ACTOR, "organisation_changed", name, detail)
        out.print(f"{name}: {before or '-'} → {after.organisation or '-'}")


@users_app.command("remove")
def remove(name: str) -> None:
    """Remove an account and its API tokens (its drafts and conversations stay)."""
    with reported():
        accounts, audit = _stores()
        accounts.remove(name)
        audit.record(ACTOR, "user_removed", name)
        out.print(f"{name} removed")


@users_app.command("token")
def token(
    name: str, label: Annotated[str, typer.Option("--label", "-l", help="What it is for.")] = "cli"
) -> None:
    """Issue an API token (printed once) for scripts and chat tools:
    planassist users token anna --label "Open WebUI" """
    with reported():
        accounts, audit = _stores()
        secret, info = TokenStore(accounts).issue(name, label)
        audit.record(ACTOR, "token_issued", info.id, {"user": name, "label": info.label})
        out.print(secret)
