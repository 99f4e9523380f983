"""The Atom feed of newly verified claims."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from claims import services
from claims.models import Claim
from tests.claims import helpers
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client) -> list[ElementTree.Element]:
    response = client.get("/feeds/verified.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_newest_verdicts_first_with_rating_summary_and_link(client, editor, reviewer, settings):
    settings.NEWSDESK_CLAIM_PERMALINK = ""
    claims = bulk_verified(3, editor=editor, reviewer=reviewer, rating="false")
    helpers.draft(editor)  # never in the feed
    items = entries(client)
    assert [e.findtext(f"{ATOM}title") for e in items] == [
        "Statement 2",
        "Statement 1",
        "Statement 0",
    ]
    newest = items[0]
    assert newest.findtext(f"{ATOM}summary") == "False: Summary 2"
    link = newest.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/fact-checks/{claims[2].pk}/statement-2/"
    assert newest.find(f"{ATOM}summary").get("type") == "text"
    assert newest.find(f"{ATOM}category").get("term") == "False"
    assert newest.findtext(f"{ATOM}id").endswith(f"/api/v1/claims/{claims[2].pk}/#v1")


def test_entries_link_to_the_public_permalink_when_there_is_one(client, editor, reviewer, settings):
    settings.NEWSDESK_CLAIM_PERMALINK = "https://desk.example/checks/{id}/"
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer)
    (entry,) = entries(client)
    assert entry.find(f"{ATOM}link").get("href") == f"https://desk.example/checks/{claim.pk}/"


def test_corrections_rise_to_the_top_and_retractions_leave(client, editor, reviewer):
    def publish(quote: str, body: str) -> Claim:
        claim = helpers.ready_for_review(editor, quote=quote, body=body)
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
        return Claim.objects.get(pk=claim.pk)

    older = publish("More than 40% of Burkina’s territory", helpers.BODY)
    newer = publish("more than a thousand kilometers", helpers.BODY + " Again.")
    titles = [e.findtext(f"{ATOM}title") for e in entries(client)]
    assert titles == [newer.statement, older.statement]

    claim = services.claim_reopen(claim_id=older.pk, version=older.version, actor=editor)
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    items = entries(client)
    assert [e.findtext(f"{ATOM}title") for e in items] == [older.statement, newer.statement]
    assert items[0].findtext(f"{ATOM}id").endswith("#v2")

    services.claim_retract(
        claim_id=newer.pk, version=newer.version, actor=reviewer, reason="Wrong."
    )
    assert [e.findtext(f"{ATOM}title") for e in entries(client)] == [older.statement]


def test_links_open_the_public_page_without_credentials(client, editor, reviewer, settings):
    settings.NEWSDESK_CLAIM_PERMALINK = ""
    bulk_verified(2, editor=editor, reviewer=reviewer)
    for entry in entries(client):
        response = client.get(entry.find(f"{ATOM}link").get("href"))
        assert response.status_code == 200
        assert entry.findtext(f"{ATOM}title").encode() in response.content


def test_the_summary_is_text_so_readers_never_run_its_markup(client, editor, reviewer):
    """A reader honouring type="html" ran the staff summary's markup; as text, the markup
    is shown as the characters the staff typed, escaped once by XML."""
    claim = helpers.ready_for_review(editor)
    payload = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    Claim.objects.filter(pk=claim.pk).update(summary=payload)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    response = client.get("/feeds/verified.atom")
    (entry,) = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == f"Mostly true: {payload}"
    assert b'type="html"' not in response.content
