"""The staff claim API: annotate, edit with versions, cite, and the workflow endpoints."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, FactCheck, ReviewEvent
from tests.claims import helpers
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_user(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


def test_create_from_a_quote_proposes_the_fact(api, editor):
    article = helpers.article(editor)
    response = api(editor).post(
        "/api/v1/claims/",
        {"article": article.pk, "quote": "more than a thousand kilometers"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert article.body[data["start"] : data["end"]] == data["exact"]
    assert data["exact"] == "more than a thousand kilometers"
    assert (data["status"], data["version"]) == ("draft", 1)
    assert (data["unit"], data["hedge"], data["value_low"], data["value_high"]) == (
        "m",
        "more_than",
        1_000_000,
        None,
    )
    assert data["prefix"].endswith("share a border of ")


def test_create_from_offsets_with_overrides(api, editor):
    article = helpers.article(editor)
    start = article.body.index("More than 40%")
    response = api(editor).post(
        "/api/v1/claims/",
        {
            "article": article.pk,
            "start": start,
            "end": start + 13,
            "entity": "Burkina Faso",
            "measure": "territory-outside-state-control",
            "value_low": 41,
            "statement": "Over 40% of the territory is out of state control.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["exact"] == "More than 40%"
    assert data["entity"]["name"] == "Burkina Faso"
    assert data["value_low"] == 41 and data["unit"] == "percent"


def test_the_nth_occurrence_of_a_quote(api, editor):
    article = helpers.article(editor, body="Mali said yes. Then Mali said no. Mali said nothing.")
    response = api(editor).post(
        "/api/v1/claims/",
        {"article": article.pk, "quote": "Mali said", "occurrence": 3},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["start"] == article.body.rindex("Mali said")


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"quote": "not in the article at all"}, "not in the article"),
        ({"start": 5, "end": 100000}, "outside the article"),
        ({"start": 10, "end": 5}, "outside the article"),
        ({}, "start and end, or the quote"),
        ({"quote": "Mali", "occurrence": 9}, "does not occur 9 times"),
        ({"quote": "Burkina", "value_low": 5, "value_high": 1}, "reversed"),
        ({"quote": "Burkina", "unit": "furlongs"}, "Unknown unit"),
        ({"quote": "Burkina", "entity": "Atlantis"}, "Unknown entity"),
        ({"quote": "Burkina", "hedge": "roughly"}, "hedge"),
    ],
)
def test_bad_claims_get_a_clear_400(api, editor, payload, message):
    article = helpers.article(editor)
    response = api(editor).post(
        "/api/v1/claims/", {"article": article.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error["message"] or message in str(error["detail"])
    assert not Claim.objects.exists()


def test_patch_needs_the_current_version(api, editor):
    claim = helpers.draft(editor)
    client = api(editor)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"version": 1, "claimant": "officials"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"version": 1, "claimant": "someone"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert stale.json()["error"]["detail"]["current_version"] == 2
    missing = client.patch(f"/api/v1/claims/{claim.pk}/", {"claimant": "x"}, format="json")
    assert missing.status_code == 400
    claim.refresh_from_db()
    assert claim.claimant == "officials"


def test_citations_attach_references_and_articles(api, editor):
    claim = helpers.draft(editor)
    other = helpers.article(editor, body="Officials say 41% of the land is contested.")
    client = api(editor)
    by_url = client.post(
        f"/api/v1/claims/{claim.pk}/citations/",
        {
            "stance": "supports",
            "url": "https://stats.example/t",
            "title": "Report",
            "publisher": "Ministry",
            "kind": "official_statistics",
            "quote": "40.2%",
        },
        format="json",
    )
    assert by_url.status_code == 201, by_url.json()
    by_article = client.post(
        f"/api/v1/claims/{claim.pk}/citations/",
        {"stance": "context", "article": other.pk},
        format="json",
    )
    assert by_article.status_code == 201
    bad = client.post(
        f"/api/v1/claims/{claim.pk}/citations/", {"stance": "maybe", "title": "x"}, format="json"
    )
    assert bad.status_code == 400
    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert [(c["stance"], c["source"]["title"]) for c in detail["citations"]] == [
        ("supports", "Report"),
        ("context", "Borders"),
    ]


def test_the_workflow_endpoints(api, editor, reviewer):
    claim = helpers.draft(editor)
    ed, rev = api(editor), api(reviewer)
    ed.post(
        f"/api/v1/claims/{claim.pk}/citations/",
        {"stance": "supports", "url": "https://stats.example/a", "title": "A"},
        format="json",
    )
    v = ed.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": 1, "rating": "true", "summary": "Yes."},
        format="json",
    ).json()["version"]
    submitted = ed.post(f"/api/v1/claims/{claim.pk}/submit/", {"version": v}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"
    v = submitted.json()["version"]

    sent_back = rev.post(
        f"/api/v1/claims/{claim.pk}/request-changes/", {"version": v}, format="json"
    )
    assert sent_back.status_code == 400  # the comment is required
    sent_back = rev.post(
        f"/api/v1/claims/{claim.pk}/request-changes/",
        {"version": v, "comment": "Add the source's date."},
        format="json",
    )
    assert sent_back.json()["status"] == "draft"
    v = ed.post(
        f"/api/v1/claims/{claim.pk}/submit/",
        {"version": sent_back.json()["version"]},
        format="json",
    ).json()["version"]

    own = ed.post(f"/api/v1/claims/{claim.pk}/approve/", {"version": v}, format="json")
    assert own.status_code == 403
    approved = rev.post(f"/api/v1/claims/{claim.pk}/approve/", {"version": v}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "verified"
    v = approved.json()["version"]
    again = rev.post(f"/api/v1/claims/{claim.pk}/approve/", {"version": v}, format="json")
    assert again.status_code == 409

    reopened = ed.post(f"/api/v1/claims/{claim.pk}/reopen/", {"version": v}, format="json")
    assert reopened.json()["status"] == "draft"
    assert FactCheck.objects.published().filter(claim_id=claim.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_give_one_factcheck(editor, reviewer, reviewer2):
    claim = helpers.ready_for_review(editor)
    reviewers = [reviewer, reviewer2]

    def approve(i: int) -> int:
        client = APIClient()
        client.force_authenticate(reviewers[i % 2])
        response = client.post(
            f"/api/v1/claims/{claim.pk}/approve/", {"version": claim.version}, format="json"
        )
        return response.status_code

    statuses = at_once(approve, [(i,) for i in range(50)])

    assert sorted(statuses) == [200] + [409] * 49
    assert FactCheck.objects.filter(claim=claim).count() == 1
    assert ReviewEvent.objects.filter(claim=claim, action="approve").count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_consumers_and_outsiders_see_only_verified_claims(api, editor, reviewer, outsider):
    draft = helpers.draft(editor)
    published = helpers.ready_for_review(
        editor,
        quote="more than a thousand kilometers",
        body=helpers.BODY + " Another sentence.",
    )
    api(reviewer).post(
        f"/api/v1/claims/{published.pk}/approve/", {"version": published.version}, format="json"
    )
    listed = api(outsider).get("/api/v1/claims/").json()
    ids = [item["id"] for item in listed["results"]]
    assert published.pk in ids and draft.pk not in ids
    # Outsiders get the consumers' view: the published verdict, not the working claim.
    (item,) = listed["results"]
    assert item["retracted"] is False and item["version"] == 1
    assert item["rating"] == {"value": "mostly_true", "label": "Mostly true"}
    assert item["quote"] == "more than a thousand kilometers"
    assert "status" not in item and "author" not in item
    detail = api(outsider).get(f"/api/v1/claims/{published.pk}/").json()
    assert detail == {**item, "corroborations": [], "conflicts": []}
    assert api(outsider).get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    assert api(outsider).post("/api/v1/claims/", {}, format="json").status_code == 403
    assert api().get("/api/v1/claims/").status_code in (401, 403)
