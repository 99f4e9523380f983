"""The desk's dashboard (counts, open conflicts) and a fact's timeline. Staff only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from claims.conflicts.admin import admin_url
from claims.conflicts.selectors import conflicts_with_claims
from claims.facts.timeline import TimelinePoint, render_timeline_svg
from claims.models import Claim, Conflict, Entity, Rating
from newsdesk.common import roles

OPEN_CONFLICTS_SHOWN = 50
TIMELINE_MAX_CLAIMS = 500


def staff_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in non-staff get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not roles.is_staff_member(request.user):
            raise PermissionDenied("Only newsroom staff may see the dashboard.")
        return view(request, *args, **kwargs)

    return wrapped


def _counts(rows, choices) -> list[tuple[str, str, int]]:
    found = {row[0]: row[1] for row in rows}
    return [(value, label, found.get(value, 0)) for value, label in choices]


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Claims by status, verified claims by rating (a draft's proposed rating is not a
    verdict yet), conflicts by status, the newest open conflicts."""
    by_status = _counts(
        Claim.objects.order_by().values_list("status").annotate(n=Count("id")),
        Claim.Status.choices,
    )
    by_rating = _counts(
        Claim.objects.verified()
        .exclude(rating="")
        .order_by()
        .values_list("rating")
        .annotate(n=Count("id")),
        Rating.choices,
    )
    conflict_counts = _counts(
        Conflict.objects.order_by().values_list("status").annotate(n=Count("id")),
        Conflict.Status.choices,
    )
    # The newest open flags: served by the partial index claims_conflict_open.
    open_conflicts = list(
        conflicts_with_claims().open().order_by("-detected_at", "-id")[:OPEN_CONFLICTS_SHOWN]
    )
    rows = [
        {
            "flag": flag,
            "admin_url": admin_url("claims_conflict_change", flag.pk),
            "timeline_query": _timeline_query(flag.claim_a),
            "sentence": (flag.explanation or {}).get("sentence", ""),
        }
        for flag in open_conflicts
    ]
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "by_status": by_status,
        "by_rating": by_rating,
        "conflict_counts": conflict_counts,
        "open_conflicts": rows,
        "conflict_list_url": admin_url("claims_conflict_changelist"),
    }
    return render(request, "claims/dashboard.html", context)


def _timeline_query(claim: Claim) -> str:
    from urllib.parse import urlencode

    if claim.entity_id is None or not claim.attribute:
        return ""
    return urlencode({"entity": claim.entity_id, "attribute": claim.attribute, "unit": claim.unit})


@staff_member_required
def timeline(request: HttpRequest) -> HttpResponse:
    """One fact (entity + attribute, optionally unit) over time, as an SVG chart."""
    entity = Entity.objects.filter(pk=_int(request.GET.get("entity"))).first()
    attribute = request.GET.get("attribute", "").strip()
    unit = request.GET.get("unit", "").strip()
    context = {
        **admin.site.each_context(request),
        "title": "Timeline",
        "entity": entity,
        "attribute": attribute,
        "unit": unit,
        "svg": "",
        "undated": [],
        "shown": 0,
    }
    status = 200
    if entity is None or not attribute:
        context["error"] = "Choose an entity and an attribute."
        status = 400 if request.GET else 200
        return render(request, "claims/timeline.html", context, status=status)

    # The fact's claims: served by claims_claim_blocking_key (entity_id, attribute[, unit]).
    claims = Claim.objects.filter(entity=entity, attribute=attribute).exclude(
        status=Claim.Status.RETRACTED
    )
    if not unit:
        units = Counter(claims.values_list("unit", flat=True))
        unit = units.most_common(1)[0][0] if units else ""
        context["unit"] = unit
    claims = list(
        claims.filter(unit=unit)
        .filter(Q(value_low__isnull=False) | Q(value_high__isnull=False))
        .select_related("article__outlet")
        .order_by("id")[:TIMELINE_MAX_CLAIMS]
    )
    ids = [c.pk for c in claims]
    conflicting: set[int] = set()
    # Open or confirmed flags of these claims (unique (claim_a, ...) index and
    # claims_conflict_claim_b).
    for a, b in Conflict.objects.filter(
        Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids),
        status__in=[Conflict.Status.OPEN, Conflict.Status.CONFIRMED],
    ).values_list("claim_a_id", "claim_b_id"):
        conflicting.update({a, b})

    points, undated = [], []
    for claim in claims:
        point = _point(claim, conflicting=claim.pk in conflicting)
        (points if point else undated).append(point or claim)
    title = f"{entity.name} — {attribute}"
    context.update(
        svg=mark_safe(render_timeline_svg(points, title=title, unit=unit)),  # noqa: S308 - escaped by the builder
        undated=undated,
        shown=len(points),
        conflicting=len(conflicting & {p.claim_id for p in points}),
    )
    return render(request, "claims/timeline.html", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _point(claim: Claim, *, conflicting: bool) -> TimelinePoint | None:
    """The claim on the chart: at its time scope, else its article's publication date."""
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
