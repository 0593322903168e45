"""Saved work in the drafting studio, in a real browser: a citation opens the source panel,
an edit survives regenerating another section, a reload and the download, and the draft
reopens from the list; rewriting the edited section keeps the text as a version to bring
back, and text typed but not saved survives saving another section."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import axe_violations, screenshot

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
OWN_TEXT = "Lagreby kommune inviterer eldrerådet til et eget møte om planprogrammet."


def test_edit_survives_regenerate_reload_download_and_reopen(page: Page, live_server: str):
    page.goto(f"{live_server}/utkast")
    page.get_by_label("Kommune").fill("Lagreby")
    page.get_by_label("Medvirkning").check()
    page.get_by_label("Framdriftsplan").check()
    page.get_by_role("button", name="Lag utkast").click()
    expect(page.locator("article.draft-section")).to_have_count(2, timeout=TIMEOUT)
    medvirkning = page.locator("#section-medvirkning")

    cite = medvirkning.locator(".md button.cite").first
    cite.click()
    panel = page.locator("#source-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#source-title")).not_to_be_empty()
    expect(panel).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    medvirkning.get_by_text("Rediger teksten").click()
    medvirkning.get_by_role("textbox").fill(f"{OWN_TEXT} [1]")
    medvirkning.get_by_role("button", name="Lagre teksten").click()
    expect(page.locator("#draft-status")).to_have_text("Lagret som versjon 2.")
    expect(medvirkning.locator(".md")).to_contain_text(OWN_TEXT)
    expect(medvirkning.locator(".edited")).to_contain_text("Redigert av lokal")

    framdrift = page.locator("#section-framdrift")
    framdrift.get_by_role("button", name="Skriv denne delen på nytt").click()
    expect(page.locator("#draft-status")).to_have_text("Utkastet er klart.", timeout=TIMEOUT)
    expect(medvirkning.locator(".md")).to_contain_text(OWN_TEXT)
    assert "utkast=" in page.url

    page.reload()
    expect(medvirkning.locator(".md")).to_contain_text(OWN_TEXT, timeout=TIMEOUT)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned Word (.docx)").click()
    document = docx.Document(download.value.path())
    assert any(p.text == OWN_TEXT for p in document.paragraphs)  # [1] became a footnote

    page.get_by_text("Versjoner", exact=True).click()
    versions = page.locator(".versions-list li")
    expect(versions).to_have_count(3)
    expect(versions.first).to_contain_text("«Framdriftsplan» skrevet på nytt")
    assert axe_violations(page) == []
    screenshot(page, "drafts-saved")

    page.goto(f"{live_server}/utkast")
    expect(page.locator("#draft-result")).to_be_hidden()
    saved = page.locator("#saved-list button").filter(has_text="Lagreby").first
    saved.click()
    expect(medvirkning.locator(".md")).to_contain_text(OWN_TEXT, timeout=TIMEOUT)
    expect(page.locator("#draft-title")).to_contain_text("Lagreby")

    medvirkning.get_by_role("button", name="Skriv denne delen på nytt").click()
    expect(page.locator("#draft-status")).to_contain_text("Teksten din ligger i versjon 3")
    expect(medvirkning.locator(".md")).not_to_contain_text(OWN_TEXT)
    page.get_by_text("Versjoner", exact=True).click()
    edit_line = page.locator(".versions-list li").filter(has_text="«Medvirkning» redigert")
    edit_line.get_by_role("button", name="Hent fram bare «Medvirkning»").click()
    expect(page.locator("#draft-status")).to_have_text(
        "Versjon 2 er hentet fram og lagret som versjon 5."
    )
    expect(medvirkning.locator(".md")).to_contain_text(OWN_TEXT)

    framdrift.get_by_text("Rediger teksten").click()
    framdrift.get_by_role("textbox").fill("Ikke lagret ennå.")
    medvirkning.get_by_text("Rediger teksten").click()
    medvirkning.get_by_role("textbox").fill("Andre lagring.")
    medvirkning.get_by_role("button", name="Lagre teksten").click()
    expect(page.locator("#draft-status")).to_have_text("Lagret som versjon 6.")
    expect(framdrift.get_by_role("textbox")).to_have_value("Ikke lagret ennå.")  # not lost
