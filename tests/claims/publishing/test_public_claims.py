"""GET /api/v1/claims/ for consumers: verified claims only, their published verdicts,
filters, cursor pagination, HTTP revalidation, tombstones, and validated parameters."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Claim
from tests.claims import helpers
from tests.claims.helpers import bulk_verified, publish

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/"
PUBLIC_FIELDS = {
    "id",
    "url",
    "retracted",
    "page",
    "statement",
    "quote",
    "claimant",
    "fact",
    "rating",
    "summary",
    "citations",
    "article",
    "verified_at",
    "version",
    "updated_at",
}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_consumers_get_each_claims_published_verdict(consumer, published):
    (item,) = consumer.get(URL).json()["results"]
    assert set(item) == PUBLIC_FIELDS
    assert item["id"] == published.pk and item["retracted"] is False
    assert item["page"] == (
        f"http://testserver/fact-checks/{published.pk}/"
        "more-than-40-of-burkinas-territory-is-outside-state-control/"
    )
    assert item["quote"] == "More than 40% of Burkina’s territory is outside state control"
    assert item["rating"] == {"value": "mostly_true", "label": "Mostly true"}
    assert item["summary"] == "Official figures put it at 40% or more."
    assert item["fact"]["entity"]["name"] == "Burkina Faso"
    assert item["fact"]["attribute"] == "territory outside state control"
    assert item["fact"]["measure"] == {
        "name": "territory outside state control",
        "slug": "territory-outside-state-control",
    }
    assert (item["fact"]["locality"], item["fact"]["occurrence"]) == ("", "")
    assert item["fact"]["interval"] == {"low": 40.0, "high": None, "hedge": "more_than"}
    assert item["fact"]["unit"] == "percent"
    assert item["fact"]["time_scope"] == {"start": "2022-09-04", "end": "2022-09-04"}
    assert item["citations"] == [
        {
            "title": "Territorial control report",
            "url": "https://stats.example/territory",
            "publisher": "",
            "kind": "official_statistics",
            "stance": "supports",
            "quote": "",
            "locator": "",
        },
    ]
    assert item["article"]["title"] == "Borders"
    assert item["article"]["published_at"] == "2022-09-04T00:00:00Z"
    assert item["version"] == 1 and item["verified_at"].endswith("Z")
    assert item["url"] == f"http://testserver/api/v1/claims/{published.pk}/"
    assert consumer.get(item["url"]).json() == {**item, "corroborations": [], "conflicts": []}


def test_drafts_and_claims_in_review_are_not_public(consumer, outsider, session, editor, published):
    draft = helpers.draft(editor, body=helpers.BODY + " A draft.")
    in_review = helpers.ready_for_review(editor, body=helpers.BODY + " In review.")
    for client in (consumer, session(outsider)):
        assert ids(client.get(URL)) == [published.pk]
        assert client.get(f"{URL}{draft.pk}/").status_code == 404
        assert client.get(f"{URL}{in_review.pk}/").status_code == 404


def test_a_claim_reopened_for_correction_keeps_serving_its_published_verdict(
    consumer, editor, reviewer, published
):
    claim = services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    claim = services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="false",
        summary="Actually wrong.",
        statement="Edited while reopened.",
    )
    (item,) = consumer.get(URL).json()["results"]
    assert (item["version"], item["rating"]["value"]) == (1, "mostly_true")
    assert item["statement"] == published.statement and item["summary"].startswith("Official")

    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    (item,) = consumer.get(URL).json()["results"]
    assert (item["version"], item["rating"]["value"]) == (2, "false")
    assert item["statement"] == "Edited while reopened."


def test_the_status_filter_does_not_reveal_a_reopened_claim(consumer, editor, published):
    """A consumer filtering on status sees the published state: a reopened claim still
    counts as verified, and asking for internal states finds nothing."""
    assert ids(consumer.get(URL, {"status": "verified"})) == [published.pk]
    services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    assert ids(consumer.get(URL, {"status": "verified"})) == [published.pk]
    assert ids(consumer.get(URL, {"status": "draft"})) == []
    assert ids(consumer.get(URL, {"status": "in_review"})) == []


def test_a_retraction_is_a_tombstone_in_an_updated_since_sync(consumer, reviewer, published):
    before = timezone.now() - timedelta(seconds=1)
    services.claim_retract(
        claim_id=published.pk, version=published.version, actor=reviewer, reason="Wrong source."
    )
    assert ids(consumer.get(URL)) == []
    synced = consumer.get(URL, {"updated_since": before.isoformat()}).json()["results"]
    assert synced == [
        {
            "id": published.pk,
            "retracted": True,
            "retracted_at": synced[0]["retracted_at"],
            "version": 1,
            "updated_at": synced[0]["updated_at"],
        },
    ]
    later = consumer.get(
        URL, {"updated_since": (timezone.now() + timedelta(minutes=1)).isoformat()}
    )
    assert ids(later) == []
    gone = consumer.get(f"{URL}{published.pk}/")
    assert gone.status_code == 410
    assert gone.json()["error"]["code"] == "retracted"


@pytest.fixture
def spread(editor, reviewer):
    """Claims over two outlets, two ratings, two entities and two measures."""
    a = bulk_verified(3, editor=editor, reviewer=reviewer, rating="false")
    b = bulk_verified(
        2,
        editor=editor,
        reviewer=reviewer,
        rating="true",
        domain="other.example",
        entity="Mali",
        measure="border-length",
    )
    return a, b


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"rating": "false"}, "a"),
        ({"rating": ["true", "false"]}, "ab"),
        ({"entity": "Mali"}, "b"),
        ({"entity": "mali"}, "b"),
        ({"entity": "Atlantis"}, ""),
        ({"measure": "border-length"}, "b"),
        ({"measure": "border length"}, "b"),
        ({"attribute": "border length"}, "b"),
        ({"outlet": "lefaso.example"}, "a"),
        ({"q": "Statement"}, "ab"),
        ({"q": "elephants"}, ""),
    ],
)
def test_filters(consumer, spread, params, expected):
    a, b = spread
    wanted = {c.pk for group, claims in (("a", a), ("b", b)) if group in expected for c in claims}
    assert set(ids(consumer.get(URL, params))) == wanted


def test_filters_by_ids(consumer, spread):
    a, b = spread
    mali = b[0].entity_id
    assert set(ids(consumer.get(URL, {"entity": mali}))) == {c.pk for c in b}
    assert set(ids(consumer.get(URL, {"article": a[0].article_id}))) == {c.pk for c in a}
    outlet = b[0].article.outlet_id
    assert set(ids(consumer.get(URL, {"outlet": outlet}))) == {c.pk for c in b}


def test_updated_since_returns_changes_only(consumer, spread):
    _, b = spread
    cutoff = timezone.now()
    Claim.objects.filter(pk=b[0].pk).update(updated_at=cutoff + timedelta(seconds=5))
    assert ids(consumer.get(URL, {"updated_since": cutoff.isoformat()})) == [b[0].pk]


def test_cursor_pages_visit_every_claim_once_in_a_stable_order(consumer, editor, reviewer):
    claims = bulk_verified(25, editor=editor, reviewer=reviewer)
    tie = timezone.now()
    Claim.objects.filter(pk__in=[c.pk for c in claims[:12]]).update(updated_at=tie)
    seen: list[int] = []
    response = consumer.get(URL, {"page_size": 7})
    while True:
        seen += ids(response)
        following = response.json()["next"]
        if not following:
            break
        response = consumer.get(following)
    assert sorted(seen) == sorted(c.pk for c in claims)
    assert len(seen) == len(set(seen))
    rows = Claim.objects.filter(pk__in=seen).values_list("updated_at", "id")
    order = {pk: (stamp, pk) for stamp, pk in rows}
    assert seen == sorted(seen, key=lambda pk: order[pk], reverse=True)


def test_the_page_size_is_capped(consumer, editor, reviewer):
    bulk_verified(3, editor=editor, reviewer=reviewer)
    assert len(ids(consumer.get(URL, {"page_size": 200}))) == 3
    assert consumer.get(URL, {"page_size": 201}).status_code == 400


def test_revalidation_with_etag_and_last_modified(consumer, editor, reviewer, published):
    first = consumer.get(URL)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "Authorization" in first["Vary"]

    cached = consumer.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304 and cached.content == b"" and cached["ETag"] == etag
    assert consumer.get(URL, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert consumer.get(URL, {"rating": "true"}, HTTP_IF_NONE_MATCH=etag).status_code == 200

    publish(
        editor,
        reviewer,
        quote="more than a thousand kilometers",
        body=helpers.BODY + " Second story.",
    )
    changed = consumer.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert len(changed.json()["results"]) == 2


def test_detail_revalidation(consumer, reviewer, published):
    url = f"{URL}{published.pk}/"
    etag = consumer.get(url)["ETag"]
    assert consumer.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.claim_retract(
        claim_id=published.pk, version=published.version, actor=reviewer, reason="Wrong."
    )
    assert consumer.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 410


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def test_a_constant_number_of_queries_whatever_the_page_size(consumer, editor, reviewer):
    bulk_verified(60, editor=editor, reviewer=reviewer)
    consumer.get(URL)  # the key is looked up (then cached) and its last use stamped
    counts = {size: _queries(consumer, page_size=size) for size in (1, 10, 50)}
    assert set(counts.values()) == {2}, counts  # the watermark, the page
    synced = {
        size: _queries(
            consumer,
            page_size=size,
            updated_since="2000-01-01T00:00:00Z",
            q="Statement",
            rating="false",
        )
        for size in (1, 10, 50)
    }
    assert set(synced.values()) == {2}, synced
    again = {size: _queries(consumer, page_size=size) for size in (1, 10, 50)}
    assert set(again.values()) == {1}, again  # the same pages again: only the watermark


def test_staff_get_the_working_claims_and_may_ask_for_the_public_view(session, editor, published):
    draft = helpers.draft(editor, body=helpers.BODY + " Draft.")
    staff = session(editor)
    working = staff.get(URL).json()["results"]
    assert {c["id"] for c in working} == {published.pk, draft.pk}
    assert {"status", "exact", "author"} <= set(working[0])
    public = staff.get(URL, {"view": "public"})
    assert ids(public) == [published.pk]
    assert set(public.json()["results"][0]) == PUBLIC_FIELDS
    detail = staff.get(f"{URL}{published.pk}/", {"view": "public"}).json()
    assert set(detail) == PUBLIC_FIELDS | {"corroborations", "conflicts"}


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": _cursor("p=yesterday")}, "cursor"),
        ({"cursor": _cursor("p=2024-01-01\x00")}, "cursor"),
        ({"cursor": _cursor("o=-5")}, "cursor"),
        ({"cursor": "é"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"page_size": "²"}, "page_size"),
        ({"page_size": "99999999999999999999"}, "page_size"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2024-13-45T00:00:00Z"}, "updated_since"),
        ({"rating": "excellent"}, "rating"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"entity": "x" * 201}, "entity"),
        ({"article": "abc"}, "article"),
        ({"article": "99999999999999999999999"}, "article"),
        ({"article": "1.5"}, "article"),
        ({"outlet": "a\x00"}, "outlet"),
        ({"view": "everything"}, "view"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(consumer, published, params, field):
    response = consumer.get(URL, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["detail"]


def test_odd_but_valid_values_are_fine(consumer, published):
    for params in (
        {"entity": "9" * 30},
        {"outlet": "9" * 30},
        {"q": "'\"&|!():*"},
        {"updated_since": "2024-01-01"},
        {"attribute": "é" * 200},
    ):
        assert consumer.get(URL, params).status_code == 200, params


@pytest.mark.parametrize("pk", ["0", "abc", "9" * 30, "-1"])
def test_unknown_claims_are_a_404_in_the_error_shape(consumer, pk):
    response = consumer.get(f"{URL}{pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_watermark_memo_trades_freshness_for_speed(consumer, editor, reviewer, settings):
    bulk_verified(2, editor=editor, reviewer=reviewer)
    settings.NEWSDESK_API_WATERMARK_SECONDS = 60
    etag = consumer.get(URL)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert consumer.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 0  # the key and the watermark both come from memory
    Claim.objects.update(updated_at=timezone.now())
    assert consumer.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304  # up to 60 s late
    settings.NEWSDESK_API_WATERMARK_SECONDS = 0  # exact (the default)
    assert consumer.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_preconditions_about_existence_wait_for_the_resource(consumer, published):
    assert consumer.get(f"{URL}999999/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert consumer.get(URL, {"page_size": 0}, HTTP_IF_NONE_MATCH="*").status_code == 400
    assert consumer.get(f"{URL}{published.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert consumer.get(f"{URL}{published.pk}/", HTTP_IF_MATCH='"other"').status_code == 412
    etag = consumer.get(f"{URL}{published.pk}/")["ETag"]
    assert consumer.get(f"{URL}{published.pk}/", HTTP_IF_MATCH=etag).status_code == 200
