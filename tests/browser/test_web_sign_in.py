"""Sign-in in a real browser: through the real OpenID provider's pages (oidc-provider on
loopback, groups giving role and organisation) and through the local sign-in page; the
header says who is signed in, their organisation and collections, and the documents page
offers upload only to editors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.api.app import create_app
from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.settings import Settings
from assistant.storage import location
from ingest.pipeline import run_ingest
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, require_provider, running_provider
from tests.browser.support import axe_violations, screenshot
from tests.helpers import free_port, make_settings, serve_in_thread

pytestmark = pytest.mark.browser

GROUPS = {"erik": ["plan-redaksjon"], "lise": ["ansatte"]}
PASSWORD = "et langt nok passord"


@pytest.fixture(scope="module")
def oidc_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with PLANASSIST_AUTH=oidc, and the provider it signs in at."""
    require_provider()
    provider_port = free_port()
    settings = make_settings(
        tmp_path_factory.mktemp("oidc-web"),
        auth="oidc",
        oidc_issuer=f"http://127.0.0.1:{provider_port}",
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_scopes="openid profile email groups",
        oidc_roles={"plan-redaksjon": "editor"},
        oidc_organisation_claim="groups",
        oidc_organisations={"plan-redaksjon": "hole"},
    )
    run_ingest(settings)
    with (
        serve_in_thread(create_app(settings)) as url,
        running_provider(provider_port, f"{url}/auth/callback", GROUPS),
    ):
        yield url


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings: Settings = make_settings(tmp_path_factory.mktemp("local-web"), auth="local")
    run_ingest(settings)
    AccountStore(location(settings, "accounts")).add("rita", Role.reader, PASSWORD)
    with serve_in_thread(create_app(settings)) as url:
        yield url


def sign_in_at_provider(page: Page, login: str) -> None:
    """The provider's own development pages: any password, then consent."""
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_oidc_sign_in_in_the_browser(browser: Browser, oidc_site: str) -> None:
    editor = browser.new_page()
    editor.goto(f"{oidc_site}/dokumenter")
    sign_in_at_provider(editor, "erik")
    expect(editor).to_have_url(f"{oidc_site}/dokumenter")
    expect(editor.locator("#signed-in-as")).to_have_text("Innlogget som erik (redaktør)")
    expect(editor.locator("#signed-in-org")).to_have_text(
        "Organisasjon: hole · Samlinger: Nasjonalt materiale, hole"
    )
    expect(editor.locator("#upload-form")).to_be_visible()
    screenshot(editor, "sign-in-oidc-editor")
    editor.close()

    reader = browser.new_page()
    reader.goto(f"{oidc_site}/dokumenter?lang=en")
    sign_in_at_provider(reader, "lise")
    expect(reader.locator("#signed-in-as")).to_have_text("Signed in as lise (reader)")
    expect(reader.locator("#signed-in-org")).to_have_text(
        "Organisation: none · Collections: National material"
    )
    expect(reader.locator("#upload-form")).to_have_count(0)
    expect(reader.locator("#upload-needs-editor")).to_be_visible()
    reader.close()


def test_local_sign_in_page(page: Page, local_site: str) -> None:
    page.goto(f"{local_site}/utkast")
    expect(page).to_have_url(f"{local_site}/auth/login?next=/utkast")
    assert axe_violations(page) == []
    page.get_by_label("Brukernavn").fill("rita")
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_have_text("Feil brukernavn eller passord. Prøv igjen.")
    expect(page.get_by_label("Passord")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "sign-in-local-refused")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{local_site}/utkast")
    expect(page.locator("#signed-in-as")).to_have_text("Innlogget som rita (leser)")
    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(f"{local_site}/auth/login")
