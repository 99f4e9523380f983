"""Editing claims and running the workflow from the admin goes through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, FactCheck, ReviewEvent
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def _form(claim: Claim, **changes) -> dict:
    data = {
        "statement": claim.statement,
        "claimant": claim.claimant,
        "entity": claim.entity_id or "",
        "locality": claim.locality,
        "measure": claim.measure_id or "",
        "event": claim.event,
        "value_low": "" if claim.value_low is None else claim.value_low,
        "value_high": "" if claim.value_high is None else claim.value_high,
        "unit": claim.unit,
        "hedge": claim.hedge,
        "event_start": claim.event_start or "",
        "event_end": claim.event_end or "",
        "event_granularity": claim.event_granularity,
        "scope_start": claim.scope_start or "",
        "scope_end": claim.scope_end or "",
        "rating": claim.rating,
        "summary": claim.summary,
        "version": claim.version,
        "quote": "",
    }
    for prefix in ("citations", "factchecks", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_an_edit_in_the_admin_is_versioned_and_audited(client, editor):
    claim = helpers.draft(editor)
    client.force_login(editor)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.post(url, _form(claim, claimant="official figures", value_low="41"))
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert (claim.claimant, claim.value_low, claim.version) == ("official figures", 41, 2)
    edit = claim.events.get(action="edit")
    assert edit.changes["claimant"] == ["", "official figures"]
    assert edit.changes["value_low"] == [40.0, 41.0]


def test_a_stale_admin_form_is_refused_without_losing_the_newer_edit(client, editor, editor2):
    claim = helpers.draft(editor)
    stale = _form(claim, claimant="rebels")
    client.force_login(editor2)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.post(url, _form(claim, claimant="officials"))
    response = client.post(url, stale, follow=True)
    assert "changed since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.claimant == "officials" and claim.version == 2


def test_workflow_actions_from_the_claim_list(client, editor, reviewer):
    claim = helpers.ready_for_review(editor)
    mine = helpers.complete_draft(
        editor, quote="more than a thousand kilometers", body=helpers.BODY + " Again."
    )
    changelist = reverse("admin:claims_claim_changelist")
    client.force_login(editor)
    response = client.post(
        changelist, {"action": "approve", "_selected_action": [claim.pk]}, follow=True
    )
    assert "Only reviewers may approve" in response.content.decode()
    client.post(changelist, {"action": "submit", "_selected_action": [mine.pk]})
    mine.refresh_from_db()
    assert mine.status == Claim.Status.IN_REVIEW

    client.force_login(reviewer)
    client.post(changelist, {"action": "approve", "_selected_action": [claim.pk]})
    assert FactCheck.objects.filter(claim=claim, approved_by=reviewer).exists()
    assert ReviewEvent.objects.filter(claim=claim, action="approve", actor=reviewer).exists()


def test_audit_rows_are_read_only_in_the_admin(client, editor):
    claim = helpers.draft(editor)
    event = claim.events.get()
    client.force_login(editor)
    change = reverse("admin:claims_reviewevent_change", args=[event.pk])
    delete = reverse("admin:claims_reviewevent_delete", args=[event.pk])
    assert client.post(change, {"comment": "rewritten"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.comment == ""
