"""Reads of conflict flags and of the claims that corroborate or may match a claim."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import QuerySet

from claims.conflicts.detection import rules_from_settings
from claims.conflicts.rules import CORROBORATION, RETRACTED, FactView, compare
from claims.models import Claim, Conflict


def conflicts_with_claims() -> QuerySet[Conflict]:
    """Flags with both claims, their articles and outlets joined (lists, API, dashboard)."""
    return Conflict.objects.select_related(
        "claim_a__article__outlet", "claim_b__article__outlet", "claim_a__entity", "resolved_by"
    )


def corroborations_of(claim: Claim) -> list[tuple[Claim, dict[str, Any]]]:
    """Claims that state the same fact compatibly, with the explanation of each agreement."""
    fact = FactView.from_obj(claim)
    key = fact.blocking_key
    if key is None:
        return []
    rules = rules_from_settings()
    # The block is an index lookup on claims_claim_blocking_key.
    block = (
        Claim.objects.in_block(entity_id=key[0], attribute=key[1], unit=key[2])
        .exclude(pk=claim.pk)
        .exclude(status=RETRACTED)
        .select_related("article__outlet")
        .order_by("id")
    )
    found = []
    for other in block:
        result = compare(fact, FactView.from_obj(other), **rules)
        if result is not None and result.kind == CORROBORATION:
            found.append((other, result.explanation))
    return found


def possibly_same_fact(claim: Claim, *, limit: int = 5) -> list[Claim]:
    """Claims of the same entity under another attribute whose statement reads alike.

    Proposed to the editor (who may align the attributes), never flagged.
    """
    if claim.entity_id is None or not claim.statement.strip():
        return []
    candidates = (
        # `statement % text` (pg_trgm's similarity operator, threshold
        # pg_trgm.similarity_threshold = 0.3) is served by the GIN trigram index
        # claims_claim_statement_trgm; entity_id narrows by claims_claim_blocking_key.
        Claim.objects.filter(entity_id=claim.entity_id, statement__trigram_similar=claim.statement)
        .exclude(pk=claim.pk)
        .exclude(attribute=claim.attribute)
        .exclude(status=RETRACTED)
        .annotate(similarity=TrigramSimilarity("statement", claim.statement))
        .select_related("article__outlet")
        .order_by("-similarity", "id")
    )
    return list(candidates[:limit])


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
    return [other for other, _explanation in corroborations_of(claim)]
