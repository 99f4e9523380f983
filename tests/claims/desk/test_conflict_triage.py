"""Conflict triage on the conflict's page, approving over a high-severity conflict, and the
friendly error pages and navigation of the desk."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.conflicts import detection
from claims.models import Claim, Conflict, Entity, FactCheck
from newsdesk.common.errors import Conflict as ConflictError
from tests import factories
from tests.claims import helpers

TERRITORY = "territory-outside-state-control"
TRIAGE_QUERY_BOUND = 8  # 6 measured: session, user, groups, the flag with both claims, messages
# Measured: 13 queries with one claim waiting (one is the paginator's count), 27 with three
# (the queue is per claim: its conflicts, corroborations and same-fact proposals; a page
# holds QUEUE_PAGE_SIZE claims); the error pages 3.
REVIEW_QUEUE_BASE = 6  # with the paginator's count
REVIEW_QUEUE_PER_CLAIM = 7
ERROR_PAGE_BOUND = 4


def _claim(outlet: str, low, high, *, hedge: str = "", **fields) -> Claim:
    article = factories.ArticleFactory(
        outlet=factories.OutletFactory(name=outlet, domain=f"{outlet.lower()}.example"),
        published_at=datetime(2021, 5, 3, tzinfo=UTC),
        title=f"Burkina report by {outlet}",
    )
    entity = Entity.objects.get_or_create(name="Burkina Faso", defaults={"kind": "country"})[0]
    return factories.ClaimFactory(
        article=article,
        entity=entity,
        measure=factories.measure(TERRITORY),
        unit="percent",
        value_low=low,
        value_high=high,
        hedge=hedge,
        scope_start=date(2021, 5, 3),
        scope_end=date(2021, 5, 3),
        **fields,
    )


@pytest.fixture
def flag(db) -> Conflict:
    """A value conflict found by the real sweep: "more than 40%" against "about 30–36%"."""
    _claim("Reuters", 40.0, None, hedge="more_than")
    _claim("AFP", 30.3, 36.7, hedge="about")
    detection.conflict_sweep_all(shards=1)
    return Conflict.objects.get(kind=Conflict.Kind.VALUE)


def test_the_page_explains_the_conflict_in_words_and_links_both_claims(client, editor, flag):
    client.force_login(editor)
    response = client.get(reverse("conflict-triage", args=[flag.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert flag.explanation["sentence"].replace("'", "&#x27;") in html
    assert "ranges do not overlap" in html  # the tolerance, said in a sentence
    assert "within 15 days of each other" in html  # the time window
    assert '"fingerprint"' not in html and "relative_gap" not in html  # no raw JSON
    assert "more than 40%" in html  # values through claims/facts/wording.py
    a, b = sorted([flag.claim_a, flag.claim_b], key=lambda c: c.pk)
    assert (
        f"{a.article.outlet.name} (claim #{a.pk}) says more than 40%; "
        f"{b.article.outlet.name} (claim #{b.pk}) says about 33.5%." in html
    )
    for claim_id in (flag.claim_a_id, flag.claim_b_id):
        assert reverse("claim-workspace", args=[claim_id]) in html
    assert reverse("fact-page", args=["burkina-faso", TERRITORY]) in html
    assert 'value="confirm"' in html and 'value="dismiss"' in html and 'value="resolve"' in html


def test_the_page_stays_within_its_query_bound(client, editor, flag):
    client.force_login(editor)
    client.get(reverse("conflict-triage", args=[flag.pk]))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("conflict-triage", args=[flag.pk]))
    assert response.status_code == 200
    assert len(queries) <= TRIAGE_QUERY_BOUND, [q["sql"] for q in queries]


def test_confirm_then_resolve_with_a_note(client, reviewer, flag):
    client.force_login(reviewer)
    url = reverse("conflict-triage", args=[flag.pk])
    response = client.post(url, {"action": "confirm", "note": "Both quote the ministry."})
    assert response.status_code == 302 and response["Location"] == url
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (Conflict.Status.CONFIRMED, reviewer)
    page = client.get(url).content.decode()
    assert f"Conflict #{flag.pk} confirmed." in page
    assert 'value="confirm"' not in page  # confirmed already; dismiss or resolve remain

    client.post(url, {"action": "resolve", "note": "AFP corrected its figure."})
    flag.refresh_from_db()
    assert flag.status == Conflict.Status.RESOLVED
    assert flag.note == "Both quote the ministry.\nAFP corrected its figure."
    page = client.get(url).content.decode()
    assert "AFP corrected its figure." in page and "nothing more to decide" in page
    assert 'id="triage-form"' not in page


def test_dismissing_without_a_reason_is_refused_and_keeps_the_page(client, editor, flag):
    client.force_login(editor)
    url = reverse("conflict-triage", args=[flag.pk])
    response = client.post(url, {"action": "dismiss", "note": "   "})
    assert response.status_code == 400
    assert "a note is required to dismiss it" in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == Conflict.Status.OPEN

    response = client.post(url, {"action": "dismiss", "note": "Different definitions."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.note) == (Conflict.Status.DISMISSED, "Different definitions.")


def test_a_refused_decision_keeps_what_was_typed(client, editor, flag):
    client.force_login(editor)
    url = reverse("conflict-triage", args=[flag.pk])
    response = client.post(url, {"action": "explode", "note": "My careful note"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose confirm, dismiss or resolve." in html and "My careful note" in html
    flag.refresh_from_db()
    assert flag.status == Conflict.Status.OPEN


def test_a_missing_conflict_gets_the_friendly_404(client, editor, db):
    client.force_login(editor)
    response = client.get(reverse("conflict-triage", args=[999999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing at this address" in html
    assert reverse("dashboard") in html  # what to do instead
    response = client.post(reverse("conflict-triage", args=[999999]), {"action": "resolve"})
    assert response.status_code == 404


def test_outsiders_are_told_what_they_may_do(client, outsider, flag):
    outsider.save()
    client.force_login(outsider)
    response = client.get(reverse("conflict-triage", args=[flag.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert "Ask an administrator to add you to the Editors or Reviewers group." in html


# --- Approving over a high-severity conflict ----------------------------------------------


@pytest.fixture
def high_flag(editor, reviewer):
    """A claim in review with an open high-severity conflict against a published one."""
    published = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=published.pk, version=published.version, reviewer=reviewer)
    in_review = helpers.ready_for_review(editor, body=helpers.BODY + " Again.")
    a, b = sorted([published.pk, in_review.pk])
    flag = Conflict.objects.create(
        claim_a_id=a,
        claim_b_id=b,
        kind=Conflict.Kind.VERDICT,
        severity=Conflict.Severity.HIGH,
        explanation={"sentence": "The two claims got different verdicts."},
    )
    in_review.refresh_from_db()
    return in_review, flag


def test_the_service_refuses_without_the_override(high_flag, reviewer2):
    claim, flag = high_flag
    with pytest.raises(ConflictError) as refused:
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer2)
    assert refused.value.code == "open_conflict"
    assert refused.value.detail == {"conflicts": [flag.pk]}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW and not FactCheck.objects.filter(claim=claim)

    services.claim_approve(
        claim_id=claim.pk, version=claim.version, reviewer=reviewer2, override_conflicts=True
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_a_low_or_closed_conflict_does_not_stop_approval(high_flag, reviewer2):
    claim, flag = high_flag
    Conflict.objects.filter(pk=flag.pk).update(status=Conflict.Status.DISMISSED)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer2)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED


def test_the_review_queue_asks_for_confirmation(client, high_flag, reviewer2):
    claim, flag = high_flag
    client.force_login(reviewer2)
    page = client.get(reverse("review-queue")).content.decode()
    assert 'name="override_conflicts"' in page and "approve anyway" in page
    assert reverse("conflict-triage", args=[flag.pk]) in page
    assert reverse("claim-workspace", args=[claim.pk]) in page  # the number is a link

    decide = reverse("review-decide", args=[claim.pk])
    client.post(decide, {"decision": "approve", "version": claim.version})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    page = client.get(reverse("review-queue")).content.decode()
    assert "open high-severity conflict" in page

    client.post(
        decide, {"decision": "approve", "version": claim.version, "override_conflicts": "1"}
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_the_api_takes_the_override_flag(session, high_flag, reviewer2):
    claim, _flag = high_flag
    api = session(reviewer2)
    url = f"/api/v1/claims/{claim.pk}/approve/"
    response = api.post(url, {"version": claim.version}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "open_conflict"
    response = api.post(url, {"version": claim.version, "override_conflicts": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_the_admin_action_refuses_and_points_to_the_queue(client, high_flag, reviewer2):
    claim, _flag = high_flag
    reviewer2.is_staff = True
    reviewer2.save()
    client.force_login(reviewer2)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert "which asks you to confirm" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


# --- The navigation and the friendly 403 ---------------------------------------------------


def test_an_editor_sees_no_review_queue_link_and_a_friendly_403(client, editor):
    client.force_login(editor)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="nav-dashboard"' in page and 'id="nav-review"' not in page
    response = client.get(reverse("review-queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "The review queue is for reviewers." in html
    assert "(editor)" in html and reverse("dashboard") in html
    assert "Submit a claim for review" in html


def test_a_reviewer_sees_the_review_queue_and_dashboard_links(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("fact-index")).content.decode()
    assert f'href="{reverse("review-queue")}"' in page
    assert f'href="{reverse("dashboard")}"' in page


# --- Query bounds of the pages this part changed ----------------------------------------


def _queries(client, url: str, status: int = 200) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status
    return len(queries)


def test_the_review_queue_grows_by_a_fixed_number_of_queries_per_claim(
    client, editor, reviewer2, high_flag
):
    client.force_login(reviewer2)
    one = _queries(client, reverse("review-queue"))
    for n in range(2):
        helpers.ready_for_review(editor, body=helpers.BODY + f" More {n}.")
    three = _queries(client, reverse("review-queue"))
    assert one <= REVIEW_QUEUE_BASE + REVIEW_QUEUE_PER_CLAIM
    assert three - one <= 2 * REVIEW_QUEUE_PER_CLAIM


def test_the_friendly_error_pages_stay_within_their_bound(client, editor):
    client.force_login(editor)
    forbidden = _queries(client, reverse("review-queue"), status=403)
    missing = _queries(client, "/no/such/page/", status=404)
    assert forbidden <= ERROR_PAGE_BOUND and missing <= ERROR_PAGE_BOUND


def test_the_workspace_passes_the_reviewer_s_tick_to_the_service(client, high_flag, reviewer2):
    claim, flag = high_flag
    Conflict.objects.filter(pk=flag.pk).update(status=Conflict.Status.CONFIRMED)
    client.force_login(reviewer2)
    page = client.get(reverse("claim-workspace", args=[claim.pk])).content.decode()
    assert 'name="over_conflicts"' in page  # a confirmed high conflict asks too
    decide = reverse("claim-decide", args=[claim.pk])
    client.post(decide, {"decision": "approve", "version": claim.version})
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    client.post(decide, {"decision": "approve", "version": claim.version, "over_conflicts": "1"})
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED


def test_the_review_queue_and_dashboard_are_not_stored_by_caches(client, reviewer):
    client.force_login(reviewer)
    for name in ("review-queue", "dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


def test_the_review_queue_is_paginated_and_its_queries_do_not_grow_with_the_queue(
    client, editor, reviewer2, monkeypatch
):
    from claims.desk import review

    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 3)
    claims = [
        helpers.ready_for_review(editor, body=helpers.BODY + f" Queue {n}.") for n in range(4)
    ]
    client.force_login(reviewer2)
    url = reverse("review-queue")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert [f'id="claim-{c.pk}"' in first for c in claims] == [True, True, True, False]
    assert [f'id="claim-{c.pk}"' in second for c in claims] == [False, False, False, True]
    assert "Page 2 of 2 (4 claims in review)" in second and 'rel="prev"' in second
    assert client.get(url, {"page": "junk"}).status_code == 200  # a bad page number: page 1
    four = _queries(client, url)
    for n in range(5):
        helpers.ready_for_review(editor, body=helpers.BODY + f" More queue {n}.")
    assert _queries(client, url) == four  # still one page of three
    assert four <= REVIEW_QUEUE_BASE + 3 * REVIEW_QUEUE_PER_CLAIM
