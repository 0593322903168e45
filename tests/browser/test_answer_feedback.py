"""Thumbs up or down on an answer in the chat, stored with the question and its sources."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import axe_violations, screenshot

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def test_thumbs_down_with_a_comment_is_stored(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_label("Ditt spørsmål").fill("Hvem skal vedta kommunal planstrategi?")
    page.get_by_role("button", name="Send", exact=True).click()
    answer = page.locator("article.answer").last
    expect(answer.locator("button.cite").first).to_be_visible(timeout=TIMEOUT)
    answer.get_by_label("Kommentar (valgfritt)").fill("Mangler fristen")
    answer.get_by_role("button", name="Ikke nyttig").click()
    expect(answer.get_by_role("status")).to_have_text("Takk! Tilbakemeldingen er lagret.")
    expect(answer.get_by_role("button", name="Ikke nyttig")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert axe_violations(page) == []
    screenshot(page, "answer-feedback")
    stored = httpx.get(f"{live_server}/v1/admin/feedback", params={"rating": "down"}).json()
    mine = [f for f in stored if f["comment"] == "Mangler fristen"]
    assert mine and mine[0]["question"] == "Hvem skal vedta kommunal planstrategi?"
    assert mine[0]["passages"][0]["doc_id"] and mine[0]["conversation"]
