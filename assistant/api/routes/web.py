"""The web interface: server-rendered pages (Jinja2) over the same API the scripts call.

Interface text lives in ``web/i18n.yaml`` (nb default, nn, en); ``?lang=`` chooses and a
cookie remembers. Pages carry a strict Content-Security-Policy: scripts only from
``/static``, so model answers and document text can never run as code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from assistant.api.deps import AssistantDep, caller
from assistant.auth.roles import Role, User
from assistant.drafting import catalog, checklist
from assistant.errors import (
    DatabaseUnavailable,
    Forbidden,
    IndexNotReady,
    PlanassistError,
    Unauthorized,
)
from assistant.scope import NATIONAL, Scope, known_organisations, managed_collection
from assistant.settings import PROJECT_ROOT
from ingest.library import changeable

WEB_DIR = PROJECT_ROOT / "web"
STATIC_DIR = WEB_DIR / "static"
LANGUAGES = ("nb", "nn", "en")
COOKIE = "planassist_lang"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True)
)


def collection_name(collection: str, t: dict[str, Any]) -> str:
    """How a page names a collection: the national one in words, an organisation by id."""
    return t["collection_national"] if collection == NATIONAL else collection


templates.env.filters["collection_name"] = collection_name


@cache
def _strings() -> dict[str, dict[str, Any]]:
    with (WEB_DIR / "i18n.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def texts(language: str) -> dict[str, Any]:
    """Every interface string in ``language``, falling back to bokmål."""
    return {key: value.get(language, value["nb"]) for key, value in _strings().items()}


def _language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(COOKIE, "")
    return chosen if chosen in LANGUAGES else "nb"


def _here(request: Request) -> str:
    """The path and query the browser asked for (to come back to)."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _page(request: Request, template: str, page: str, **context: Any) -> Response:
    """The page with who is signed in; with auth on and nobody signed in, the sign-in page."""
    user = _visitor(request)
    if user is None and page != "login":
        return RedirectResponse(f"/auth/login?next={quote(_here(request))}", 303)
    return _render(request, template, page, user, **context)


def _render(
    request: Request, template: str, page: str, user: User | None, **context: Any
) -> Response:
    """``template`` in the frame of every page, in the visitor's language, with its headers."""
    auth = request.app.state.auth
    language = _language(request)
    t = texts(language)
    js_keys = t["js"]
    collections = Scope.of(user, auth.enabled).listed()
    signed_in = {"user": user, "auth_on": auth.enabled, "Role": Role, "collections": collections}
    response = templates.TemplateResponse(
        request,
        template,
        {"lang": language, "t": t, "page": page, "js_texts": js_keys, **signed_in, **context},
    )
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="lax")
    return response


def wants_page(request: Request) -> bool:
    """Whether a browser asks (``Accept: text/html``, as it does for a page or a form),
    not a script or the pages' own calls, which get JSON."""
    return "text/html" in request.headers.get("accept", "")


def unavailable_page(request: Request, exc: PlanassistError) -> Response:
    """The 503 a browser shows while a back end is down (most often the database, which
    sign-in reads): a page in the visitor's language, made without asking who is signed in."""
    response = _render(
        request,
        "unavailable.html",
        "unavailable",
        None,
        database=isinstance(exc, DatabaseUnavailable),
        detail=str(exc),
        again=_here(request) if request.method == "GET" else request.url.path,
    )
    response.status_code = exc.status_code
    return response


def _visitor(request: Request) -> User | None:
    """Who is signed in, if anyone (a browser sends no bearer token; a bad one: nobody)."""
    try:
        return caller(request)
    except Unauthorized:
        return None


def _documents(assistant: AssistantDep) -> list[Any] | None:
    try:
        return assistant.documents()
    except IndexNotReady:
        return None


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, assistant: AssistantDep) -> Response:
    documents = _documents(assistant) or []
    doc_types = sorted({doc.meta.doc_type for doc in documents})
    return _page(request, "chat.html", "chat", documents=documents, doc_types=doc_types)


@router.get("/utkast", response_class=HTMLResponse)
def drafts_page(request: Request) -> Response:
    language = _language(request)
    draft_language = "nn" if language == "nn" else "nb"
    types = catalog.plan_types().values()
    plan_types = [(p.key, p.names.get(language, p.names[draft_language]), p.theme) for p in types]
    sections = [  # each with the plan types whose document has it (the form shows those)
        (s.key, s.titles[draft_language], " ".join(p.key for p in types if s.key in p.sections))
        for s in catalog.sections()
    ]
    return _page(
        request,
        "drafts.html",
        "drafts",
        sections=sections,
        plan_types=plan_types,
        draft_language=draft_language,
    )


def _upload_target(
    request: Request, user: User | None, documents: list[Any]
) -> tuple[str | None, list[str]]:
    """Where the user's uploads go, and (for administrators) the collections to choose
    from: the national one and every organisation with accounts or documents."""
    auth = request.app.state.auth
    try:
        target = managed_collection(user, None, auth.enabled) if user else None
    except Forbidden:
        return None, []
    if not auth.enabled or user is None or user.role != Role.admin:
        return target, []
    organisations = known_organisations((a.organisation for a in auth.accounts.all()), documents)
    return target, [NATIONAL, *sorted(organisations)]


@router.get("/dokumenter", response_class=HTMLResponse)
def documents_page(request: Request, assistant: AssistantDep) -> Response:
    settings = assistant.settings
    limit_mb = settings.max_upload_bytes / 1024 / 1024
    auth = request.app.state.auth
    user = _visitor(request)
    documents = _documents(assistant)
    mine = {
        doc.meta.id
        for doc in documents or []
        if user is not None and changeable(settings, doc.meta, user, auth.enabled)
    }
    target, choices = _upload_target(request, user, documents or [])
    return _page(
        request,
        "documents.html",
        "documents",
        documents=documents,
        changeable=mine,
        upload_collection=target,
        collection_choices=choices,
        limit_mb=f"{limit_mb:g}",
        max_bytes=settings.max_upload_bytes,
    )


@router.get("/utkast/sjekk", response_class=HTMLResponse)
def check_page(request: Request, assistant: AssistantDep) -> Response:
    """Check my draft: upload a planprogram or planstrategi draft, read the checklist."""
    language = _language(request)
    doc_types = [(d.key, d.names[language]) for d in checklist.document_types().values()]
    limit_mb = assistant.settings.max_upload_bytes / 1024 / 1024
    return _page(
        request,
        "check.html",
        "drafts",
        doc_types=doc_types,
        limit_mb=f"{limit_mb:g}",
        max_bytes=assistant.settings.max_upload_bytes,
    )


@router.get("/dokumenter/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, assistant: AssistantDep) -> Response:
    document, chunks = assistant.document(doc_id)  # NotFound → 404 JSON via the app handler
    return _page(request, "document.html", "documents", document=document, chunks=chunks)


render_page = _page
"""For the sign-in page (routes/auth.py): the same frame, texts and headers."""


def static_dir() -> Path:
    return STATIC_DIR
