"""Reads of conflict flags and of the claims that corroborate or may match a claim."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from claims.conflicts.detection import rules_from_settings
from claims.conflicts.rules import CORROBORATION, compare
from claims.facts.matching import FactView
from claims.facts.selectors import links_of, same_fact_claims
from claims.models import Claim, Conflict


def conflicts_with_claims() -> QuerySet[Conflict]:
    """Flags with both claims, their articles and outlets joined (lists, API, dashboard)."""
    return Conflict.objects.select_related(
        "claim_a__article__outlet",
        "claim_b__article__outlet",
        "claim_a__entity",
        "claim_a__measure",
        "claim_b__entity",
        "claim_b__measure",
        "resolved_by",
    )


def corroborations_of(claim: Claim) -> list[tuple[Claim, dict[str, Any]]]:
    """Claims that state the same fact compatibly, with the explanation of each agreement."""
    fact = FactView.from_obj(claim)
    rules = rules_from_settings()
    found = []
    for other, linked in same_fact_claims(claim, with_links=True):
        result = compare(fact, FactView.from_obj(other), linked=linked, **rules)
        if result is not None and result.kind == CORROBORATION:
            found.append((other, result.explanation))
    return found


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


def fact_relations(claim: Claim, *, verified_only: bool = False) -> dict[str, list[int]]:
    """The ids of the claims that corroborate `claim` and of those it has an open conflict
    with; `verified_only` keeps the verified ones (what consumers may know of)."""
    corroborating = [other for other, _ in corroborations_of(claim)]
    conflicting = [other for other, flag in conflicts_with_other(claim) if flag.status == "open"]
    if verified_only:
        corroborating = [c for c in corroborating if c.status == Claim.Status.VERIFIED]
        conflicting = [c for c in conflicting if c.status == Claim.Status.VERIFIED]
    return {
        "corroborations": sorted(c.pk for c in corroborating),
        "conflicts": sorted({c.pk for c in conflicting}),
    }


def relations_among(claims: list[Claim]) -> list[tuple[int, int]]:
    """The pairs of these claims (one fact's page) that corroborate each other, compared in
    memory (a fact's claims are a few hundred at most)."""
    rules = rules_from_settings()
    facts = [FactView.from_obj(claim) for claim in claims]
    links = links_of([claim.pk for claim in claims])
    pairs = []
    for i, a in enumerate(facts):
        for b in facts[i + 1 :]:
            key = (min(a.id, b.id), max(a.id, b.id))
            linked = links.get(key)
            if linked is False:
                continue
            result = compare(a, b, linked=bool(linked), **rules)
            if result is not None and result.kind == CORROBORATION:
                pairs.append(key)
    return pairs
