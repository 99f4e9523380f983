"""Public fact-check pages in headless Chromium: readable without an account, and no
accessibility violation that axe-core finds (WCAG 2 A and AA rules and best practices)."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from claims import services
from tests.claims import helpers
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.browser


def _axe_violations(page) -> str:
    results = Axe().run(page)
    return "" if results.violations_count == 0 else results.generate_report()


def test_a_reader_finds_and_reads_a_fact_check(browser, live_server, editor, reviewer):
    bulk_verified(3, editor=editor, reviewer=reviewer, rating="false")
    claim = helpers.publish(editor, reviewer)
    retracted = bulk_verified(1, editor=editor, reviewer=reviewer, entity="Mali")[0]
    services.claim_retract(
        claim_id=retracted.pk, version=retracted.version, actor=reviewer, reason="Misread."
    )
    page = browser.new_page(base_url=live_server.url)
    try:
        page.goto("/fact-checks/")
        assert page.locator("h1").inner_text() == "Fact-checks"
        assert _axe_violations(page) == ""

        page.select_option("#f-rating", "mostly_true")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**rating=mostly_true**")
        links = page.locator("ol.results a")
        assert links.count() == 1
        links.first.click()
        page.wait_for_selector("#rating")
        assert page.locator("h1").inner_text() == claim.statement
        assert page.locator("#rating").inner_text() == "Mostly true"
        assert _axe_violations(page) == ""
        document = json.loads(
            page.locator('script[type="application/ld+json"]').text_content() or "{}"
        )
        assert document["url"] == page.url

        response = page.goto(f"/fact-checks/{retracted.pk}/statement-0/")
        assert response is not None and response.status == 410
        assert "Misread." in page.locator("#retraction").inner_text()
        assert _axe_violations(page) == ""
    finally:
        page.close()


def test_the_accessibility_check_finds_violations(browser):
    page = browser.new_page()
    try:
        page.set_content("<html><body><img src='x.png'><select></select></body></html>")
        report = _axe_violations(page)
        assert "image-alt" in report and "html-has-lang" in report
    finally:
        page.close()
