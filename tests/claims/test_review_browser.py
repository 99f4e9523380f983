"""A reviewer approves a claim from the review queue, in headless Chromium."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, FactCheck
from sources.services import article_import

pytestmark = pytest.mark.browser

BODY = "Burkina and Côte d’Ivoire share a border of nearly 600 kilometers, officials said."


def _claim_in_review(editor) -> Claim:
    article = article_import(method="text", text=BODY, title="Border", user=editor).article
    claim = services.claim_create(
        article_id=article.pk, author=editor, quote="a border of nearly 600 kilometers"
    )
    services.citation_add(
        claim_id=claim.pk,
        actor=editor,
        stance="supports",
        url="https://stats.example/borders",
        title="Border lengths",
        kind="official_statistics",
    )
    claim = services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="true",
        summary="The border is about 584 km long.",
    )
    return services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)


def test_a_reviewer_approves_from_the_queue(page_as, editor, reviewer):
    claim = _claim_in_review(editor)
    page = page_as(reviewer)
    page.goto("/review/")
    item = page.locator(f"#claim-{claim.pk}")
    assert "a border of nearly 600 kilometers" in item.locator(".context mark").inner_text()
    assert "Border lengths" in item.inner_text()

    item.locator("button[value=approve]").click()
    page.wait_for_selector("ul.messagelist li.success")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED
    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.version, factcheck.rating, factcheck.approved_by) == (1, "true", reviewer)
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
