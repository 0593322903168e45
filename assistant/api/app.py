"""create_app(): the FastAPI application, its error handling and start-up warm-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from assistant.api import access
from assistant.api.body_limit import BodyLimit, limits
from assistant.api.errors import validation_message
from assistant.api.json_text import JsonText
from assistant.api.routes import (
    ask,
    chat,
    checks,
    documents,
    drafts,
    health,
    openai_compat,
    uploads,
    web,
)
from assistant.drafting.service import Drafting
from assistant.errors import (
    DISK_FULL,
    BackendUnavailable,
    IndexNotReady,
    InsufficientStorage,
    PlanassistError,
    is_disk_full,
)
from assistant.ingest_queue import make_queue
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from assistant.uploads import Uploads

log = logging.getLogger("planassist")
MAX_JSON_BYTES = 256 * 1024
"""JSON bodies are questions and small options; refuse anything bigger before parsing."""
KEEP_ALIVE_S = 75
"""How long the server keeps an idle connection open (uvicorn's default: 5 s). A client
that reuses its connection just as the server closes it gets "connection reset": under
load, users pausing about 5 s between questions met that in a few requests in a hundred
(``make bench-load``). Longer than common proxies' idle timeouts (60 s), as nginx's 75 s."""
WORKER_HEALTHCHECK_S = 60
"""How long uvicorn's supervisor waits for a worker to answer its health check before it
kills the worker as hung (default 5 s). A worker loading the embedding model can be slower
than that on a busy machine: with ``--workers 2`` the default killed one mid-start."""


def _error(status: int, detail: str, **extra: object) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail, **extra})


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    settings = settings or get_settings()
    assistant = assistant or Assistant(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(assistant.warm_up)
        except (IndexNotReady, BackendUnavailable, InsufficientStorage) as exc:
            log.warning("%s", exc)  # serve anyway: /healthz and each error say what to fix
        yield

    app = FastAPI(
        title="planassist",
        version="0.1.0",
        summary="Cited answers about Norwegian municipal planning (plan- og bygningsloven).",
        lifespan=lifespan,
    )
    app.state.assistant = assistant
    app.state.drafting = Drafting(assistant)
    app.state.uploads = Uploads(assistant, make_queue(settings))
    access.install(app, settings)  # sign-in, roles, audit, feedback

    @app.exception_handler(PlanassistError)
    async def planassist_error(request: Request, exc: PlanassistError) -> Response:
        if exc.status_code == 503 and web.wants_page(request):  # a browser: a page to read
            return web.unavailable_page(request, exc)
        return _error(exc.status_code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return _error(422, validation_message(exc), errors=errors)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        if is_disk_full(exc):  # a write outside storage and ingest, which say it themselves
            log.warning("disk full on %s: %s", request.url.path, exc)
            return _error(InsufficientStorage.status_code, DISK_FULL)
        log.exception("unexpected error on %s", request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); see the server log")

    app.add_middleware(JsonText)  # inside BodyLimit: the body it reads is already bounded
    app.add_middleware(
        BodyLimit,
        choose=limits(MAX_JSON_BYTES, settings.max_upload_bytes, settings.max_question_chars),
    )

    for module in (openai_compat, ask, chat, documents, uploads, drafts, checks, health, web):
        app.include_router(module.router, dependencies=access.guard(module.router))
    app.mount("/static", StaticFiles(directory=web.static_dir()), name="static")
    return app
