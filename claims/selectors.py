"""Reads for `claims` that are more than a one-line queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from claims.models import Citation, Claim, Conflict, EntityAlias
from newsdesk.common import roles


def alias_index():
    """An AliasIndex over every entity alias (a few thousand rows at most)."""
    from claims.extraction import AliasIndex

    return AliasIndex(EntityAlias.objects.values_list("alias", "entity__name"))


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    """Staff see every claim; anyone else sees verified ones only."""
    queryset = Claim.objects.select_related("article__outlet", "entity", "author")
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
        .select_related("article__outlet", "entity", "author")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source__article"))
        )
        .order_by("created_at", "id")
    )


def conflicts_of(claim: Claim) -> QuerySet[Conflict]:
    return Conflict.objects.involving(claim.pk).select_related(
        "claim_a__article__outlet", "claim_b__article__outlet"
    )


def conflicts_with_other(claim: Claim) -> list[tuple[Claim, Conflict]]:
    """This claim's open and confirmed conflicts, each with the other claim."""
    rows = conflicts_of(claim).filter(status__in=["open", "confirmed"]).order_by("-detected_at")
    return [(c.claim_b if c.claim_a_id == claim.pk else c.claim_a, c) for c in rows]


def corroborations(claim: Claim) -> list[Claim]:
    """Claims elsewhere that state the same fact compatibly (computed on read)."""
    from claims.conflicts import corroborations_of

    return [other for other, _explanation in corroborations_of(claim)]
