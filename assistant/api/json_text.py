"""Refuse JSON whose strings are not valid Unicode, before any route sees them.

JSON may escape half of a UTF-16 pair ("\\ud800"); Python decodes it into a str that
cannot be written as UTF-8, so it would fail deep inside (SQLite, the tokenizer, the
response) as a 500. One check at the door answers 422 instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DETAIL = (
    "the request holds text that is not valid Unicode (a lone UTF-16 surrogate such as "
    "\\ud800); send the text as UTF-8"
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def has_lone_surrogate(body: bytes) -> bool:
    """True if ``body`` parses as JSON and one of its strings cannot be encoded as UTF-8."""
    try:
        data = json.loads(body)
    except ValueError:  # malformed JSON is the route's to report
        return False
    return any(not text.isascii() and _unencodable(text) for text in _strings(data))


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class JsonText:
    """ASGI middleware: a JSON body is read whole (the body limit keeps it small), checked,
    and handed on unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "json" not in Headers(scope=scope).get("content-type", ""):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left, or the body limit cut it off and answered
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if has_lone_surrogate(body):
            await JSONResponse(status_code=422, content={"detail": DETAIL})(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
