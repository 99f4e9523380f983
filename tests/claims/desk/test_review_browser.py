"""A reviewer approves a claim from the review queue, in headless Chromium."""

from __future__ import annotations

import pytest

from claims.models import Claim, FactCheck
from tests.claims import helpers

pytestmark = pytest.mark.browser

BODY = "Burkina and Côte d’Ivoire share a border of nearly 600 kilometers, officials said."


def _claim_in_review(editor) -> Claim:
    return helpers.ready_for_review(editor, quote="a border of nearly 600 kilometers", body=BODY)


def test_a_reviewer_approves_from_the_queue(page_as, editor, reviewer):
    claim = _claim_in_review(editor)
    page = page_as(reviewer)
    page.goto("/review/")
    item = page.locator(f"#claim-{claim.pk}")
    assert "a border of nearly 600 kilometers" in item.locator(".context mark").inner_text()
    assert "Territorial control report" in item.inner_text()

    item.locator("button[value=approve]").click()
    page.wait_for_selector("ul.messagelist li.success")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED
    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.version, factcheck.rating, factcheck.approved_by) == (
        1,
        "mostly_true",
        reviewer,
    )
    assert page.locator(f"#claim-{claim.pk}").count() == 0


def test_the_author_cannot_approve_their_own_claim(page_as, editor, reviewer):
    editor.groups.add(reviewer.groups.first())  # an editor who also reviews
    claim = _claim_in_review(editor)
    page = page_as(editor)
    page.goto("/review/")
    item = page.locator(f"#claim-{claim.pk}")
    assert "another reviewer must approve it" in item.inner_text()
    assert item.locator("button[value=approve]").count() == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
