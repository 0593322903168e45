"""Local sign-in through the web form: session cookie, pages, sign-out, roles, audit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.auth.people import PASSWORD, Site


def sign_in(site: Site, name: str, password: str = PASSWORD) -> TestClient:
    """A browser-like client of its own, signed in through the form."""
    client = TestClient(create_app(site.settings), follow_redirects=False)
    response = client.post(
        "/auth/login", data={"username": name, "password": password, "next": "/utkast"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/utkast"
    return client


def test_pages_send_the_anonymous_to_sign_in(site: Site) -> None:
    response = site.client.get("/dokumenter?lang=en", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?next=/dokumenter%3Flang%3Den"
    page = site.client.get("/auth/login?lang=en")
    assert page.status_code == 200 and 'name="password"' in page.text


def test_sign_in_with_a_password_shows_who_and_hides_upload_from_readers(site: Site) -> None:
    reader = sign_in(site, "rita")
    assert reader.get("/v1/me").json() == {
        "name": "rita",
        "role": "reader",
        "display_name": None,
        "auth": "local",
        "organisation": "hole",
        "collections": ["national", "hole"],
    }
    page = reader.get("/dokumenter").text
    assert "Innlogget som rita (leser)" in page
    assert 'id="upload-form"' not in page and 'id="upload-needs-editor"' in page
    assert 'id="upload-form"' in sign_in(site, "edel").get("/dokumenter").text
    reader.post("/auth/logout")
    assert reader.get("/v1/me").status_code == 401


def test_a_wrong_password_is_refused_and_audited(site: Site) -> None:
    client = TestClient(create_app(site.settings), follow_redirects=False)
    response = client.post("/auth/login", data={"username": "rita", "password": "feil passord"})
    assert response.status_code == 401 and "Feil brukernavn eller passord" in response.text
    assert 'aria-invalid="true"' in response.text
    assert client.get("/v1/me").status_code == 401
    events = site.client.get(
        "/v1/admin/audit", params={"action": "sign_in_refused"}, headers=site.as_("ada")
    ).json()
    assert events[0]["actor"] == "rita"


def test_sign_in_never_redirects_off_site(site: Site) -> None:
    client = TestClient(create_app(site.settings), follow_redirects=False)
    data = {"username": "rita", "password": PASSWORD, "next": "//evil.example/"}
    assert client.post("/auth/login", data=data).headers["location"] == "/"


def test_a_role_change_applies_at_once_and_is_audited(fresh_site: Site) -> None:
    site, admin = fresh_site, fresh_site.as_("ada")
    upload = {"files": {"file": ("x.exe", b"MZ")}}
    assert site.client.post("/v1/documents", headers=site.as_("rita"), **upload).status_code == 403
    changed = site.client.put("/v1/admin/users/rita/role", json={"role": "editor"}, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "editor"
    assert site.client.post("/v1/documents", headers=site.as_("rita"), **upload).status_code == 415
    event = site.client.get("/v1/admin/audit", headers=admin).json()[0]
    assert (event["actor"], event["action"], event["target"]) == ("ada", "role_changed", "rita")
    assert event["detail"] == {"from": "reader", "to": "editor"}


def test_the_last_admin_stays(fresh_site: Site) -> None:
    site, admin = fresh_site, fresh_site.as_("ada")
    response = site.client.put("/v1/admin/users/ada/role", json={"role": "reader"}, headers=admin)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "ada is the only administrator; make someone else admin first"
    )
    assert site.client.delete("/v1/admin/users/ada", headers=admin).status_code == 409


def test_users_are_added_and_removed_by_admins(fresh_site: Site) -> None:
    site, admin = fresh_site, fresh_site.as_("ada")
    short = site.client.post(
        "/v1/admin/users", json={"name": "nora", "password": "kort"}, headers=admin
    )
    assert short.status_code == 422
    assert short.json()["detail"] == "the password must be at least 10 characters long"
    added = site.client.post(
        "/v1/admin/users", json={"name": "nora", "password": PASSWORD}, headers=admin
    )
    assert added.status_code == 201 and added.json()["role"] == "reader"
    sign_in(site, "nora")
    assert site.client.delete("/v1/admin/users/nora", headers=admin).status_code == 204
    csv = site.client.get("/v1/admin/audit", params={"format": "csv"}, headers=admin)
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0] == "id,time,actor,action,target,detail"
    assert [line.split(",")[2:5] for line in lines[1:4]] == [
        ["ada", "user_removed", "nora"],
        ["nora", "sign_in", ""],
        ["ada", "user_added", "nora"],
    ]
