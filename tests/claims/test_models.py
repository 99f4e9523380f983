"""Invariants the database itself enforces."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from claims.models import Claim, Conflict, FactCheck, ReviewEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_duplicate_body_is_refused():
    article = factories.ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ArticleFactory(body=article.body)


def test_an_empty_body_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ArticleFactory(body="", content_hash="x" * 64)


def test_a_reversed_conflict_pair_is_refused():
    a, b = factories.ClaimFactory(), factories.ClaimFactory()
    low, high = sorted([a, b], key=lambda c: c.pk)
    Conflict.objects.create(claim_a=low, claim_b=high, kind=Conflict.Kind.VALUE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(claim_a=high, claim_b=low, kind=Conflict.Kind.DATE)


def test_a_conflict_pair_is_flagged_once_per_kind():
    a, b = sorted([factories.ClaimFactory(), factories.ClaimFactory()], key=lambda c: c.pk)
    Conflict.objects.create(claim_a=a, claim_b=b, kind=Conflict.Kind.VALUE)
    Conflict.objects.create(claim_a=a, claim_b=b, kind=Conflict.Kind.VERDICT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(claim_a=a, claim_b=b, kind=Conflict.Kind.VALUE)


@pytest.mark.parametrize(
    "field, value",
    [("status", "published"), ("rating", "pants_on_fire"), ("hedge", "roughly")],
)
def test_choices_are_constrained_in_the_database(field, value):
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**{field: value})


def test_a_reversed_value_interval_is_refused():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(value_low=10, value_high=5)


def _event():
    claim = factories.ClaimFactory()
    return ReviewEvent.objects.create(claim=claim, actor=claim.author, action="create")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE claims_reviewevent SET comment = 'rewritten' WHERE id = %s",
        "DELETE FROM claims_reviewevent WHERE id = %s",
    ],
)
def test_review_events_refuse_raw_sql_update_and_delete(sql):
    event = _event()
    with (
        pytest.raises(DatabaseError, match=r"Cannot (update|delete)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.comment == ""


def test_review_events_refuse_orm_update_and_delete():
    event = _event()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        ReviewEvent.objects.filter(pk=event.pk).update(action="approve")
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        event.delete()
    assert ReviewEvent.objects.filter(pk=event.pk, action="create").exists()


def _factcheck():
    claim = factories.ClaimFactory()
    approver = factories.UserFactory()
    return FactCheck.objects.create(
        claim=claim,
        version=1,
        rating="false",
        summary="No.",
        statement=claim.statement,
        author=claim.author,
        approved_by=approver,
        approved_at=timezone.now(),
    )


def test_a_published_factcheck_cannot_change_its_verdict():
    factcheck = _factcheck()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        FactCheck.objects.filter(pk=factcheck.pk).update(rating="true")
    with (
        pytest.raises(DatabaseError, match="pgtrigger"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM claims_factcheck WHERE id = %s", [factcheck.pk])
    factcheck.refresh_from_db()
    assert factcheck.rating == "false"


def test_a_factcheck_can_be_retracted_once_only():
    factcheck = _factcheck()
    FactCheck.objects.filter(pk=factcheck.pk).update(
        retracted_at=timezone.now(), retraction_reason="Wrong figures"
    )
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        FactCheck.objects.filter(pk=factcheck.pk).update(retraction_reason="Something else")
    factcheck.refresh_from_db()
    assert factcheck.retraction_reason == "Wrong figures"


def test_nobody_publishes_their_own_factcheck():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FactCheck.objects.create(
            claim=claim,
            version=1,
            rating="true",
            summary="Yes.",
            statement="s",
            author=claim.author,
            approved_by=claim.author,
            approved_at=timezone.now(),
        )
