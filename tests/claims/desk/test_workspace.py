"""The claim workspace: a claim's whole fact-check on one page, through the services."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimComment, Conflict, FactCheck, ReviewEvent
from newsdesk.common.errors import InvalidInput
from tests import factories
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(claim) -> str:
    return reverse("claim-workspace", args=[claim.pk])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def fill(claim, **extra):
    return {
        "version": claim.version,
        "rating": "mostly_true",
        "summary": "Official figures put it at 40% or more.",
        "cite_url": "https://stats.example/territory",
        "cite_title": "Territorial control report",
        "cite_stance": "supports",
        **extra,
    }


def test_the_page_shows_the_quote_in_its_paragraph_and_the_fact_in_words(editor):
    claim = helpers.draft(editor)
    response = client_for(editor).get(url(claim))
    assert response.status_code == 200
    page = text_of(response)
    assert "More than 40% of Burkina’s territory is outside state control" in page
    assert "affected by numerous deadly attacks" in page  # the paragraph around it
    assert "more than 40%" in page  # the value in words
    assert "Before submitting, this still needs: a rating, a summary, at least one citation" in (
        page
    )
    assert 'id="ws-submit"' in response.content.decode()


def test_save_cite_and_submit_in_one_go(editor):
    claim = helpers.draft(editor)
    response = client_for(editor).post(url(claim), fill(claim, then="submit"))
    assert response.status_code == 302 and response["Location"] == url(claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert (claim.rating, claim.summary) == (
        "mostly_true",
        "Official figures put it at 40% or more.",
    )
    (citation,) = claim.citations.select_related("source")
    assert (citation.stance, citation.source.url) == ("supports", "https://stats.example/territory")
    actions = list(claim.events.values_list("action", flat=True))
    assert actions == ["create", "edit", "cite", "submit"]


def test_cite_an_imported_article_or_a_document(editor):
    claim = helpers.draft(editor)
    other = helpers.article(editor, body="The ministry counts 2 million displaced people.")
    desk = client_for(editor)
    desk.post(url(claim), {"version": claim.version, "cite_article": other.pk})
    claim.refresh_from_db()
    desk.post(
        url(claim),
        {
            "version": claim.version,
            "cite_title": "Annual security report 2022",
            "cite_publisher": "Ministry of Defence",
            "cite_kind": "report",
            "cite_stance": "context",
            "cite_locator": "p. 12",
        },
    )
    sources = [(c.source.article_id, c.source.title, c.stance) for c in claim.citations.all()]
    assert sources == [
        (other.pk, other.title, "supports"),
        (None, "Annual security report 2022", "context"),
    ]


def test_an_incomplete_claim_cannot_be_submitted_and_nothing_typed_is_lost(editor):
    claim = helpers.draft(editor)
    response = client_for(editor).post(
        url(claim), {"version": claim.version, "rating": "false", "then": "submit"}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Submitting needs a summary, at least one citation." in page
    assert "saved" in page  # the rating was saved before the refusal
    claim.refresh_from_db()
    assert (claim.status, claim.rating) == (Claim.Status.DRAFT, "false")
    with pytest.raises(InvalidInput) as refused:
        services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    assert refused.value.detail == {"missing": ["a summary", "at least one citation"]}


def test_a_bad_value_keeps_the_form_as_typed(editor):
    claim = helpers.draft(editor)
    response = client_for(editor).post(
        url(claim),
        fill(claim, value_low="forty", then="submit"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a number" in text_of(response)
    assert 'value="forty"' in body and 'value="https://stats.example/territory"' in body
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.version == 1
    assert not claim.citations.exists()


def test_a_stale_page_is_refused(editor):
    claim = helpers.draft(editor)
    services.claim_update(claim_id=claim.pk, version=1, actor=editor, claimant="officials")
    response = client_for(editor).post(url(claim), fill(claim, then="submit"))  # version 1
    assert response.status_code == 409
    assert "changed since you opened it" in text_of(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.rating == ""


def test_return_with_a_comment_then_fix_and_resubmit(editor, reviewer, reviewer2):
    claim = helpers.ready_for_review(editor)
    back = client_for(reviewer).post(
        reverse("claim-decide", args=[claim.pk]),
        {"decision": "request_changes", "version": claim.version, "comment": "Cite the report."},
    )
    assert back.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    page = client_for(editor).get(url(claim))
    text = text_of(page)
    assert "Returned for changes" in text and "Cite the report." in text
    assert text.index("Cite the report.") < text.index("The quote in its paragraph")
    inbox = text_of(client_for(editor).get(reverse("inbox")))
    returned = inbox[inbox.index("Returned to me") : inbox.index("My drafts")]
    assert f"#{claim.pk}" in returned and "Cite the report." in returned

    client_for(editor).post(url(claim), fill(claim, summary="Now with the report.", then="submit"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert "Returned for changes" not in text_of(client_for(editor).get(url(claim)))

    own = client_for(editor).post(
        reverse("claim-decide", args=[claim.pk]), {"decision": "approve", "version": claim.version}
    )
    assert own.status_code == 403
    approved = client_for(reviewer2).post(
        reverse("claim-decide", args=[claim.pk]), {"decision": "approve", "version": claim.version}
    )
    assert approved.status_code == 302
    assert FactCheck.objects.get(claim=claim).approved_by == reviewer2


def test_approving_over_an_open_conflict_asks_for_confirmation(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    other = helpers.draft(editor, body=helpers.BODY + " Other.")
    a, b = sorted([claim.pk, other.pk])
    Conflict.objects.create(claim_a_id=a, claim_b_id=b, kind=Conflict.Kind.VALUE)
    desk = client_for(reviewer)
    decide = reverse("claim-decide", args=[claim.pk])
    first = desk.post(decide, {"decision": "approve", "version": claim.version})
    assert first.status_code == 409
    assert "open conflict" in text_of(first) and 'name="over_conflicts"' in first.content.decode()
    assert not FactCheck.objects.exists()
    second = desk.post(
        decide, {"decision": "approve", "version": claim.version, "over_conflicts": "1"}
    )
    assert second.status_code == 302
    assert FactCheck.objects.filter(claim=claim).exists()


def test_retract_and_reopen(editor, reviewer):
    claim = helpers.publish(editor, reviewer)
    decide = reverse("claim-decide", args=[claim.pk])
    refused = client_for(reviewer).post(decide, {"decision": "retract", "version": claim.version})
    assert refused.status_code == 400 and "reason" in text_of(refused)
    client_for(editor).post(decide, {"decision": "reopen", "version": claim.version})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert FactCheck.objects.published().filter(claim=claim).count() == 1


def test_comments(editor, reviewer):
    claim = helpers.draft(editor)
    comment = reverse("claim-comment", args=[claim.pk])
    blank = client_for(editor).post(comment, {"comment_body": "  "})
    assert blank.status_code == 400 and "Write the comment first" in text_of(blank)
    assert 'value="percent"' in blank.content.decode()  # the claim's form is still whole
    client_for(reviewer).post(comment, {"comment_body": "Which year are the figures from?"})
    client_for(editor).post(comment, {"comment_body": "2022, from the report."})
    assert list(ClaimComment.objects.values_list("author__username", "body")) == [
        ("reviewer", "Which year are the figures from?"),
        ("editor", "2022, from the report."),
    ]
    page = text_of(client_for(editor).get(url(claim)))
    assert page.index("Which year are the figures from?") < page.index("2022, from the report.")


def test_the_history_reads_in_words(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    services.claim_request_changes(
        claim_id=claim.pk, version=claim.version, reviewer=reviewer, comment="Add the date."
    )
    text = text_of(client_for(editor).get(url(claim)))
    history = text[text.index("History") :]
    editor_name = editor.get_full_name() or editor.username
    reviewer_name = reviewer.get_full_name() or reviewer.username
    assert f"{editor_name} created the claim" in history
    assert "changed the rating from nothing to Mostly true" in history
    assert "added a citation (supports)" in history
    assert f"{reviewer_name} sent it back for changes: “Add the date.”" in history
    assert "{" not in history  # no raw JSON


def test_a_reviewer_cannot_edit_a_draft_fact(editor, reviewer):
    claim = helpers.draft(editor)
    response = client_for(reviewer).post(url(claim), {"version": 1, "value_low": "12"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.value_low == 40 and claim.version == 1


def test_an_unknown_claim_is_a_404(editor):
    assert client_for(editor).get("/claims/999999/").status_code == 404


def _grow(editor, reviewer, claim, n):
    for i in range(n):
        services.comment_add(claim_id=claim.pk, author=reviewer, body=f"Note {i}.")
        services.citation_add(
            claim_id=claim.pk,
            actor=editor,
            stance="context",
            url=f"https://e.example/{i}",
            title=f"Source {i}",
        )


def test_the_workspace_runs_a_fixed_number_of_queries(
    editor, reviewer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = helpers.draft(editor)
    big = helpers.draft(editor, body=helpers.BODY + " Big.")
    _grow(editor, reviewer, big, 8)
    desk = client_for(editor)
    desk.get(url(small))  # warm the per-process caches
    counts = []
    for claim in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert desk.get(url(claim)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    print(f"\nworkspace queries: {counts}")
    with django_assert_max_num_queries(25):
        desk.get(url(big))


def test_the_inbox_runs_a_fixed_number_of_queries(editor, reviewer, reviewer2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer.groups.add(*editor.groups.all())  # one person who writes and reviews
    desk = client_for(reviewer)
    counts = []
    for n in (1, 6):
        for i in range(n):
            c = helpers.ready_for_review(reviewer, body=helpers.BODY + f" {n}-{i} a.")
            services.claim_request_changes(
                claim_id=c.pk, version=c.version, reviewer=reviewer2, comment="More."
            )
            helpers.draft(reviewer, body=helpers.BODY + f" {n}-{i} b.")
            helpers.ready_for_review(editor, body=helpers.BODY + f" {n}-{i} c.")
        with CaptureQueriesContext(connection) as queries:
            response = desk.get(reverse("inbox"))
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    print(f"\ninbox queries: {counts}")
    assert counts[1] <= 12
    text = text_of(response)
    assert text.count("“More.”") == 7
    assert ReviewEvent.objects.filter(action="request_changes").count() == 7


def test_conflicts_corroborations_and_proposals_are_shown_and_triage_is_one_click_away(
    editor, reviewer
):
    from claims.conflicts import detection

    mine = helpers.ready_for_review(editor)
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
    flag = Conflict.objects.get()
    page = client_for(reviewer).get(url(mine))
    text = text_of(page)
    section = text[text.index("Conflicts and corroborations") : text.index("Comments")]
    assert f"#{other.pk}" in section and "Value mismatch" in section
    assert f"This claim says more than 40%; #{other.pk} says about 33.3%" in section
    assert f"/conflicts/{flag.pk}/" in page.content.decode()  # the triage page
    assert 'name="over_conflicts"' in page.content.decode()  # approval asks first
    inbox = text_of(client_for(editor).get(reverse("inbox")))
    conflicts = inbox[inbox.index("Conflicts on my claims") :]
    assert f"#{mine.pk}" in conflicts and f"#{other.pk}" in conflicts


def test_corroborations_and_same_fact_proposals_with_one_click(
    editor, reviewer, django_capture_on_commit_callbacks
):
    from claims.facts.selectors import same_fact_candidates
    from claims.models import ClaimLink

    def claim(text: str, **fact) -> Claim:
        article = helpers.article(editor, body=text, title="Burkina Faso")
        with django_capture_on_commit_callbacks(execute=True):
            return services.claim_create(
                article_id=article.pk, author=editor, quote=text, fact=fact
            )

    a = claim("More than 40% of Burkina is outside state control.")
    b = claim("About 45% of Burkina is outside state control.")
    # Another measure for the same figure: proposed as possibly the same fact.
    c = claim(
        "More than 40 percent of Burkina's territory is outside government control.",
        measure=factories.measure("territory-controlled").pk,
    )
    assert [p.pk for p in same_fact_candidates(a)] == [c.pk]
    desk = client_for(reviewer)
    text = text_of(desk.get(url(a)))
    section = text[text.index("Conflicts and corroborations") : text.index("Comments")]
    assert f"Agrees with #{b.pk}" in section
    proposals = section[section.index("Possibly the same fact") :]
    assert f"#{c.pk}" in proposals
    response = desk.post(
        reverse("desk-same-fact", args=[a.pk]), {"other": c.pk, "same": "0", "next": url(a)}
    )
    assert response.status_code == 302 and response["Location"] == url(a)
    assert ClaimLink.objects.get().same is False
    assert "Possibly the same fact" not in text_of(desk.get(url(a)))


def test_the_admin_claim_page_leads_to_the_workspace(editor):
    claim = helpers.draft(editor)
    page = client_for(editor).get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert f'href="{url(claim)}"' in page.content.decode()
