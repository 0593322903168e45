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

from assistant.api.deps import AssistantDep
from assistant.auth.roles import Role
from assistant.drafting import catalog, checklist
from assistant.errors import IndexNotReady, Unauthorized
from assistant.settings import PROJECT_ROOT

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


def _page(request: Request, template: str, page: str, **context: Any) -> Response:
    """The page with who is signed in; with auth on and nobody signed in, the sign-in page."""
    auth = request.app.state.auth
    try:
        user = auth.identify(request)
    except Unauthorized:  # a browser sends no bearer token; treat a bad one as signed out
        user = None
    if user is None and page != "login":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/auth/login?next={quote(target)}", 303)
    language = _language(request)
    t = texts(language)
    js_keys = t["js"]
    signed_in = {"user": user, "auth_on": auth.enabled, "Role": Role}
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


@router.get("/dokumenter", response_class=HTMLResponse)
def documents_page(request: Request, assistant: AssistantDep) -> Response:
    limit_mb = assistant.settings.max_upload_bytes / 1024 / 1024
    return _page(
        request,
        "documents.html",
        "documents",
        documents=_documents(assistant),
        limit_mb=f"{limit_mb:g}",
        max_bytes=assistant.settings.max_upload_bytes,
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
