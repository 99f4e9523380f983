"""Public fact-check pages: no credentials, only published verdicts, cacheable."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from defusedxml import ElementTree

from claims import services
from claims.models import Claim, FactCheck
from claims.publishing.api import public
from tests.claims import helpers
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.django_db

SLUG = "more-than-40-of-burkinas-territory-is-outside-state-control"


def json_ld(response) -> dict:
    (script,) = re.findall(
        rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S
    )
    return json.loads(script)


def test_a_published_fact_check_has_a_public_page(client, consumer, published):
    review = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/").json()
    response = client.get(review["url"])  # no credentials
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    text = response.content.decode()
    assert published.statement in text
    assert "Mostly true" in text and "Official figures put it at 40% or more." in text
    assert "Territorial control report" in text
    assert json_ld(response) == review  # the page's JSON-LD is the API's ClaimReview
    assert review["url"] == f"http://testserver/fact-checks/{published.pk}/{SLUG}/"


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_claims_are_not_reachable(client, editor, status):
    claim = helpers.draft(editor) if status == "draft" else helpers.ready_for_review(editor)
    assert claim.status == status
    for url in (
        f"/fact-checks/{claim.pk}/x/",
        f"/fact-checks/{claim.pk}/",
        "/fact-checks/999999/x/",
    ):
        assert client.get(url).status_code == 404, url
    assert str(claim.pk) not in client.get("/sitemap.xml").content.decode()
    assert claim.statement not in client.get("/fact-checks/").content.decode()


def test_a_retracted_fact_check_answers_410_with_the_notice(client, reviewer, published):
    services.claim_retract(
        claim_id=published.pk, version=published.version, actor=reviewer, reason="Wrong figures."
    )
    response = client.get(f"/fact-checks/{published.pk}/{SLUG}/")
    assert response.status_code == 410
    text = response.content.decode()
    assert "This fact-check was retracted" in text and "Wrong figures." in text
    assert "Official figures put it at 40% or more." not in text  # not the verdict
    assert "application/ld+json" not in text
    assert f"/fact-checks/{published.pk}/" not in client.get("/sitemap.xml").content.decode()


def test_another_slug_redirects_to_the_current_address(client, published):
    for url in (f"/fact-checks/{published.pk}/", f"/fact-checks/{published.pk}/old-words/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == f"/fact-checks/{published.pk}/{SLUG}/"


def test_corrections_show_every_version(client, editor, reviewer, published):
    claim = services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    claim = services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=editor, rating="misleading"
    )
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    response = client.get(f"/fact-checks/{published.pk}/{SLUG}/")
    assert response.status_code == 200
    rows = re.findall(r"<tr><td>(\d)</td><td>([^<]+)</td>", response.content.decode())
    assert rows == [("1", "Mostly true"), ("2", "Misleading")]
    assert json_ld(response)["version"] == 2


def test_reopening_changes_nothing_on_the_page(client, editor, published):
    before = client.get(f"/fact-checks/{published.pk}/{SLUG}/").content
    claim = services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=editor, summary="Unreviewed words."
    )
    Claim.objects.filter(pk=claim.pk).update(claimant="Someone else")
    public.forget_watermark()
    after = client.get(f"/fact-checks/{published.pk}/{SLUG}/")
    assert after.status_code == 200
    assert after.content == before


def test_pages_are_cacheable(client, editor, reviewer, published):
    url = f"/fact-checks/{published.pk}/{SLUG}/"
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    index = client.get("/fact-checks/")
    assert client.get("/fact-checks/", HTTP_IF_NONE_MATCH=index["ETag"]).status_code == 304
    # any published change revalidates: a new verdict elsewhere
    bulk_verified(1, editor=editor, reviewer=reviewer)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get("/fact-checks/", HTTP_IF_NONE_MATCH=index["ETag"]).status_code == 200


def test_the_page_escapes_what_the_staff_wrote(client, editor, reviewer):
    claim = helpers.ready_for_review(editor)
    payload = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & more"
    Claim.objects.filter(pk=claim.pk).update(summary=payload, claimant=payload)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    response = client.get(f"/fact-checks/{claim.pk}/{SLUG}/")
    text = response.content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text
    assert text.count("</script>") == 1  # only the JSON-LD's own end
    assert json_ld(response)["reviewBody"] == payload


def test_the_index_filters_and_pages(client, editor, reviewer, settings):
    settings.NEWSDESK_PUBLIC_PAGE_SIZE = 2
    bulk_verified(3, editor=editor, reviewer=reviewer, rating="false")
    later = datetime(2024, 2, 1, tzinfo=UTC)
    bulk_verified(1, editor=editor, reviewer=reviewer, rating="true", entity="Mali", start=later)
    helpers.draft(editor)

    def titles(response) -> list[str]:
        assert response.status_code == 200, response.content
        return re.findall(
            r'<li><a href="/fact-checks/\d+/[\w-]+/">([^<]+)</a>', response.content.decode()
        )

    assert titles(client.get("/fact-checks/")) == ["Statement 0", "Statement 2"]
    assert titles(client.get("/fact-checks/", {"page": 2})) == ["Statement 1", "Statement 0"]
    assert titles(client.get("/fact-checks/", {"rating": "false"})) == [
        "Statement 2",
        "Statement 1",
    ]
    assert titles(client.get("/fact-checks/", {"rating": "true"})) == ["Statement 0"]
    assert titles(client.get("/fact-checks/", {"subject": "mali"})) == ["Statement 0"]
    assert titles(client.get("/fact-checks/", {"subject": "burkina-faso", "page": 2})) == [
        "Statement 0"
    ]
    assert "4 fact-checks" in client.get("/fact-checks/").content.decode()
    assert client.get("/fact-checks/", {"page": 9}).status_code == 404


@pytest.mark.parametrize(
    "params, message",
    [
        ({"rating": "pants-on-fire"}, "Unknown rating"),
        ({"subject": "atlantis"}, "There is no subject"),
        ({"page": "two"}, "whole number"),
    ],
)
def test_bad_index_parameters_say_what_is_wrong(client, published, params, message):
    response = client.get("/fact-checks/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_sitemap_lists_every_published_page(client, editor, reviewer, published):
    claims = bulk_verified(2, editor=editor, reviewer=reviewer)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {loc.text for loc in root.iter(f"{ns}loc")}
    assert locs == {
        f"http://testserver/fact-checks/{published.pk}/{SLUG}/",
        *(f"http://testserver/fact-checks/{c.pk}/statement-{i}/" for i, c in enumerate(claims)),
    }
    for loc in locs:
        assert client.get(loc).status_code == 200


def test_pages_answer_only_reads(client, published):
    assert client.post(f"/fact-checks/{published.pk}/{SLUG}/").status_code == 405
    assert FactCheck.objects.count() == 1
