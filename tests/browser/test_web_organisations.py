"""Two organisations in a real browser (PLANASSIST_AUTH=local): each editor uploads a
document only their organisation reads; the header says who, which organisation and
which collections; a question from the other organisation is never answered from it;
a saved conversation survives reload, back and a language switch, is renamed, exported
and deleted, and another organisation's user cannot open it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.api.app import create_app
from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.storage import location
from ingest.pipeline import run_ingest
from tests.browser.support import axe_violations, screenshot
from tests.helpers import make_settings, serve_in_thread

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
PASSWORD = "et langt nok passord"
PEOPLE = {
    "edel": (Role.editor, "hole"),
    "rita": (Role.reader, "hole"),
    "rune": (Role.editor, "ringerike"),
}
HOLE_TITLE = "Badeplasser i Hole"
HOLE_TEXT = (
    f"# {HOLE_TITLE}\n\nDriftsutvalget i Hole godkjenner badeplassene ved Tyrifjorden hver vår,"
    " etter at vannprøvene er tatt.\n"
)
ASKS_HOLE = "Hvem godkjenner badeplassene ved Tyrifjorden?"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = make_settings(tmp_path_factory.mktemp("orgs-web"), auth="local")
    run_ingest(settings)
    accounts = AccountStore(location(settings, "accounts"))
    for name, (role, organisation) in PEOPLE.items():
        accounts.add(name, role, PASSWORD, organisation)
    with serve_in_thread(create_app(settings)) as url:
        yield url


def signed_in(browser: Browser, base: str, name: str) -> Page:
    page = browser.new_context(locale="nb-NO", bypass_csp=True).new_page()
    page.goto(f"{base}/auth/login")
    page.get_by_label("Brukernavn").fill(name)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#signed-in-as")).to_be_visible()
    return page


def ask(page: Page, question: str) -> None:
    page.get_by_label("Ditt spørsmål").fill(question)
    page.get_by_role("button", name="Send", exact=True).click()


def test_an_organisations_document_is_its_own(browser: Browser, site: str, tmp_path: Path) -> None:
    edel = signed_in(browser, site, "edel")
    edel.goto(f"{site}/dokumenter")
    expect(edel.locator("#signed-in-org")).to_have_text(
        "Organisasjon: hole · Samlinger: Nasjonalt materiale, hole"
    )
    expect(edel.locator("#upload-collection-note")).to_contain_text("samlingen «hole»")
    path = tmp_path / "badeplasser.md"
    path.write_text(HOLE_TEXT, encoding="utf-8")
    edel.get_by_label("Fil", exact=True).set_input_files(str(path))
    edel.get_by_role("button", name="Last opp og indekser").click()
    expect(edel.locator("#upload-status.success")).to_contain_text(
        "badeplasser.md", timeout=TIMEOUT
    )
    row = edel.locator("#document-rows tr").filter(has_text=HOLE_TITLE)
    expect(row).to_contain_text("hole")
    expect(row.get_by_role("button", name=f"Fjern: {HOLE_TITLE}")).to_be_visible()
    national = edel.locator("#document-rows tr").filter(has_text="plan- og bygningsloven")
    expect(national.get_by_role("button")).to_have_count(0)  # national: administrators only
    assert axe_violations(edel) == []
    screenshot(edel, "organisations-documents-editor")

    edel.goto(site)
    ask(edel, ASKS_HOLE)
    answer = edel.locator("article.answer").last
    expect(answer.locator("ol.sources")).to_contain_text(HOLE_TITLE, timeout=TIMEOUT)

    rita = signed_in(browser, site, "rita")  # same organisation, a reader
    rita.goto(f"{site}/dokumenter")
    expect(rita.locator("#document-rows")).to_contain_text(HOLE_TITLE)
    expect(rita.locator("#upload-form")).to_have_count(0)
    expect(rita.locator("#document-rows button")).to_have_count(0)

    rune = signed_in(browser, site, "rune")
    rune.goto(f"{site}/dokumenter")
    expect(rune.locator("#signed-in-org")).to_contain_text(
        "Samlinger: Nasjonalt materiale, ringerike"
    )
    expect(rune.locator("#document-rows")).to_contain_text("plan- og bygningsloven")
    expect(rune.locator("#document-rows")).not_to_contain_text(HOLE_TITLE)
    rune.goto(site)
    ask(rune, ASKS_HOLE)
    answer = rune.locator("article.answer").last
    expect(answer).not_to_have_attribute("aria-busy", "true", timeout=TIMEOUT)
    expect(answer).not_to_contain_text(HOLE_TITLE)
    expect(answer).not_to_contain_text("Driftsutvalget i Hole")
    screenshot(rune, "organisations-other-organisation-asks")
    response = rune.goto(f"{site}/dokumenter/hole--badeplasser")
    assert response is not None and response.status == 404
    for page in (edel, rita, rune):
        page.context.close()


def test_a_conversation_is_saved_reopened_renamed_exported_and_deleted(
    browser: Browser, site: str
) -> None:
    edel = signed_in(browser, site, "edel")
    edel.goto(site)
    ask(edel, "Hvem skal vedta kommunal planstrategi?")
    expect(edel.locator("article.answer button.cite").first).to_be_visible(timeout=TIMEOUT)
    expect(edel).to_have_url(f"{site}/?samtale=" + edel.url.split("samtale=")[1])
    conversation = edel.url.split("samtale=")[1]
    saved = edel.locator("#conversation-list li").filter(has_text="Hvem skal vedta kommunal")
    expect(saved).to_have_count(1)

    edel.reload()  # reload: the conversation is back, with its sources
    expect(edel.locator("article.answer button.cite").first).to_be_visible(timeout=TIMEOUT)
    expect(edel.locator(".question").first).to_contain_text(
        "Hvem skal vedta kommunal planstrategi?"
    )
    edel.get_by_role("link", name="Dokumenter").click()
    edel.go_back()  # back: the same
    expect(edel.locator("article.answer button.cite").first).to_be_visible(timeout=TIMEOUT)
    edel.get_by_role("link", name="Nynorsk").click()  # a language switch: the same, in nynorsk
    expect(edel.get_by_role("heading", name="Samtalane dine")).to_be_visible()
    expect(edel.locator("article.answer .sources-title").first).to_have_text("Kjelder")
    assert f"samtale={conversation}" in edel.url and "lang=nn" in edel.url

    saved = edel.locator("#conversation-list li").first
    saved.get_by_role("button", name="Gi nytt namn").click()
    edel.get_by_label("Nytt namn på samtalen").fill("Vedtak av planstrategien")
    edel.get_by_role("button", name="Lagre namnet").click()
    expect(saved.locator(".conversation-open")).to_have_text("Vedtak av planstrategien")
    with edel.expect_download() as markdown:
        saved.get_by_role("link", name="Last ned Markdown (.md): Vedtak av planstrategien").click()
    text = Path(markdown.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Vedtak av planstrategien")
    assert "[1] Lov om planlegging og byggesaksbehandling" in text
    with edel.expect_download() as word:
        saved.get_by_role("link", name="Last ned Word (.docx): Vedtak av planstrategien").click()
    assert word.value.suggested_filename == f"samtale-{conversation}.docx"
    assert axe_violations(edel) == []
    screenshot(edel, "conversations-saved")

    rune = signed_in(browser, site, "rune")  # another organisation: not found
    rune.goto(f"{site}/?samtale={conversation}")
    expect(rune.locator("#chat-status")).to_contain_text(f"no conversation '{conversation}'")
    expect(rune.locator("article.answer")).to_have_count(0)
    expect(rune.locator("#conversation-list")).not_to_contain_text("planstrategien")
    rune.context.close()

    edel.once("dialog", lambda dialog: dialog.accept())
    saved.get_by_role("button", name="Slett: Vedtak av planstrategien").click()
    expect(edel.locator("#chat-status")).to_have_text("Samtalen er sletta.")
    expect(edel.locator("article.answer")).to_have_count(0)
    expect(edel.locator("#conversation-list")).not_to_contain_text("Vedtak av planstrategien")
    assert "samtale=" not in edel.url
    edel.context.close()
