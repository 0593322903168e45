"""Access control wired into the app: sessions, the authenticator, the audit log, and a
sign-in requirement on every API router but the open ones (health, pages, sign-in).

Secure by default: a router added to ``create_app`` later is guarded without further
work; stricter roles are declared on the routes that need them (``EditorDep``, ``AdminDep``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.params import Depends as DependsParam
from starlette.middleware.sessions import SessionMiddleware

from assistant.api.deps import signed_in
from assistant.api.routes import admin, auth, feedback, health, web
from assistant.audit import AuditLog
from assistant.auth.backend import Authenticator
from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from assistant.storage import location

OPEN = (health.router, web.router, auth.router)
"""Routers anyone may reach: their routes check sign-in themselves where it matters."""
SESSION_COOKIE = "planassist_session"


def install(app: FastAPI, settings: Settings) -> None:
    """Put the authenticator and audit log on ``app.state``; add sessions and the auth,
    admin and feedback routes."""
    app.state.auth = Authenticator(settings)
    app.state.audit = AuditLog(location(settings, "audit"))
    app.state.feedback = FeedbackStore(location(settings, "feedback"))
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.auth.session_secret(),
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.session_hours * 3600),
        same_site="lax",
    )
    for router in (auth.router, admin.router, feedback.router):
        app.include_router(router, dependencies=guard(router))


def guard(router: APIRouter) -> list[DependsParam]:
    """The dependencies a router is included with: sign-in, unless it is open."""
    return [] if any(router is r for r in OPEN) else [Depends(signed_in)]
