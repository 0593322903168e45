"""The permission matrix with PLANASSIST_AUTH=local: every endpoint × anonymous, reader,
editor, admin. Allowed means "not 401/403" (a deliberately empty body then gets its 422)."""

from __future__ import annotations

import pytest

from tests.auth.people import Site

ANONYMOUS, READER, EDITOR, ADMIN = None, "rita", "edel", "ada"
LEVEL = {READER: 1, EDITOR: 2, ADMIN: 3}
QUESTION = {"question": "Hvem skal vedta kommunal planstrategi?"}
UPLOAD = {"files": {"file": ("x.exe", b"MZ")}}  # refused as a type (415) once allowed in

# (method, path, request kwargs, lowest role allowed; None = open to anyone)
MATRIX = [
    ("GET", "/healthz", {}, None),
    ("POST", "/v1/ask", {"json": QUESTION}, READER),
    ("POST", "/v1/ask/stream", {"json": {}}, READER),
    ("POST", "/v1/search", {"json": {}}, READER),
    ("POST", "/v1/chat", {"json": {}}, READER),
    ("POST", "/v1/chat/stream", {"json": {}}, READER),
    ("GET", "/v1/chat", {}, READER),
    ("GET", "/v1/chat/nope", {}, READER),
    ("DELETE", "/v1/chat/nope", {}, READER),
    ("PATCH", "/v1/chat/nope", {"json": {"title": "x"}}, READER),
    ("GET", "/v1/chat/nope/export", {}, READER),
    ("GET", "/v1/documents", {}, READER),
    ("GET", "/v1/documents/pbl", {}, READER),
    ("GET", "/v1/models", {}, READER),
    ("POST", "/v1/chat/completions", {"json": {}}, READER),
    ("GET", "/v1/drafts", {}, READER),
    ("POST", "/v1/drafts/planprogram", {"json": {}}, READER),
    ("POST", "/v1/drafts/workshop", {"json": {}}, READER),
    ("GET", "/v1/drafts/nope", {}, READER),
    ("PUT", "/v1/drafts/nope/sections/formal", {"json": {}}, READER),
    ("DELETE", "/v1/drafts/nope", {}, READER),
    ("POST", "/v1/feedback", {"json": {}}, READER),
    ("GET", "/v1/me", {}, READER),
    ("POST", "/v1/me/tokens", {"json": {"label": 5}}, READER),
    ("POST", "/v1/documents", UPLOAD, EDITOR),
    ("GET", "/v1/documents/jobs/nope", {}, EDITOR),
    ("PUT", "/v1/documents/nope", UPLOAD, EDITOR),
    ("DELETE", "/v1/documents/nope", {}, EDITOR),
    ("GET", "/v1/admin/users", {}, ADMIN),
    ("POST", "/v1/admin/users", {"json": {}}, ADMIN),
    ("PUT", "/v1/admin/users/nobody/role", {"json": {"role": "editor"}}, ADMIN),
    ("PUT", "/v1/admin/users/nobody/organisation", {"json": {"organisation": "hole"}}, ADMIN),
    ("DELETE", "/v1/admin/users/nobody", {}, ADMIN),
    ("GET", "/v1/admin/audit", {}, ADMIN),
    ("GET", "/v1/admin/feedback", {}, ADMIN),
    ("GET", "/v1/admin/feedback/questions", {}, ADMIN),
]


def _detail(body: dict) -> str:
    """The app's error shape, or the OpenAI one on the OpenAI-compatible routes."""
    return body["detail"] if "detail" in body else body["error"]["message"]


@pytest.mark.parametrize(("method", "path", "kwargs", "needed"), MATRIX, ids=lambda v: str(v))
@pytest.mark.parametrize("who", [ANONYMOUS, READER, EDITOR, ADMIN], ids=str)
def test_permission_matrix(
    site: Site, who: str | None, method: str, path: str, kwargs: dict, needed: str | None
) -> None:
    response = site.client.request(method, path, headers=site.as_(who), **kwargs)
    if needed is None:
        assert response.status_code == 200
    elif who is None:
        assert response.status_code == 401, response.text
        assert "sign in first" in _detail(response.json())
    elif LEVEL[who] < LEVEL[needed]:
        assert response.status_code == 403, response.text
        assert f"needs the role '{'editor' if needed == EDITOR else 'admin'}'" in _detail(
            response.json()
        )
    else:
        assert response.status_code not in (401, 403), response.text


def test_an_unknown_token_is_401_with_the_reason(site: Site) -> None:
    response = site.client.get("/v1/me", headers={"Authorization": "Bearer pa_forged"})
    assert response.status_code == 401
    assert response.json() == {"detail": "the API token is unknown or has been revoked"}


def test_a_revoked_token_stops_working(site: Site) -> None:
    issued = site.client.post("/v1/me/tokens", json={"label": "cron"}, headers=site.as_(READER))
    assert issued.status_code == 201
    token = issued.json()["token"]
    mine = {"Authorization": f"Bearer {token}"}
    assert site.client.get("/v1/me", headers=mine).json()["name"] == READER
    gone = site.client.delete(f"/v1/me/tokens/{issued.json()['id']}", headers=mine)
    assert gone.status_code == 204
    assert site.client.get("/v1/me", headers=mine).status_code == 401


def test_a_token_sign_in_notes_when_the_token_was_used(site: Site) -> None:
    issued = site.client.post("/v1/me/tokens", json={"label": "bot"}, headers=site.as_(READER))
    mine = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert issued.json()["last_used"] is None
    assert site.client.get("/v1/me", headers=mine).status_code == 200
    listed = site.client.get("/v1/me/tokens", headers=site.as_(READER)).json()
    (used,) = [token for token in listed if token["id"] == issued.json()["id"]]
    assert used["last_used"] >= used["created"]


def test_healthz_and_static_stay_open(site: Site) -> None:
    assert site.client.get("/static/app.css").status_code == 200
    assert site.client.get("/healthz").json()["status"] == "ok"
