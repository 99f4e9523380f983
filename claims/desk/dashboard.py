"""The desk's dashboard (counts, open conflicts, the way to the fact pages). Staff only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from claims.conflicts.admin import admin_url
from claims.conflicts.selectors import conflicts_with_claims
from claims.desk.facts import fact_url
from claims.desk.permissions import staff_member_required
from claims.models import Claim, Conflict, Measure, Rating

OPEN_CONFLICTS_SHOWN = 50


def _counts(rows, choices) -> list[tuple[str, str, int]]:
    found = {row[0]: row[1] for row in rows}
    return [(value, label, found.get(value, 0)) for value, label in choices]


@never_cache  # staff data: browsers and proxies must not keep a copy
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
        conflicts_with_claims()
        .open()
        .select_related("claim_a__measure")
        .order_by("-detected_at", "-id")[:OPEN_CONFLICTS_SHOWN]
    )
    rows = [
        {
            "flag": flag,
            "admin_url": reverse("conflict-triage", args=[flag.pk]),
            "fact_url": fact_url(flag.claim_a),
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
        "measures": Measure.objects.order_by("name").values_list("slug", "name"),
    }
    return render(request, "claims/dashboard.html", context)
