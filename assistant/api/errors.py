"""Error texts shared by the app's handlers and routers with their own error shape."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError


def validation_message(exc: RequestValidationError) -> str:
    """One line naming each invalid field: "invalid request: messages.0.role: …"."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)
