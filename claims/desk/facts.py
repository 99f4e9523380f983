"""Fact pages: every claim of one fact (a subject and a measure) across outlets and time —
the timeline chart, the conflicts and corroborations among them, the articles. Addressed by
names, not ids: `/facts/burkina-faso/people-displaced/`. Staff only."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from claims.conflicts.admin import admin_url
from claims.conflicts.selectors import relations_among
from claims.desk.permissions import staff_member_required
from claims.facts.timeline import TimelinePoint, render_timeline_svg
from claims.facts.wording import describe_value
from claims.models import Claim, Conflict, Entity, Measure

FACT_MAX_CLAIMS = 300
INDEX_SHOWN = 40


def fact_url(claim: Claim) -> str:
    """The fact page of a claim ("" when its subject or measure is unknown)."""
    if claim.entity_id is None or claim.measure_id is None:
        return ""
    return reverse("fact-page", args=[claim.entity.slug, claim.measure.slug])


@staff_member_required
def fact_index(request: HttpRequest) -> HttpResponse:
    """Find a fact by its subject's name and its measure; the facts with most claims."""
    subject = request.GET.get("subject", "").strip()
    measure_slug = request.GET.get("measure", "").strip()
    error = ""
    if subject or measure_slug:
        entity = (
            Entity.objects.filter(Q(name__iexact=subject) | Q(aliases__alias__iexact=subject))
            .distinct()
            .first()
        )
        measure = Measure.objects.filter(slug=measure_slug).first()
        if entity is not None and measure is not None:
            return redirect("fact-page", entity.slug, measure.slug)
        error = "Choose a subject the desk knows and a measure."
    # The facts with most claims: claims_claim_blocking_key serves the grouping.
    busiest = (
        Claim.objects.exclude(entity=None)
        .exclude(measure=None)
        .values("entity__name", "entity__slug", "measure__name", "measure__slug")
        .annotate(claims=Count("id"))
        .order_by("-claims", "entity__name", "measure__name")[:INDEX_SHOWN]
    )
    context = {
        **admin.site.each_context(request),
        "title": "Facts",
        "subject": subject,
        "measure_slug": measure_slug,
        "measures": Measure.objects.order_by("name").values_list("slug", "name"),
        "busiest": busiest,
        "error": error,
    }
    return render(request, "claims/fact_index.html", context, status=400 if error else 200)


@staff_member_required
def fact_page(request: HttpRequest, entity_slug: str, measure_slug: str) -> HttpResponse:
    """One fact: its claims on a chart and in a table, conflicts, corroborations, articles."""
    entity = get_object_or_404(Entity, slug=entity_slug)
    measure = get_object_or_404(Measure, slug=measure_slug)
    event = request.GET.get("event", "").strip()
    # Served by claims_claim_blocking_key (entity_id, measure_id[, unit]).
    queryset = Claim.objects.filter(entity=entity, measure=measure).exclude(
        status=Claim.Status.RETRACTED
    )
    if event:
        queryset = queryset.filter(Q(event__iexact=event) | Q(event=""))
    claims = list(
        queryset.select_related("article__outlet", "measure", "entity").order_by(
            "scope_end", "article__published_at", "id"
        )[:FACT_MAX_CLAIMS]
    )
    ids = [c.pk for c in claims]
    # Open or confirmed flags among them (the unique (claim_a, ...) index, claims_conflict_claim_b).
    flags = list(
        Conflict.objects.filter(
            claim_a_id__in=ids,
            claim_b_id__in=ids,
            status__in=[Conflict.Status.OPEN, Conflict.Status.CONFIRMED],
        ).order_by("-detected_at")
    )
    conflicting = {c for flag in flags for c in (flag.claim_a_id, flag.claim_b_id)}
    corroborations = relations_among(claims)
    units = Counter(c.unit for c in claims if c.value_low is not None or c.value_high is not None)
    unit = units.most_common(1)[0][0] if units else ""
    points = [
        p
        for p in (_point(c, conflicting=c.pk in conflicting) for c in claims if c.unit == unit)
        if p is not None
    ]
    by_id = {c.pk: c for c in claims}
    rows = [
        {
            "claim": claim,
            "value": describe_value(claim),
            "url": admin_url("claims_claim_change", claim.pk),
            "conflicting": claim.pk in conflicting,
        }
        for claim in claims
    ]
    articles = {c.article_id: c.article for c in claims}
    context = {
        **admin.site.each_context(request),
        "title": f"{entity.name} — {measure.name}",
        "entity": entity,
        "measure": measure,
        "event": event,
        "events": sorted({c.event for c in claims if c.event}),
        "rows": rows,
        "svg": mark_safe(  # noqa: S308 - the builder escapes every text it writes
            render_timeline_svg(points, title=f"{entity.name} — {measure.name}", unit=unit)
        )
        if points
        else "",
        "unit": unit,
        "conflicts": [
            {
                "flag": flag,
                "a": by_id[flag.claim_a_id],
                "b": by_id[flag.claim_b_id],
                "url": reverse("conflict-triage", args=[flag.pk]),
                "sentence": (flag.explanation or {}).get("sentence", ""),
            }
            for flag in flags
        ],
        "corroborations": [(by_id[a], by_id[b]) for a, b in corroborations],
        "articles": sorted(
            articles.values(), key=lambda a: (a.published_at is None, a.published_at)
        ),
        "truncated": len(claims) == FACT_MAX_CLAIMS,
    }
    return render(request, "claims/fact.html", context)


def _point(claim: Claim, *, conflicting: bool) -> TimelinePoint | None:
    """The claim on the chart: at its time scope, else its article's publication date."""
    if claim.value_low is None and claim.value_high is None:
        return None
    start, end = claim.scope_start, claim.scope_end
    if start is None and end is None:
        published = claim.article.published_at
        if published is None:
            return None
        start = end = published.date()
    when = start or end
    outlet = claim.article.outlet.name if claim.article.outlet else "(no outlet)"
    return TimelinePoint(
        claim_id=claim.pk,
        when=when,
        until=end if start and end and end > start else None,
        low=claim.value_low,
        high=claim.value_high,
        outlet=outlet,
        label=claim.statement[:160],
        conflicting=conflicting,
    )
