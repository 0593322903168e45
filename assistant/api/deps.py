"""Named dependencies: routes ask for ``AssistantDep`` (or a service built on it) and
get the app's one instance, made in ``create_app``."""

from typing import Annotated

from fastapi import Depends, Request

from assistant.drafting.service import Drafting
from assistant.service import Assistant
from assistant.uploads import Uploads


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_drafting(request: Request) -> Drafting:
    return request.app.state.drafting


def get_uploads(request: Request) -> Uploads:
    return request.app.state.uploads


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
DraftingDep = Annotated[Drafting, Depends(get_drafting)]
UploadsDep = Annotated[Uploads, Depends(get_uploads)]
