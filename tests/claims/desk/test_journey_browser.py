"""The desk's whole journey in headless Chromium, counting what the editor has to do.

An editor imports an article, selects a claim, checks its fact, gives a rating, a summary
and a source and submits: at most 10 interactions on at most 2 pages (counted from the
imported article's annotate page; the import itself is counted and reported apart). A
reviewer returns it with a comment; the editor finds it in the inbox with the comment, fixes
and resubmits; another reviewer approves. Each screen is photographed at 1400x900 and at a
390-pixel phone width under tests/artifacts/.

The conflict-triage step belongs to the conflict page (claims/desk/conflicts*.py), built on
another branch; this journey stops at the approval until that page is on main.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from claims.models import Claim, FactCheck, ReviewEvent
from sources.models import Article
from tests.claims.desk.test_annotate_browser import SELECT

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
MAX_INTERACTIONS = 10
MAX_PAGES = 2

BODY = (
    "Burkina Faso and Mali share a border of more than a thousand kilometers, an area "
    "affected by numerous deadly attacks by jihadist groups.\n\n"
    "More than 40% of Burkina’s territory is outside state control, according to official "
    "figures. The army says it has retaken several towns since June."
)
QUOTE = "More than 40% of Burkina’s territory is outside state control"


def shoot(page, name: str, *, fits_a_phone: bool = True) -> None:
    """The page as it is now, at desktop and at phone width (full length)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(ARTIFACTS / f"{name}-1400.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    # What does not fit a phone scrolls sideways: nothing should.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size({"width": 1400, "height": 900})
    assert overflow <= 0 or not fits_a_phone, f"{name} is {overflow}px wider than a phone"


class Counted:
    """A person's interactions with pages (clicks, typing, choices, a text selection) and
    the distinct pages (paths with ids generalised) they happened on."""

    def __init__(self, page):
        self.page = page
        self.interactions = 0
        self.pages: set[str] = set()

    def _count(self) -> None:
        self.interactions += 1
        path = urlparse(self.page.url).path
        self.pages.add(re.sub(r"/\d+/", "/<id>/", path))

    def click(self, selector: str) -> None:
        self._count()
        self.page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self._count()
        self.page.fill(selector, value)

    def choose(self, selector: str, value: str) -> None:
        self._count()
        self.page.select_option(selector, value)

    def select_text(self, quote: str) -> None:
        self._count()
        assert self.page.evaluate(SELECT, quote)


def named(user, first: str, last: str):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


def test_the_whole_journey(page_as, editor, reviewer, reviewer2):
    named(editor, "Esther", "Editor")
    named(reviewer, "Rae", "Reviewer")
    named(reviewer2, "Sam", "Second")

    # The editor imports an article and lands on it, ready to select its claims; the
    # claim's fact, verdict and source go in the side panel and it is submitted from there.
    ed = page_as(editor)
    ed.goto("/admin/sources/article/import/")
    journey = Counted(ed)
    journey.fill("#id_text", BODY)
    journey.fill("#id_title", "Burkina: the territory outside state control")
    journey.click("#import-one input[type=submit]")
    ed.wait_for_selector("#article-text")
    article = Article.objects.get(title="Burkina: the territory outside state control")
    assert urlparse(ed.url).path == f"/admin/sources/article/{article.pk}/annotate/"
    journey.select_text(QUOTE)
    ed.locator("#claim-form[data-ready='1']").wait_for(state="attached")
    assert ed.input_value("#id_hedge") == "more_than"  # the proposed fact, checked by eye
    journey.fill("#id_claimant", "official figures")
    journey.choose("#id_rating", "mostly_true")
    journey.fill("#id_summary", "Official figures put it at 40% or more.")
    journey.fill("#id_cite_url", "https://stats.example/territory")
    journey.fill("#id_cite_title", "Territorial control report")
    shoot(ed, "annotate-panel", fits_a_phone=False)  # the annotate page is restyled elsewhere
    journey.click("#create-submit")
    ed.wait_for_selector("#workspace")
    claim = Claim.objects.get(article=article)
    assert urlparse(ed.url).path == f"/claims/{claim.pk}/"
    assert "more than 40%" in ed.inner_text("#ws-value")
    assert ed.inner_text("#ws-status") == "In review"
    shoot(ed, "workspace-submitted")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert (claim.claimant, claim.rating, claim.hedge) == (
        "official figures",
        "mostly_true",
        "more_than",
    )
    assert claim.citations.get().source.url == "https://stats.example/territory"
    print(
        f"\njourney: import to submission in {journey.interactions} interactions on "
        f"{len(journey.pages)} pages {sorted(journey.pages)}"
    )
    assert journey.interactions <= MAX_INTERACTIONS, journey.interactions
    assert len(journey.pages) <= MAX_PAGES, journey.pages

    # A reviewer finds it in their inbox and sends it back with a comment.
    rev = page_as(reviewer)
    rev.goto("/inbox/")
    shoot(rev, "inbox-reviewer")
    rev.click(f"#inbox-to-review a[href='/claims/{claim.pk}/']")
    rev.wait_for_selector("#ws-request-changes")
    shoot(rev, "workspace-in-review")
    rev.fill("#id_return_comment", "Say which official figures: name the report and its date.")
    rev.click("#ws-request-changes")
    rev.wait_for_selector("ul.messagelist li.success")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT

    # The editor sees it returned, with the comment, in the inbox and on top of the claim.
    ed.goto("/inbox/")
    returned = ed.locator("#inbox-returned")
    assert "Say which official figures" in returned.inner_text()
    assert "Rae Reviewer" in returned.inner_text()
    shoot(ed, "inbox-editor-returned")
    returned.locator(f"a[href='/claims/{claim.pk}/']").click()
    ed.wait_for_selector("#returned")
    assert ed.inner_text("#ws-status") == "Returned for changes"
    assert "Say which official figures" in ed.inner_text("#returned")
    shoot(ed, "workspace-returned")
    ed.fill(
        "#id_summary",
        "The 2022 territorial control report of the national statistics office puts it at "
        "40% or more.",
    )
    ed.click("#ws-submit")
    ed.wait_for_selector("ul.messagelist li.success")
    assert ed.locator("#returned").count() == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    # Another reviewer approves.
    second = page_as(reviewer2)
    second.goto(f"/claims/{claim.pk}/")
    second.click("#ws-approve")
    second.wait_for_selector("ul.messagelist li.success")
    assert second.inner_text("#ws-status") == "Verified"
    history = second.inner_text("#ws-history")
    assert "Rae Reviewer sent it back for changes" in history
    assert "Sam Second approved and published it" in history
    shoot(second, "workspace-verified")
    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.approved_by, factcheck.rating) == (reviewer2, "mostly_true")
    assert factcheck.summary.startswith("The 2022 territorial control report")
    actions = list(claim.events.values_list("action", flat=True))
    assert actions[-4:] == [
        ReviewEvent.Action.REQUEST_CHANGES,
        ReviewEvent.Action.EDIT,
        ReviewEvent.Action.SUBMIT,
        ReviewEvent.Action.APPROVE,
    ]


def test_a_highlight_opens_its_claim(page_as, editor):
    from tests.claims import helpers

    claim = helpers.draft(editor)
    page = page_as(editor)
    page.goto(f"/admin/sources/article/{claim.article_id}/annotate/")
    page.click(f'#article-text mark[data-claim="{claim.pk}"]')
    page.wait_for_selector("#workspace")
    assert urlparse(page.url).path == f"/claims/{claim.pk}/"
    assert page.inner_text("#ws-context mark") == claim.exact


def test_approving_over_an_open_conflict_asks_first(page_as, editor, reviewer):
    from claims import services
    from claims.conflicts import detection
    from tests.claims import helpers

    named(editor, "Esther", "Editor")
    claim = helpers.ready_for_review(editor)
    other = services.claim_create(
        article_id=helpers.article(
            editor,
            body="About a third of Burkina’s territory is outside state control, officials say.",
            title="Another outlet",
        ).pk,
        author=editor,
        quote="About a third of Burkina’s territory is outside state control",
    )
    detection.conflict_check_claim(claim_id=other.pk)
    page = page_as(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    assert f"#{other.pk}" in page.inner_text("#ws-conflicts")
    shoot(page, "workspace-conflict")
    page.click("#ws-approve")
    page.wait_for_selector("ul.messagelist li.error")
    assert "open conflict" in page.inner_text("ul.messagelist")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    page.check("#id_over_conflicts")
    page.click("#ws-approve")
    page.wait_for_selector("ul.messagelist li.success")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED
