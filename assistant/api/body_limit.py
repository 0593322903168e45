"""Refuse a request body over its limit while it streams in, not only by Content-Length.

A chunked body has no Content-Length, and Starlette's form parser spools all of it to
disk before a route can look at its size: without this, one request could fill the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class Limit:
    """The most bytes a body may have, and the 413 message for one that has more."""

    max_bytes: int
    detail: str


class BodyLimit:
    """ASGI middleware: a body over ``choose(content_type)`` gets a 413 JSON answer.

    Over the limit, the app is told the client went away (``http.disconnect``), so it
    stops reading, and whatever it answers then is dropped in favour of the 413.
    """

    def __init__(self, app: ASGIApp, choose: Callable[[str], Limit]) -> None:
        self.app = app
        self.choose = choose

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.choose(headers.get("content-type", ""))
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit.max_bytes:
            await _refuse(limit)(scope, receive, send)
            return
        received, refused, started = 0, False, False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    refused = True
                    if not started:
                        await _refuse(limit)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:  # the app's complaint about the cut-off body is not news
                raise


def _refuse(limit: Limit) -> JSONResponse:
    return JSONResponse(status_code=413, content={"detail": limit.detail})


FORM_OVERHEAD = 64 * 1024
"""Multipart framing around an uploaded file; the upload route checks the file itself."""


def limits(
    max_json_bytes: int, max_upload_bytes: int, max_question_chars: int
) -> Callable[[str], Limit]:
    """JSON bodies get the small JSON limit; anything else (uploads) the upload limit."""
    json_limit = Limit(
        max_json_bytes,
        f"the request body is larger than {max_json_bytes:,} bytes; JSON requests are "
        f"limited to {max_json_bytes:,} bytes (questions to {max_question_chars} characters)",
    )
    upload_limit = Limit(
        max_upload_bytes + FORM_OVERHEAD,
        f"the request body is larger than the upload limit of {readable_size(max_upload_bytes)}",
    )
    return lambda content_type: json_limit if "json" in content_type else upload_limit


def readable_size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"
