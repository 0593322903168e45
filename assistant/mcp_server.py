"""planassist as an MCP server: search, answers, sections of documents and drafts as
tools for agents, the document list as a resource.

Built on the MCP Python SDK's ``MCPServer`` (the high-level API, called FastMCP before
SDK v2). Every tool calls the same facades as the API and the CLI (``Assistant``,
``Drafting``) and returns the API's response shapes, so an agent gets what a REST client
gets. A ``PlanassistError`` becomes a tool error with its message (written for the user).

Who the tools act for: over stdio (and with sign-in off) the one ``--user``; over HTTP with
sign-in on, each request's caller, named by its bearer token (the API tokens of
``POST /v1/me/tokens``), checked through the SDK's ``TokenVerifier`` on every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import anyio
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as Request

from assistant.auth.accounts import AccountStore
from assistant.auth.tokens import TokenStore
from assistant.domain import Chunk, SearchFilters
from assistant.drafting import catalog, validation
from assistant.drafting.schemas import DraftOut
from assistant.drafting.service import Drafting
from assistant.errors import InvalidRequest, PlanassistError, Unauthorized
from assistant.prompts import render
from assistant.retrieval.store import IndexedDocument
from assistant.schemas import (
    AskResponse,
    DocumentDetail,
    DocumentOut,
    SearchHit,
    SearchResponse,
    SectionOut,
)
from assistant.scope import Scope
from assistant.service import Assistant
from assistant.storage import location

DOCUMENTS_URI = "planassist://documents"
MCP_PATH = "/mcp"


@contextmanager
def _reported(error: type[Exception] = ToolError) -> Iterator[None]:
    """A user-facing error reaches the client with its message (others stay in the log)."""
    try:
        yield
    except PlanassistError as exc:
        raise error(str(exc)) from exc


def _filters(doc_ids: list[str] | None) -> SearchFilters | None:
    return SearchFilters(tuple(doc_ids)) if doc_ids else None


def _detail(document: IndexedDocument, chunks: list[Chunk]) -> DocumentDetail:
    sections = [
        SectionOut(chunk_id=c.id, section=c.section, chapter=c.chapter, page=c.page, text=c.text)
        for c in chunks
    ]
    return DocumentDetail(**DocumentOut.of(document).model_dump(), sections=sections)


def acting_for(
    assistant: Assistant, user: str | None, accounts: AccountStore | None = None
) -> tuple[Assistant, str | None]:
    """The assistant as ``user`` sees it, and who owns the drafts made: with sign-in on,
    the tools act for a named account (read from ``accounts``, opened here if not given:
    a store hashes a password and checks its schema as it opens) and read only its
    collections."""
    settings = assistant.settings
    if settings.auth == "none":
        return assistant, user
    if user is None:
        raise InvalidRequest(
            f"sign-in is on (PLANASSIST_AUTH={settings.auth}): name the account the MCP"
            " tools act for with --user NAME"
        )
    account = (accounts or AccountStore(location(settings, "accounts"))).get(user)
    return assistant.within(Scope.of(account.user("mcp"), sign_in=True)), account.name


class Acting(NamedTuple):
    """Whom the tools serve in one request: their view of the assistant and of drafting,
    and who owns the drafts made."""

    assistant: Assistant
    drafting: Drafting
    owner: str | None


class AccountTokens:
    """The SDK's ``TokenVerifier`` over planassist's API tokens: a token that is known and
    not revoked stands for the account it was issued to (read again on every request, so a
    revoked token or a removed account stops working at once)."""

    def __init__(self, tokens: TokenStore) -> None:
        self.tokens = tokens

    async def verify_token(self, token: str) -> AccessToken | None:
        account = await anyio.to_thread.run_sync(self.tokens.account, token)
        if account is None:
            return None
        return AccessToken(token=token, client_id=account.name, subject=account.name, scopes=[])


def server_for(assistant: Assistant, user: str | None, http: bool) -> MCPServer:
    """The server ``planassist mcp`` runs: over HTTP with sign-in on, each request acts for
    the account its bearer token names; otherwise (stdio, or sign-in off) for ``user``."""
    settings = assistant.settings
    if not http or settings.auth == "none":
        view, owner = acting_for(assistant, user)
        return build_server(view, user=owner)
    if user is not None:
        raise InvalidRequest(
            "--user is for stdio: over HTTP with sign-in on, each request acts for the"
            " account its 'Authorization: Bearer <API token>' names (planassist users token"
            " NAME, or POST /v1/me/tokens)"
        )
    return build_server(assistant, tokens=TokenStore(AccountStore(location(settings, "accounts"))))


def build_server(
    assistant: Assistant,
    drafting: Drafting | None = None,
    user: str | None = None,
    tokens: TokenStore | None = None,
) -> MCPServer:
    """The MCP server over ``assistant``, acting for ``user`` (who owns its drafts; with
    sign-in on, ``assistant`` is a view kept to that person's collections) or, given
    ``tokens``, for the account each HTTP request's bearer token names. Run it with
    ``.run()`` (stdio) or ``http_app``.

    >>> server = build_server(Assistant(get_settings()))
    >>> server.run()  # stdio, for an MCP client that starts `planassist mcp`
    """
    drafting = drafting or Drafting(assistant)
    verifier = AccountTokens(tokens) if tokens is not None else None
    server = MCPServer(
        "planassist",
        instructions=render("mcp_instructions"),
        version="0.1.0",
        token_verifier=verifier,
        auth=_token_auth(assistant) if verifier else None,
    )

    def caller() -> Acting:
        """Whom this request is served for: the one user, or its bearer token's account."""
        if verifier is None:
            return Acting(assistant, drafting, user)
        token = get_access_token()
        if token is None or token.subject is None:  # the transport lets none through
            raise Unauthorized("send 'Authorization: Bearer <API token>'")
        view, owner = acting_for(assistant, token.subject, verifier.tokens.accounts)
        return Acting(view, drafting.within(view), owner)

    @server.tool()
    def search(
        query: str, top_k: int | None = None, doc_ids: list[str] | None = None
    ) -> SearchResponse:
        """The passages that best match ``query`` (hybrid dense + BM25 search), each with
        document id, title, § or section, page and text. ``doc_ids`` restricts the search."""
        with _reported():
            hits = caller().assistant.search(query, top_k, _filters(doc_ids))
        return SearchResponse(
            query=query, hits=[SearchHit.of(rank, hit) for rank, hit in enumerate(hits, 1)]
        )

    @server.tool()
    def ask(question: str, doc_ids: list[str] | None = None) -> AskResponse:
        """Answer a question about Norwegian municipal planning from the documents, every
        statement cited [n] to a listed source; or say that the documents do not cover it
        (``abstained``). In bokmål, nynorsk or English."""
        with _reported():
            return AskResponse.of(caller().assistant.ask(question, filters=_filters(doc_ids)))

    @server.tool()
    def get_document(doc_id: str, section: str | None = None) -> DocumentDetail:
        """A document's text by id (planassist://documents lists them): one § or section
        ("§ 11-13", "11-13", a heading's start, or a passage id like "pbl:0012"), or, with
        no ``section``, the whole document (long for a law)."""
        with _reported():
            reader = caller().assistant
            if section is None:
                return _detail(*reader.document(doc_id))
            return _detail(*reader.section(doc_id, section))

    @server.tool(description=_draft_description())
    def draft_section(
        kommune: str,
        plantype: str,
        tema: str,
        periode: str,
        section: str,
        language: str = "nb",
        doc_ids: list[str] | None = None,
    ) -> DraftOut:
        with _reported():
            inputs = validation.planprogram(
                kommune, plantype, tema, periode, language, [section], doc_ids or ()
            )
            acting = caller()
            return DraftOut.of(acting.drafting.planprogram(inputs, acting.owner))

    @server.resource(DOCUMENTS_URI, name="documents", mime_type="application/json")
    def documents() -> list[DocumentOut]:
        """Every indexed document: id, title, type, language, number of passages."""
        with _reported(ResourceError):
            return [DocumentOut.of(document) for document in caller().assistant.documents()]

    return server


def _token_auth(assistant: Assistant) -> AuthSettings:
    """Bearer tokens required, checked by planassist itself: no OAuth discovery is
    advertised (``resource_server_url`` unset), the API that issues them is named."""
    settings = assistant.settings
    return AuthSettings(
        issuer_url=f"http://{settings.host}:{settings.port}", resource_server_url=None
    )


def _draft_description() -> str:
    """The tool's description names the section keys the drafting catalog has now."""
    keys = ", ".join(spec.key for spec in catalog.sections())
    return (
        "Draft one section of a planprogram (stored as a draft of its own): what the law "
        "requires and the guidance recommends, quoted and cited, a proposal, a checklist "
        f"and the open points to fill in. section: one of {keys} (each plan type has its own). "
        f"plantype: {', '.join(catalog.plan_types())} (planstrategi drafts the strategy "
        "itself). periode like '2026-2036'. language: nb or nn. doc_ids: lean only on these "
        "documents."
    )


def http_app(server: MCPServer, host: str = "127.0.0.1") -> Starlette:
    """The streamable HTTP transport at ``/mcp``, as an ASGI app for uvicorn."""
    app = server.streamable_http_app(streamable_http_path=MCP_PATH, host=host)
    app.add_middleware(BackEndDown)
    return app


class BackEndDown:
    """A back end that is down while a request's API token is read (the database) answers
    503 with the reason, as the API does: the token is checked in the SDK's middleware,
    outside its error handling, which would make it a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, request: Request, receive: Receive, send: Send) -> None:
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(request, receive, sending)
        except PlanassistError as exc:
            if started or request["type"] != "http":
                raise
            response = JSONResponse({"detail": str(exc)}, status_code=exc.status_code)
            await response(request, receive, send)
