"""Check my draft in a real browser: from the drafting studio to the check page, upload a
draft with parts left out, read the list (missing and covered), open a cited §."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import axe_violations, screenshot
from tests.drafting.check_drafts import COMPLETE_PLANPROGRAM, docx_bytes, without

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def test_upload_a_draft_and_read_the_checklist(page: Page, live_server: str, tmp_path: Path):
    draft = tmp_path / "mitt-planprogram.docx"
    draft.write_bytes(docx_bytes(without(COMPLETE_PLANPROGRAM, "5 Alternativer")))
    page.goto(f"{live_server}/utkast")
    page.get_by_role("link", name="Sjekk ditt eget utkast").click()
    expect(page.get_by_role("heading", name="Sjekk utkastet ditt", level=1)).to_be_visible()

    page.get_by_label("Fil").set_input_files(str(draft))
    page.get_by_role("button", name="Sjekk utkastet").click()
    result = page.locator("#check-result")
    expect(result).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#check-status")).to_contain_text("1 mangler")
    missing = result.locator("li.status-missing")
    expect(missing).to_have_count(1)
    expect(missing).to_contain_text("Mangler: Si hvilke alternativer som vil bli vurdert.")
    expect(result.locator("li.status-covered").first).to_contain_text("Funnet i 1 Formål")

    missing.locator("button.cite").first.click()
    panel = page.locator("#source-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#source-meta")).to_contain_text("§ 4-1")
    screenshot(page, "check-desktop")
    page.keyboard.press("Escape")
    assert axe_violations(page) == []


def test_a_file_of_another_type_is_refused_on_the_page(page: Page, live_server: str, tmp_path):
    notes = tmp_path / "notater.txt"
    notes.write_text("Formålet med planarbeidet.")
    page.goto(f"{live_server}/utkast/sjekk?lang=en")
    page.get_by_label("File").set_input_files(str(notes))
    page.get_by_role("button", name="Check the draft").click()
    expect(page.locator("#check-status")).to_have_text(
        "This file type is not supported. Choose PDF or DOCX."
    )
