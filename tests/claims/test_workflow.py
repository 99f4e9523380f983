"""The review workflow through the services: rules, audit trail, notifications."""

from __future__ import annotations

import pytest
from django.core import mail

from claims import services
from claims.models import Claim, FactCheck, ReviewEvent
from newsdesk.common.errors import Conflict, InvalidInput, NotAllowed
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def test_the_happy_path_publishes_a_factcheck_and_records_every_step(
    editor, reviewer, django_capture_on_commit_callbacks
):
    claim = helpers.ready_for_review(editor)
    with django_capture_on_commit_callbacks(execute=True):
        factcheck = services.claim_approve(
            claim_id=claim.pk, version=claim.version, reviewer=reviewer
        )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED
    assert (factcheck.version, factcheck.rating, factcheck.approved_by) == (
        1,
        "mostly_true",
        reviewer,
    )
    assert factcheck.citations[0]["title"] == "Territorial control report"
    assert factcheck.fact["unit"] == "percent"
    actions = list(claim.events.order_by("id").values_list("action", "from_status", "to_status"))
    assert actions == [
        ("create", "", "draft"),
        ("cite", "draft", "draft"),
        ("edit", "draft", "draft"),
        ("submit", "draft", "in_review"),
        ("approve", "in_review", "verified"),
    ]
    edit = claim.events.get(action="edit")
    assert edit.changes["rating"] == ["", "mostly_true"]
    assert edit.actor == editor
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject.startswith("Approved")


def test_nobody_approves_their_own_claim(editor, reviewer):
    editor.groups.add(reviewer.groups.first())
    claim = helpers.ready_for_review(editor)
    with pytest.raises(NotAllowed, match="another reviewer"):
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=editor)
    assert not FactCheck.objects.exists()


def test_only_reviewers_approve(editor, editor2):
    claim = helpers.ready_for_review(editor)
    with pytest.raises(NotAllowed, match="Only reviewers"):
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=editor2)


@pytest.mark.parametrize("missing", ["rating", "summary", "citation"])
def test_approval_needs_rating_summary_and_a_citation(editor, reviewer, missing):
    claim = helpers.draft(editor)
    if missing != "citation":
        services.citation_add(
            claim_id=claim.pk,
            actor=editor,
            stance="supports",
            title="A report",
            url="https://stats.example/r",
        )
    values = {"rating": "true", "summary": "Right."}
    values.pop(missing, None)
    claim.refresh_from_db()
    claim = services.claim_update(claim_id=claim.pk, version=claim.version, actor=editor, **values)
    # Submitting checks what approval will need and says what is missing.
    with pytest.raises(InvalidInput) as refused:
        services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    assert missing in refused.value.message
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_approval_still_checks_a_verdict_blanked_in_review(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    claim = services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=editor, summary=""
    )
    with pytest.raises(InvalidInput) as refused:
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    assert "a summary" in refused.value.message
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


def test_request_changes_needs_a_comment_and_emails_the_author(
    editor, reviewer, django_capture_on_commit_callbacks
):
    claim = helpers.ready_for_review(editor)
    with pytest.raises(InvalidInput, match="needs changing"):
        services.claim_request_changes(
            claim_id=claim.pk, version=claim.version, reviewer=reviewer, comment="  "
        )
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_request_changes(
            claim_id=claim.pk,
            version=claim.version,
            reviewer=reviewer,
            comment="Cite the ministry's own table.",
        )
    assert claim.status == Claim.Status.DRAFT
    event = claim.events.get(action="request_changes")
    assert event.comment == "Cite the ministry's own table." and event.actor == reviewer
    assert "Cite the ministry's own table." in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Changes requested")


def test_a_stale_version_is_refused_and_nothing_is_lost(editor, editor2):
    claim = helpers.draft(editor)
    opened = claim.version
    services.claim_update(claim_id=claim.pk, version=opened, actor=editor, claimant="officials")
    with pytest.raises(Conflict, match="changed since you opened it"):
        services.claim_update(claim_id=claim.pk, version=opened, actor=editor2, claimant="rebels")
    claim.refresh_from_db()
    assert claim.claimant == "officials" and claim.version == opened + 1


def test_reopening_keeps_the_published_verdict_until_a_new_approval(editor, reviewer, reviewer2):
    claim = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    claim.refresh_from_db()
    claim = services.claim_reopen(claim_id=claim.pk, version=claim.version, actor=editor)
    assert claim.status == Claim.Status.DRAFT
    assert FactCheck.objects.published().filter(claim=claim).count() == 1

    claim = services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="true",
        summary="The latest figures confirm it.",
    )
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    second = services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer2)
    assert second.version == 2 and second.rating == "true"
    versions = FactCheck.objects.filter(claim=claim).order_by("version")
    assert [(f.version, f.rating) for f in versions] == [(1, "mostly_true"), (2, "true")]


def test_retraction_needs_a_reason_and_retracts_the_published_verdict(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    claim.refresh_from_db()
    with pytest.raises(InvalidInput):
        services.claim_retract(claim_id=claim.pk, version=claim.version, actor=reviewer, reason="")
    claim = services.claim_retract(
        claim_id=claim.pk, version=claim.version, actor=reviewer, reason="Wrong source."
    )
    assert claim.status == Claim.Status.RETRACTED
    factcheck = FactCheck.objects.get(claim=claim)
    assert factcheck.retracted_at is not None and factcheck.retraction_reason == "Wrong source."
    assert not FactCheck.objects.published().filter(claim=claim).exists()


@pytest.mark.parametrize(
    "action, kwargs",
    [
        (services.claim_submit, {"actor": "editor"}),
        (services.claim_retract, {"actor": "reviewer", "reason": "x"}),
        (services.claim_reopen, {"actor": "editor"}),
    ],
)
def test_transitions_from_the_wrong_status_are_refused(editor, reviewer, action, kwargs):
    claim = helpers.ready_for_review(editor)  # in review: none of these apply
    people = {"editor": editor, "reviewer": reviewer}
    kwargs = {k: people.get(v, v) if k in ("actor",) else v for k, v in kwargs.items()}
    with pytest.raises(Conflict, match="in review"):
        action(claim_id=claim.pk, version=claim.version, **kwargs)
    assert ReviewEvent.objects.filter(claim=claim).count() == 4


def test_a_verified_claim_cannot_be_edited_without_reopening(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    claim.refresh_from_db()
    with pytest.raises(Conflict, match="reopen"):
        services.claim_update(claim_id=claim.pk, version=claim.version, actor=editor, summary="x")
