"""Sign in and out (web session), who am I, and my API tokens.

``/auth/login`` shows the sign-in page (local accounts) or goes to the identity provider
(OIDC), which comes back to ``/auth/callback``. Scripts use an API token instead:
``POST /v1/me/tokens`` (signed in) or ``planassist users token NAME``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from assistant.api.deps import AuditDep, AuthDep, ScopeDep, UserDep
from assistant.api.routes.web import render_page
from assistant.auth.roles import User
from assistant.auth.tokens import TokenInfo
from assistant.errors import Conflict
from assistant.scope import Scope

router = APIRouter(tags=["auth"])
NEXT = "next_path"


def local_path(target: str | None) -> str:
    """Only paths on this site are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


class MeOut(BaseModel):
    name: str
    role: str
    display_name: str | None
    auth: str
    """none, local or oidc: how this server signs people in."""
    organisation: str | None = None
    collections: list[str] | None = Field(
        default=None,
        description="The collections you read (national and your organisation's); null: all.",
        examples=[["national", "hole"]],
    )

    @classmethod
    def of(cls, user: User, auth: str, scope: Scope) -> MeOut:
        return cls(
            name=user.name,
            role=user.role,
            display_name=user.display_name,
            auth=auth,
            organisation=user.organisation,
            collections=scope.listed(),
        )


class TokenRequest(BaseModel):
    label: str = Field(default="token", max_length=100, description="what the token is for")


class TokenOut(BaseModel):
    id: str
    label: str
    created: float
    last_used: float | None
    token: str | None = None
    """The token itself, only in the answer that issues it."""

    @classmethod
    def of(cls, info: TokenInfo, token: str | None = None) -> TokenOut:
        return cls(
            id=info.id,
            label=info.label,
            created=info.created,
            last_used=info.last_used,
            token=token,
        )


@router.get("/auth/login", include_in_schema=False, response_model=None)
async def login_page(request: Request, auth: AuthDep, next: str | None = None) -> Response:
    if not auth.enabled:
        return RedirectResponse(local_path(next), 303)
    if auth.oidc is not None:
        request.session[NEXT] = local_path(next)
        return await auth.oidc.redirect(request, str(request.url_for("auth_callback")))
    return render_page(request, "login.html", "login", next_path=local_path(next), failed=False)


@router.post("/auth/login", include_in_schema=False)
def login(
    request: Request,
    auth: AuthDep,
    audit: AuditDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """A local account's sign-in form: a session cookie and back to where they were."""
    if auth.mode != "local":
        raise Conflict(f"password sign-in is off (PLANASSIST_AUTH={auth.mode})")
    account = auth.accounts.authenticate(username, password)
    if account is None:
        audit.record(username, "sign_in_refused", None, {"via": "password"})
        page = render_page(
            request, "login.html", "login", next_path=local_path(next), failed=True, name=username
        )
        page.status_code = 401
        return page
    auth.sign_in(request, account)
    audit.record(account.name, "sign_in", None, {"via": "password"})
    return RedirectResponse(local_path(next), 303)


@router.get("/auth/callback", include_in_schema=False)
async def auth_callback(request: Request, auth: AuthDep, audit: AuditDep) -> Response:
    """Where the identity provider sends the browser back (OIDC only)."""
    if auth.oidc is None:
        raise Conflict(f"OpenID Connect sign-in is off (PLANASSIST_AUTH={auth.mode})")
    claims = await auth.oidc.claims(request)
    name, display_name, role = auth.oidc.identity(claims)
    organisation, claimed = auth.oidc.organisation(claims)
    target = request.session.get(NEXT)
    account = auth.accounts.record_oidc(name, role, display_name, organisation, claimed)
    auth.sign_in(request, account)
    detail = {"via": "oidc", "role": role.value}
    audit.record(
        name, "sign_in", None, detail | ({"organisation": organisation} if claimed else {})
    )
    return RedirectResponse(local_path(target), 303)


@router.post("/auth/logout", include_in_schema=False)
def logout(request: Request, auth: AuthDep, audit: AuditDep) -> Response:
    user = auth.identify(request)
    auth.sign_out(request)
    if user is not None and auth.enabled:
        audit.record(user.name, "sign_out")
    return RedirectResponse("/auth/login" if auth.enabled else "/", 303)


@router.get("/v1/me", response_model=MeOut)
def me(user: UserDep, auth: AuthDep, scope: ScopeDep) -> MeOut:
    """Who you are signed in as: your role, organisation and the collections you read."""
    return MeOut.of(user, auth.mode, scope)


@router.get("/v1/me/tokens", response_model=list[TokenOut])
def my_tokens(user: UserDep, auth: AuthDep) -> list[TokenOut]:
    return [TokenOut.of(info) for info in auth.tokens.of(user.name)]


@router.post("/v1/me/tokens", response_model=TokenOut, status_code=201)
def issue_token(body: TokenRequest, user: UserDep, auth: AuthDep, audit: AuditDep) -> TokenOut:
    """A new API token for your scripts (``Authorization: Bearer …``); shown only now."""
    if not auth.enabled:
        raise Conflict("sign-in is off (PLANASSIST_AUTH=none): no token is needed")
    token, info = auth.tokens.issue(user.name, body.label)
    audit.record(user.name, "token_issued", info.id, {"label": info.label})
    return TokenOut.of(info, token)


@router.delete("/v1/me/tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, user: UserDep, auth: AuthDep, audit: AuditDep) -> None:
    auth.tokens.revoke(user.name, token_id)
    audit.record(user.name, "token_revoked", token_id)
