"""Named dependencies: routes ask for ``AssistantDep`` (or a service built on it) and
get the app's one instance, made in ``create_app``, as the caller may see it: only the
collections they may read (``assistant/scope.py``)."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from assistant.audit import AuditLog
from assistant.auth.backend import Authenticator
from assistant.auth.roles import Role, User
from assistant.drafting.service import Drafting
from assistant.errors import Forbidden, Unauthorized
from assistant.scope import Scope
from assistant.service import Assistant
from assistant.uploads import Uploads

_UNKNOWN = object()


def get_scope(request: Request) -> Scope:
    """The collections the caller may read (none for a visitor who is not signed in)."""
    try:
        user = caller(request)
    except Unauthorized:  # a bad token: the sign-in guard answers 401 for it
        user = None
    return Scope.of(user, get_auth(request).enabled)


ScopeDep = Annotated[Scope, Depends(get_scope)]


def get_assistant(request: Request, scope: ScopeDep) -> Assistant:
    """The app's assistant, kept to what the caller may read."""
    return request.app.state.assistant.within(scope)


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def get_drafting(request: Request, assistant: AssistantDep) -> Drafting:
    """Drafting over the caller's view of the assistant (sources they may read only); a
    dependency of the request's one assistant, so FastAPI builds that once per request."""
    return request.app.state.drafting.within(assistant)


def get_uploads(request: Request) -> Uploads:
    return request.app.state.uploads


def get_auth(request: Request) -> Authenticator:
    return request.app.state.auth


def get_audit(request: Request) -> AuditLog:
    return request.app.state.audit


def caller(request: Request) -> User | None:
    """Who the request comes from (None: nobody signed in), identified once per request."""
    user = getattr(request.state, "caller", _UNKNOWN)
    if user is _UNKNOWN:
        user = get_auth(request).identify(request)
        request.state.caller = user
    return user  # type: ignore[return-value]


def signed_in(request: Request) -> User:
    """The caller (the local user when auth is off); nobody signed in is a 401."""
    user = caller(request)
    if user is None:
        raise Unauthorized(
            "sign in first: send 'Authorization: Bearer <API token>', or sign in at /auth/login"
        )
    return user


def require(role: Role) -> Callable[[Request], User]:
    """A dependency that lets through users with ``role`` or above (403 for the rest)."""

    def check(request: Request) -> User:
        user = signed_in(request)
        if not user.may(role):
            raise Forbidden(
                f"this needs the role '{role}' or higher; {user.name} is '{user.role}'"
                " (an administrator can change that)"
            )
        return user

    return check


def current_user(request: Request) -> str:
    """The signed-in user's name: who owns and saves drafts and conversations."""
    return signed_in(request).name


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    """The caller's API key from ``Authorization: Bearer …``, if one was sent.

    Checked by ``signed_in`` (every ``/v1`` router depends on it): with auth on, it must
    be a token issued by ``POST /v1/me/tokens``; with auth off, any key passes.
    """
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


DraftingDep = Annotated[Drafting, Depends(get_drafting)]
UploadsDep = Annotated[Uploads, Depends(get_uploads)]
CurrentUser = Annotated[str, Depends(current_user)]
BearerToken = Annotated[str | None, Depends(bearer_token)]
AuthDep = Annotated[Authenticator, Depends(get_auth)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
UserDep = Annotated[User, Depends(signed_in)]
EditorDep = Annotated[User, Depends(require(Role.editor))]
AdminDep = Annotated[User, Depends(require(Role.admin))]
