"""Reads of the facts wing: the desk's vocabularies, and the claims that state one fact."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from claims.facts.extraction import AliasIndex
from claims.facts.identity import Resources
from claims.facts.matching import RETRACTED, FactView, matches
from claims.facts.measures import MeasureInfo, MeasureVocabulary
from claims.facts.places import place_index
from claims.models import Claim, ClaimLink, Entity, EntityAlias, Measure, MeasureCue

# A cheap digest of the vocabularies: identity rebuilds its indexes only when it changes.
_VOCABULARY_VERSION_SQL = """
SELECT (SELECT count(*) || '.' || coalesce(sum(hashtext(normalised || entity_id)), 0)
          FROM claims_entityalias),
       (SELECT count(*) || '.' || coalesce(sum(hashtext(normalised || language || measure_id)), 0)
          FROM claims_measurecue),
       (SELECT coalesce(max(updated_at)::text, '') FROM claims_measure),
       (SELECT coalesce(max(updated_at)::text, '') FROM claims_entity)
"""
_cached: dict[str, Any] = {}
# Trigram similarity (0..1) from which a claim is proposed as possibly the same fact.
SIMILAR = 0.3


def alias_index() -> AliasIndex:
    """An AliasIndex over every entity alias (a few thousand rows at most)."""
    return AliasIndex(EntityAlias.objects.values_list("alias", "entity__name"))


def measure_info(measure: Measure) -> MeasureInfo:
    return MeasureInfo(
        measure.pk, measure.slug, measure.name, measure.dimension, measure.kind, measure.subject
    )


def measure_vocabulary() -> MeasureVocabulary:
    """Every measure's cue phrases (and its name, which announces it too)."""
    measures = {m.pk: measure_info(m) for m in Measure.objects.all()}
    cues = [
        (measures[measure_id], phrase, language)
        for measure_id, phrase, language in MeasureCue.objects.values_list(
            "measure_id", "phrase", "language"
        )
    ]
    cues += [(info, info.name, "en") for info in measures.values()]
    return MeasureVocabulary(cues)


def identity_resources() -> Resources:
    """The vocabularies identity reads with, rebuilt when an alias, cue or measure changes."""
    with connection.cursor() as cursor:
        cursor.execute(_VOCABULARY_VERSION_SQL)
        version = cursor.fetchone()
    if _cached.get("version") != version:
        kinds = dict(Entity.objects.values_list("name", "kind"))
        countries = dict(
            Entity.objects.filter(kind=Entity.Kind.COUNTRY)
            .exclude(code="")
            .values_list("code", "name")
        )
        _cached["resources"] = Resources(
            aliases=alias_index(),
            places=place_index(),
            measures=measure_vocabulary(),
            entity_kinds=kinds,
            country_names=countries,
        )
        _cached["version"] = version
    return _cached["resources"]


# --------------------------------------------------------------------------- same fact


def links_of(claim_ids: list[int], *, as_claim_a: bool = False) -> dict[tuple[int, int], bool]:
    """Editors' links of these claims: (claim_a, claim_b) -> the same fact or not. With
    `as_claim_a`, only the links whose claim_a is one of them (a sweep's batch)."""
    if not claim_ids:
        return {}
    condition = Q(claim_a__in=claim_ids)
    if not as_claim_a:
        condition |= Q(claim_b__in=claim_ids)
    rows = ClaimLink.objects.filter(condition).values_list("claim_a_id", "claim_b_id", "same")
    return {(a, b): same for a, b, same in rows}


def _window() -> int:
    return settings.NEWSDESK_CONFLICT_WINDOW_DAYS


@overload
def same_fact_claims(claim: Claim, *, with_links: Literal[False] = ...) -> list[Claim]: ...
@overload
def same_fact_claims(claim: Claim, *, with_links: Literal[True]) -> list[tuple[Claim, bool]]: ...
def same_fact_claims(claim: Claim, *, with_links: bool = False) -> list[Any]:
    """The other claims (not retracted) that state the same fact as `claim`: its identity
    matches theirs, or an editor linked them; never those an editor called different.
    Ordered by their article's publication. With `with_links`, (claim, linked) pairs."""
    fact = FactView.from_obj(claim)
    links = {(b if a == claim.pk else a): same for (a, b), same in links_of([claim.pk]).items()}
    linked_same = [other for other, same in links.items() if same]
    condition = Q(pk__in=linked_same)
    key = fact.blocking_key
    if key is not None:
        # One index lookup: claims_claim_blocking_key on (entity_id, measure_id, unit).
        condition |= Q(entity_id=key[0], measure_id=key[1], unit=key[2])
    others = (
        Claim.objects.filter(condition)
        .exclude(pk=claim.pk)
        .exclude(status=RETRACTED)
        .exclude(pk__in=[other for other, same in links.items() if not same])
        .select_related("article__outlet", "measure", "entity")
        .order_by("article__published_at", "id")
    )
    window = _window()
    found = []
    for other in others:
        linked = other.pk in links
        if linked or matches(fact, FactView.from_obj(other), window_days=window):
            found.append((other, linked) if with_links else other)
    return found


def same_fact_candidates(claim: Claim, *, limit: int = 5) -> list[Claim]:
    """Claims that may state the same fact though their identity differs, for an editor to
    link or not: the same subject (or the same article), a figure of the same dimension,
    times that overlap; the most alike first (trigram similarity of the quotes, served by
    claims_claim_statement_trgm's neighbour on `exact`)."""
    if not (claim.exact or claim.statement).strip():
        return []
    already = {other.pk for other in same_fact_claims(claim)}
    already |= {b if a == claim.pk else a for a, b in links_of([claim.pk])}
    near = Q(article_id=claim.article_id)
    if claim.entity_id is not None:
        near |= Q(entity_id=claim.entity_id)
    queryset: QuerySet[Claim] = Claim.objects.filter(near).exclude(pk=claim.pk)
    queryset = queryset.exclude(status=RETRACTED).exclude(pk__in=already)
    if claim.unit:
        queryset = queryset.filter(unit=claim.unit)  # the same dimension, in the same unit
    elif claim.event_start is not None:
        queryset = queryset.filter(event_start__isnull=False)
    if claim.scope_start is not None and claim.scope_end is not None:
        window = timedelta(days=_window())
        queryset = queryset.filter(
            Q(scope_end__isnull=True) | Q(scope_end__gte=claim.scope_start - window),
            Q(scope_start__isnull=True) | Q(scope_start__lte=claim.scope_end + window),
        )
    text = claim.exact or claim.statement
    ranked = (
        queryset.annotate(
            similarity=Greatest(
                TrigramSimilarity("exact", text), TrigramSimilarity("statement", text)
            )
        )
        .filter(similarity__gte=SIMILAR)
        .select_related("article__outlet", "measure", "entity")
        .order_by("-similarity", "id")
    )
    return list(ranked[:limit])
