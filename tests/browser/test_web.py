"""The web interface in a real browser: ask, sources, follow-up, draft, upload, safety, a11y."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import PHONE, axe_violations, screenshot

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def ask(page: Page, question: str) -> None:
    page.get_by_label("Ditt spørsmål").fill(question)
    page.get_by_role("button", name="Send", exact=True).click()


def upload(page: Page, base: str, path: Path) -> None:
    page.goto(f"{base}/dokumenter")
    page.get_by_label("Fil", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Last opp og indekser").click()
    expect(page.locator("#upload-status.success")).to_contain_text(path.name, timeout=TIMEOUT)


def test_ask_shows_cited_answer_and_source_panel(page: Page, live_server: str) -> None:
    page.goto(live_server)
    ask(page, "Hvem skal vedta kommunal planstrategi?")
    answer = page.locator("article.answer").last
    expect(answer.locator("button.cite").first).to_be_visible(timeout=TIMEOUT)
    expect(answer).not_to_have_class("answer not-covered")
    cite = answer.locator("button.cite").first
    cite.click()
    panel = page.locator("#source-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#source-title")).to_contain_text("plan- og bygningsloven")
    expect(panel.locator("#source-excerpt mark").first).to_be_visible()
    expect(panel).to_be_focused()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "chat-desktop", readme=True)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(cite).to_be_focused()


def test_out_of_corpus_question_shows_not_covered(page: Page, live_server: str) -> None:
    page.goto(live_server)
    ask(page, "Hva er reglene for fiskekvoter i Barentshavet?")
    answer = page.locator("article.answer.not-covered")
    expect(answer).to_be_visible(timeout=TIMEOUT)
    expect(answer.get_by_role("heading")).to_have_text("Dokumentene dekker ikke dette")
    expect(answer.locator("button.cite")).to_have_count(0)
    screenshot(page, "chat-not-covered")


def test_follow_up_keeps_the_conversation(page: Page, live_server: str) -> None:
    page.goto(live_server)
    ask(page, "Hva er en kommunal planstrategi?")
    expect(page.locator("article.answer button.cite").first).to_be_visible(timeout=TIMEOUT)
    with page.expect_request("**/v1/chat/stream") as sent:
        ask(page, "og hvem vedtar den?")
    assert sent.value.post_data_json.get("conversation_id")
    second = page.locator("article.answer").nth(1)
    expect(second.locator("button.cite").first).to_be_visible(timeout=TIMEOUT)
    expect(second).not_to_have_class("answer not-covered")
    page.get_by_role("button", name="Ny samtale").click()
    expect(page.locator("article.answer")).to_have_count(0)


def test_draft_one_section_and_download_docx(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/utkast")
    page.get_by_label("Kommune").fill("Eksempelvik")
    page.get_by_label("Framdriftsplan").check()
    page.get_by_role("button", name="Lag utkast").click()
    section = page.locator("article.draft-section")
    expect(section).to_have_count(1, timeout=TIMEOUT)
    expect(section.get_by_role("heading", level=3)).to_have_text("Framdriftsplan")
    expect(page.locator("#draft-title")).to_contain_text("Eksempelvik")
    page.locator("#draft-result").evaluate("e => e.scrollIntoView()")
    screenshot(page, "drafts-desktop", readme=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned Word (.docx)").click()
    document = docx.Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Eksempelvik" in text
    assert "Framdriftsplan" in text


def test_uploaded_document_becomes_answerable(page: Page, live_server: str, tmp_path: Path) -> None:
    path = tmp_path / "snoskuter-eksempelvik.md"
    path.write_text(
        "# Snøskuterløyper i Eksempelvik\n\n"
        "Kommunestyret i Eksempelvik vedtar snøskuterløypene på nytt hvert fjerde år.\n",
        encoding="utf-8",
    )
    upload(page, live_server, path)
    expect(page.locator("#document-rows")).to_contain_text("Snøskuterløyper i Eksempelvik")
    screenshot(page, "documents-desktop", readme=True)
    page.goto(live_server)
    ask(page, "Hvem vedtar snøskuterløypene i Eksempelvik?")
    answer = page.locator("article.answer").last
    expect(answer.locator("ol.sources")).to_contain_text(
        "Snøskuterløyper i Eksempelvik", timeout=TIMEOUT
    )


def test_upload_refuses_unsupported_file(page: Page, live_server: str, tmp_path: Path) -> None:
    path = tmp_path / "program.exe"
    path.write_bytes(b"MZ not a document")
    page.goto(f"{live_server}/dokumenter")
    page.get_by_label("Fil", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Last opp og indekser").click()
    expect(page.locator("#upload-status.error")).to_contain_text("Filtypen støttes ikke")


def test_script_in_a_document_never_runs(browser: Browser, live_server: str, tmp_path: Path):
    context = browser.new_context()  # the real CSP, no bypass
    page = context.new_page()
    path = tmp_path / "skriptprove.md"
    path.write_text(
        "# Skriptprøve\n\n"
        "Skriptprøve om reguleringsplan: <script>window.__pwned=1</script> "
        '<img src="x" onerror="window.__pwned=2"> slutt på skriptprøven.\n',
        encoding="utf-8",
    )
    upload(page, live_server, path)
    page.get_by_role("link", name="Vis dokumentet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriptprøve")
    expect(page.locator("ol.chunks")).to_contain_text("<script>window.__pwned=1</script>")
    assert page.evaluate("window.__pwned") is None
    page.goto(live_server)
    ask(page, "Hva sier skriptprøven om reguleringsplan?")
    expect(page.locator("article.answer button.cite").first).to_be_visible(timeout=TIMEOUT)
    page.locator("article.answer ol.sources button").filter(has_text="Skriptprøve").first.click()
    expect(page.locator("#source-excerpt")).to_contain_text("<script>")
    assert page.evaluate("window.__pwned") is None
    context.close()


@pytest.mark.parametrize("path", ["/", "/?lang=nn", "/?lang=en", "/utkast", "/dokumenter"])
def test_pages_have_no_serious_accessibility_violations(
    page: Page, live_server: str, path: str
) -> None:
    page.goto(f"{live_server}{path}")
    assert axe_violations(page) == []


def test_answer_and_document_views_are_accessible(page: Page, live_server: str) -> None:
    page.goto(live_server)
    ask(page, "Hvem skal vedta kommunal planstrategi?")
    page.locator("article.answer button.cite").first.click(timeout=TIMEOUT)
    expect(page.locator("#source-panel")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server}/utkast")
    page.get_by_label("Kommune").fill("Eksempelvik")
    page.get_by_label("Medvirkning").check()
    page.get_by_role("button", name="Lag utkast").click()
    expect(page.locator("article.draft-section")).to_have_count(1, timeout=TIMEOUT)
    assert axe_violations(page) == []
    page.goto(f"{live_server}/dokumenter/pbl")
    assert axe_violations(page) == []
    screenshot(page, "document-desktop")


def test_phone_width(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    def fits() -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"horizontal scroll: {width}px"

    page.goto(live_server)
    ask(page, "Hvem skal vedta kommunal planstrategi?")
    page.locator("article.answer button.cite").first.click(timeout=TIMEOUT)
    expect(page.locator("#source-panel")).to_be_visible()
    fits()
    screenshot(page, "chat-phone", readme=True)
    page.goto(f"{live_server}/utkast")
    page.get_by_label("Kommune").fill("Eksempelvik")
    page.get_by_label("Framdriftsplan").check()
    page.get_by_role("button", name="Lag utkast").click()
    expect(page.locator("article.draft-section")).to_have_count(1, timeout=TIMEOUT)
    fits()
    page.locator("#draft-result").evaluate("e => e.scrollIntoView()")
    screenshot(page, "drafts-phone", readme=True)
    page.goto(f"{live_server}/dokumenter")
    fits()
    screenshot(page, "documents-phone", readme=True)
    context.close()
