"""Named dependencies: routes ask for ``AssistantDep`` (or a service built on it) and
get the app's one instance, made in ``create_app``."""

from typing import Annotated

from fastapi import Depends, Header, Request

from assistant.drafting.service import Drafting
from assistant.service import Assistant
from assistant.uploads import Uploads


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_drafting(request: Request) -> Drafting:
    return request.app.state.drafting


def get_uploads(request: Request) -> Uploads:
    return request.app.state.uploads


def current_user(request: Request) -> str:
    """Who is saving: the one local user until there is sign-in (the auth seam for drafts)."""
    return request.app.state.assistant.settings.local_user


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    """The caller's API key from ``Authorization: Bearer …``, if one was sent.

    The seam for access control (issue 13, accounts and roles): planassist has no keys
    yet, so every caller passes, with or without one. A key check belongs here; routers
    that depend on this (the OpenAI-compatible one does) are then protected with it.
    """
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
DraftingDep = Annotated[Drafting, Depends(get_drafting)]
UploadsDep = Annotated[Uploads, Depends(get_uploads)]
CurrentUser = Annotated[str, Depends(current_user)]
BearerToken = Annotated[str | None, Depends(bearer_token)]
