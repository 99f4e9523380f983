"""Conflict triage and the friendly 403 in headless Chromium, with screenshots at 1400x900
and at a 390-pixel phone width under tests/artifacts/ (ignored by git)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import Conflict
from tests.claims.desk.test_conflict_triage import flag, high_flag  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def shoot(page, name: str) -> None:
    """Both widths; at the phone's the page must not scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(ARTIFACTS / f"{name}-1400.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{name}: the content is {overflow}px wider than a phone"
    page.set_viewport_size({"width": 1400, "height": 900})


def test_a_conflict_is_confirmed_then_dismissed_from_its_page(page_as, editor, flag):  # noqa: F811
    page = page_as(editor)
    page.goto("/dashboard/")
    page.locator("#open-conflicts a", has_text="Value mismatch").first.click()
    page.wait_for_selector("#triage-form")
    assert page.url.endswith(f"/conflicts/{flag.pk}/")
    explanation = page.locator("#explanation").inner_text()
    assert "ranges do not overlap" in explanation and "{" not in explanation
    assert page.locator("#side-1 .value").inner_text() in ("more than 40%", "about 33.5%")
    assert page.locator(".claim-link").count() == 2 and page.locator("#fact-link").count() == 1
    shoot(page, "conflict-triage-open")

    page.locator("button[value=confirm]").click()
    page.wait_for_selector("ul.messagelist li.success")
    assert page.locator("#conflict-status").inner_text() == "Confirmed"

    # Dismissing needs a reason: the browser's error is shown and the note is kept.
    page.fill("#id_note", "   ")
    page.locator("button[value=dismiss]").click()
    page.wait_for_selector("#triage-error")
    assert "a note is required" in page.locator("#triage-error").inner_text()
    shoot(page, "conflict-triage-refused")
    flag.refresh_from_db()
    assert flag.status == Conflict.Status.CONFIRMED

    page.fill("#id_note", "Reuters counts territory differently.")
    page.locator("button[value=dismiss]").click()
    page.wait_for_selector("ul.messagelist li.success")
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (Conflict.Status.DISMISSED, editor)
    assert "Reuters counts territory differently." in page.locator("#notes").inner_text()
    shoot(page, "conflict-triage-closed")


def test_an_editor_gets_a_friendly_403_and_no_review_queue_link(page_as, editor):
    page = page_as(editor)
    page.goto("/dashboard/")
    assert page.locator("#nav-dashboard").is_visible()
    assert page.locator("#nav-review").count() == 0
    shoot(page, "dashboard-editor")
    response = page.goto("/review/")
    assert response.status == 403
    text = page.locator("#content-main").inner_text()
    assert "This page is not open to you" in text and "The review queue is for reviewers." in text
    assert page.locator("link[href$='claims/desk.css']").count() == 1  # the desk's look
    shoot(page, "forbidden-editor")
    page.locator("#content-main a", has_text="Open the dashboard").click()
    page.wait_for_url("**/dashboard/")


def test_the_queue_asks_before_approving_over_a_high_conflict(page_as, high_flag, reviewer2):  # noqa: F811
    claim, _flag = high_flag
    page = page_as(reviewer2)
    page.goto("/review/")
    item = page.locator(f"#claim-{claim.pk}")
    shoot(page, "review-queue-conflict")
    item.locator("button[value=approve]").click()  # the unticked box stops the form
    assert page.evaluate(
        "document.querySelector('input[name=override_conflicts]:invalid') !== null"
    )
    claim.refresh_from_db()
    assert claim.status == "in_review"
    item.locator("input[name=override_conflicts]").check()
    item.locator("button[value=approve]").click()
    page.wait_for_selector("ul.messagelist li.success")
    claim.refresh_from_db()
    assert claim.status == "verified"
