"""Hostile requests: bodies over the limit without a Content-Length, lone surrogates in JSON."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import MAX_JSON_BYTES, create_app
from assistant.settings import Settings
from tests.helpers import serve_in_thread
from tests.hostile.conftest import MAX_UPLOAD, Report, snapshot


@pytest.fixture(scope="module")
def live_url(hostile_settings: Settings) -> Iterator[str]:
    """A real uvicorn server: only a real server receives a chunked body chunk by chunk."""
    with serve_in_thread(create_app(hostile_settings)) as url:
        yield url


def _chunks(total: int, prelude: bytes = b"", block: int = 64 * 1024) -> Iterator[bytes]:
    yield prelude
    sent = 0
    while sent < total:
        yield b"a" * min(block, total - sent)
        sent += block


UPLOAD_PRELUDE = (
    b'--x\r\nContent-Disposition: form-data; name="file"; filename="uendelig.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)
CHUNKED = [
    (
        "chunked JSON body over the limit",
        "/v1/ask",
        "application/json",
        b'{"question": "',
        4 * MAX_JSON_BYTES,
    ),
    (
        "chunked upload over the limit",
        "/v1/documents",
        "multipart/form-data; boundary=x",
        UPLOAD_PRELUDE,
        8 * MAX_UPLOAD,
    ),
]


@pytest.mark.parametrize(
    ("case", "path", "content_type", "prelude", "size"), CHUNKED, ids=[c[0] for c in CHUNKED]
)
def test_chunked_body_over_the_limit_is_cut_off(
    live_url: str,
    hostile_client: TestClient,
    hostile_settings: Settings,
    report: Report,
    case: str,
    path: str,
    content_type: str,
    prelude: bytes,
    size: int,
) -> None:
    before = snapshot(hostile_client, hostile_settings)
    with httpx.Client(base_url=live_url, timeout=30) as client:
        response = client.post(
            path, content=_chunks(size, prelude), headers={"content-type": content_type}
        )
        assert "content-length" not in response.request.headers  # sent chunked
        health = client.get("/healthz")
    after = snapshot(hostile_client, hostile_settings)
    detail = response.json()["detail"]
    report.add(case, "request", response.status_code, detail, after == before)
    assert response.status_code == 413 and "larger than" in detail
    assert health.status_code == 200 and after == before


SURROGATE = '"Hvem vedtar \\ud800 planstrategi\\udfff?"'
SURROGATE_BODIES = [
    ("/v1/ask", f'{{"question": {SURROGATE}}}'),
    ("/v1/search", f'{{"question": {SURROGATE}}}'),
    ("/v1/chat", f'{{"message": {SURROGATE}}}'),
    ("/v1/chat/completions", f'{{"messages": [{{"role": "user", "content": {SURROGATE}}}]}}'),
    ("/v1/drafts/workshop", f'{{"tema": {SURROGATE}, "audience": "kommunestyre"}}'),
]


@pytest.mark.parametrize(("path", "body"), SURROGATE_BODIES, ids=[b[0] for b in SURROGATE_BODIES])
def test_lone_surrogates_in_json_are_a_clear_4xx(
    hostile_client: TestClient, hostile_settings: Settings, report: Report, path: str, body: str
) -> None:
    before = snapshot(hostile_client, hostile_settings)
    response = hostile_client.post(path, content=body, headers={"content-type": "application/json"})
    after = snapshot(hostile_client, hostile_settings)
    detail = response.json().get("detail") or response.json().get("error", {}).get("message", "")
    report.add(
        f"lone surrogates in JSON ({path})",
        "request",
        response.status_code,
        str(detail),
        after == before,
    )
    assert 400 <= response.status_code < 500, response.text
    assert after == before
