"""Four-eyes without loopholes: nobody approves a verdict they wrote or changed since it was
last approved. The claim's ReviewEvent history says who touched what."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, FactCheck
from newsdesk.common.errors import NotAllowed
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def _approve(claim: Claim, who) -> FactCheck:
    claim.refresh_from_db()
    return services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=who)


def _refused(claim: Claim, who) -> None:
    with pytest.raises(NotAllowed) as refused:
        _approve(claim, who)
    assert refused.value.code == "changed_by_you"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert not FactCheck.objects.filter(claim=claim, approved_by=who).exists()


def test_a_reviewer_who_changed_the_verdict_in_review_cannot_approve_it(
    editor, reviewer, reviewer2
):
    claim = helpers.ready_for_review(editor)
    services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=reviewer,
        rating="false",
        summary="The reviewer's own verdict.",
    )
    _refused(claim, reviewer)
    factcheck = _approve(claim, reviewer2)  # another pair of eyes may
    assert (factcheck.rating, factcheck.approved_by) == ("false", reviewer2)


def test_a_reviewer_who_added_a_citation_in_review_cannot_approve_it(editor, reviewer):
    claim = helpers.ready_for_review(editor)
    services.citation_add(
        claim_id=claim.pk, actor=reviewer, stance="refutes", url="https://x.example/r", title="R"
    )
    _refused(claim, reviewer)


def test_a_person_with_both_roles_cannot_approve_a_draft_they_rewrote(
    editor, editor_reviewer, reviewer
):
    claim = helpers.ready_for_review(editor)
    claim = services.claim_request_changes(
        claim_id=claim.pk, version=claim.version, reviewer=reviewer, comment="Tighten it."
    )
    claim = services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor_reviewer,
        statement="Rewritten by someone else.",
        rating="true",
    )
    services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor_reviewer)
    _refused(claim, editor_reviewer)
    assert _approve(claim, reviewer).rating == "true"


def test_a_person_with_both_roles_may_approve_what_they_did_not_touch(editor, editor_reviewer):
    claim = helpers.ready_for_review(editor)
    assert _approve(claim, editor_reviewer).approved_by == editor_reviewer


def test_changes_before_the_last_approval_do_not_bar_the_next_round(editor, reviewer, reviewer2):
    claim = helpers.ready_for_review(editor)
    services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=reviewer, summary="Sharper summary."
    )
    _approve(claim, reviewer2)
    claim.refresh_from_db()
    claim = services.claim_reopen(claim_id=claim.pk, version=claim.version, actor=editor)
    claim = services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=editor, summary="Corrected."
    )
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    assert _approve(claim, reviewer).version == 2


def test_a_superuser_who_changed_the_verdict_cannot_approve_it(editor, admin_user_):
    claim = helpers.ready_for_review(editor)
    services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=admin_user_, rating="false"
    )
    _refused(claim, admin_user_)
