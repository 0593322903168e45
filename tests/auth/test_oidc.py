"""PLANASSIST_AUTH=oidc against a real OpenID provider (oidc-provider, started on loopback):
sign-in through its pages, groups mapped to roles, refused users, tokens still work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings
from ingest.pipeline import run_ingest
from tests.auth.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    require_provider,
    running_provider,
    sign_in_at_provider,
)
from tests.helpers import free_port, make_settings
from tests.postgres import Backend

CALLBACK = "http://testserver/auth/callback"  # TestClient's own host
GROUPS = {"anna": ["plan-admin", "ansatte"], "erik": ["plan-redaksjon"], "lise": ["ansatte"]}
ROLES = {"plan-admin": "admin", "plan-redaksjon": "editor", "ansatte": "reader"}


def oidc_settings(root: Path, issuer: str, **overrides: object) -> Settings:
    return make_settings(
        root,
        auth="oidc",
        oidc_issuer=issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_scopes="openid profile email groups",
        oidc_roles=ROLES,
        **overrides,
    )


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    require_provider()
    with running_provider(free_port(), CALLBACK, GROUPS) as url:
        yield url


@pytest.fixture(scope="module")
def oidc_client(
    issuer: str, tmp_path_factory: pytest.TempPathFactory, backend: Backend
) -> Iterator[TestClient]:
    with backend.database() as url:
        settings = oidc_settings(tmp_path_factory.mktemp("oidc"), issuer, database_url=url)
        run_ingest(settings)
        with TestClient(create_app(settings), follow_redirects=False) as client:
            yield client


def through_provider(client: TestClient, login: str, **params: str) -> httpx.Response:
    """The web sign-in: to the provider, sign in there as ``login``, and the app's answer
    on the way back."""
    to_provider = client.get("/auth/login", params=params)
    assert to_provider.status_code == 302, to_provider.text
    back = sign_in_at_provider(to_provider.headers["location"], login, CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def sign_in(client: TestClient, login: str, next_path: str = "/v1/me") -> None:
    """The web sign-in that succeeds: the app's session cookie is set."""
    client.cookies.clear()
    landed = through_provider(client, login, next=next_path)
    assert landed.status_code == 303, landed.text
    assert landed.headers["location"] == next_path


@pytest.mark.parametrize(
    ("login", "role"), [("anna", "admin"), ("erik", "editor"), ("lise", "reader")]
)
def test_groups_become_roles(oidc_client: TestClient, login: str, role: str) -> None:
    sign_in(oidc_client, login)
    me = oidc_client.get("/v1/me").json()
    assert me == {
        "name": f"{login}@example.org",
        "role": role,
        "display_name": login,
        "auth": "oidc",
        "organisation": None,
        "collections": None if role == "admin" else ["national"],
    }


def test_the_organisation_comes_from_a_claim(issuer: str, tmp_path: Path) -> None:
    """PLANASSIST_OIDC_ORGANISATION_CLAIM maps groups to organisations at every sign-in;
    a user the claims place in two organisations is refused."""
    organisations = {"plan-redaksjon": "hole", "ansatte": "ringerike", "plan-admin": "hole"}
    settings = oidc_settings(
        tmp_path, issuer, oidc_organisation_claim="groups", oidc_organisations=organisations
    )
    run_ingest(settings)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        sign_in(client, "erik")
        me = client.get("/v1/me").json()
        assert (me["organisation"], me["collections"]) == ("hole", ["national", "hole"])
        sign_in(client, "lise")
        assert client.get("/v1/me").json()["collections"] == ["national", "ringerike"]
        client.cookies.clear()
        refused = through_provider(client, "anna")
        assert refused.status_code == 403
        assert refused.json()["detail"] == (
            "the identity provider places this user in several organisations (hole, ringerike);"
            " ask an administrator"
        )


def test_a_signed_in_user_works_and_is_audited(oidc_client: TestClient) -> None:
    sign_in(oidc_client, "lise", "/")
    question = {"question": "Hvem skal vedta kommunal planstrategi?"}
    assert oidc_client.post("/v1/ask", json=question).status_code == 200
    assert oidc_client.get("/v1/admin/users").status_code == 403
    token = oidc_client.post("/v1/me/tokens", json={"label": "skript"}).json()["token"]
    oidc_client.cookies.clear()
    assert oidc_client.get("/v1/me").status_code == 401
    bearer = {"Authorization": f"Bearer {token}"}
    assert oidc_client.get("/v1/me", headers=bearer).json()["name"] == "lise@example.org"
    sign_in(oidc_client, "anna")
    sign_ins = oidc_client.get("/v1/admin/audit", params={"action": "sign_in"}).json()
    assert [e["actor"] for e in sign_ins][:2] == ["anna@example.org", "lise@example.org"]
    assert sign_ins[0]["detail"] == {"via": "oidc", "role": "admin"}
    users = {u["name"]: (u["role"], u["source"]) for u in oidc_client.get("/v1/admin/users").json()}
    assert users["lise@example.org"] == ("reader", "oidc")


def test_users_in_no_mapped_group_can_be_refused(
    issuer: str, tmp_path: Path, database_url: str | None
) -> None:
    settings = oidc_settings(tmp_path, issuer, oidc_default_role="none", database_url=database_url)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        refused = through_provider(client, "ola")
        assert refused.status_code == 403
        assert refused.json()["detail"] == (
            "ola@example.org is in no group that gives access to planassist; ask an administrator"
        )
        assert client.get("/v1/me").status_code == 401


def test_a_forged_callback_is_refused(oidc_client: TestClient) -> None:
    oidc_client.cookies.clear()
    response = oidc_client.get("/auth/callback", params={"code": "x", "state": "y"})
    assert response.status_code == 401
    assert response.json()["detail"].startswith("the sign-in was not completed")
