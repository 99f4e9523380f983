"""Reads for `claims` that are more than a one-line queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from claims.models import Citation, Claim, Conflict
from newsdesk.common import roles


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    """Staff see every claim; anyone else sees verified ones only."""
    queryset = Claim.objects.select_related("article__outlet", "entity", "measure", "author")
    if roles.is_staff_member(user):
        return queryset
    return queryset.verified()


def claim_detail(*, claim_id: int, user: Any) -> Claim:
    return (
        claims_visible_to(user)
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source__article")),
        )
        .get(pk=claim_id)
    )


def review_queue(*, user: Any) -> QuerySet[Claim]:
    """Claims awaiting review, oldest first, with what a reviewer reads beside them."""
    return (
        Claim.objects.in_review()
        .select_related("article__outlet", "entity", "measure", "author")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source__article"))
        )
        .order_by("created_at", "id")
    )


def high_conflicts_of(claim_id: int) -> list[Conflict]:
    """The claim's unresolved (open or confirmed) high-severity conflicts, oldest first:
    approving over them needs an explicit confirmation."""
    return list(
        Conflict.objects.involving(claim_id)
        .filter(
            severity=Conflict.Severity.HIGH,
            status__in=[Conflict.Status.OPEN, Conflict.Status.CONFIRMED],
        )
        .order_by("id")
    )
