"""Conflict triage on the conflict's own page: the two claims side by side, the reason in
words, and confirm / dismiss (with a reason) / resolve (with a note). Staff only; every
decision goes through `claims.conflicts.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from claims.conflicts import services
from claims.conflicts.admin import admin_url
from claims.conflicts.selectors import conflicts_with_claims
from claims.desk.facts import fact_url
from claims.desk.permissions import staff_member_required
from claims.facts.wording import describe_dates, describe_value
from claims.models import Claim, Conflict
from newsdesk.common.errors import DomainError

ACTIONS = {
    "confirm": (services.conflict_confirm, "confirmed"),
    "dismiss": (services.conflict_dismiss, "dismissed"),
    "resolve": (services.conflict_resolve, "resolved"),
}
UNRESOLVED = (Conflict.Status.OPEN, Conflict.Status.CONFIRMED)


def conflict_url(flag_id: int) -> str:
    return reverse("conflict-triage", args=[flag_id])


def explanation_in_words(flag: Conflict) -> list[str]:
    """What the detector saw, as sentences (the stored explanation is JSON for machines)."""
    data = flag.explanation or {}
    lines = []
    a, b = flag.claim_a, flag.claim_b
    if flag.kind in (Conflict.Kind.VALUE, Conflict.Kind.REVISION):
        lines.append(
            f"{_outlet(a)} (claim #{a.pk}) says {_value(a)}; "
            f"{_outlet(b)} (claim #{b.pk}) says {_value(b)}."
        )
    elif flag.kind == Conflict.Kind.DATE:
        lines.append(
            f"{_outlet(a)} (claim #{a.pk}) dates it {_event(a)}; "
            f"{_outlet(b)} (claim #{b.pk}) dates it {_event(b)}."
        )
    if data.get("sentence"):
        lines.append(data["sentence"])
    tolerance = data.get("tolerance")
    if flag.kind == Conflict.Kind.VALUE:
        lines.append(
            f"Figures within {float(tolerance) * 100:.3g}% of each other are not flagged; "
            "these are further apart."
            if tolerance
            else "The two figures' ranges do not overlap (no tolerance is set: any gap counts)."
        )
    window = data.get("window_days")
    if window and flag.kind in (Conflict.Kind.VALUE, Conflict.Kind.REVISION):
        lines.append(
            f"Two claims count as the same time when their dates are within {window} "
            f"day{'s' if window != 1 else ''} of each other."
        )
    if flag.kind == Conflict.Kind.VERDICT:
        lines.append("The same fact should get the same verdict, whichever outlet said it.")
    lines.append(
        f"Found by {flag.detected_by} on {flag.detected_at:%-d %B %Y at %H:%M}; "
        f"severity {flag.get_severity_display().lower()}."
    )
    return lines


def _outlet(claim: Claim) -> str:
    outlet = claim.article.outlet
    return outlet.name if outlet else "An article with no outlet"


def _value(claim: Claim) -> str:
    if claim.value_low is None and claim.value_high is None:
        return "no figure"
    return describe_value(claim)


def _event(claim: Claim) -> str:
    return describe_dates(claim.event_start, claim.event_end, claim.event_granularity or "")


def _side(claim: Claim) -> dict[str, Any]:
    return {
        "claim": claim,
        "url": reverse("claim-workspace", args=[claim.pk]),
        "article_url": admin_url("sources_article_change", claim.article_id),
        "outlet": _outlet(claim),
        "value": _value(claim),
        "event": _event(claim),
        "scope": (
            describe_dates(claim.scope_start, claim.scope_end)
            if claim.scope_start or claim.scope_end
            else "any time"
        ),
    }


def _flag_or_404(conflict_id: int) -> Conflict:
    flag = (
        conflicts_with_claims()
        .select_related("claim_b__entity", "claim_b__measure")
        .filter(pk=conflict_id)
        .first()
    )
    if flag is None:
        raise Http404("There is no such conflict: it may have been removed with its claims.")
    return flag


@staff_member_required
def conflict_triage(request: HttpRequest, conflict_id: int) -> HttpResponse:
    """GET: the conflict explained. POST: confirm, dismiss (reason required) or resolve."""
    status = 200
    error = ""
    note = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        note = request.POST.get("note", "")
        if action not in ACTIONS:
            error = "Choose confirm, dismiss or resolve."
        else:
            service, done = ACTIONS[action]
            try:
                service(conflict_id=conflict_id, actor=request.user, note=note)
            except DomainError as exc:
                if exc.status == 404:
                    raise Http404(exc.message) from exc
                error = exc.message
            else:
                messages.success(request, f"Conflict #{conflict_id} {done}.")
                return HttpResponseRedirect(conflict_url(conflict_id))
        status = 400 if error else 200
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    flag = _flag_or_404(conflict_id)
    context = {
        **admin.site.each_context(request),
        "title": f"Conflict #{flag.pk}: {flag.get_kind_display().lower()}",
        "flag": flag,
        "sides": [_side(flag.claim_a), _side(flag.claim_b)],
        "explanation": explanation_in_words(flag),
        "fact_url": fact_url(flag.claim_a),
        "can_confirm": flag.status == Conflict.Status.OPEN,
        "can_close": flag.status in UNRESOLVED,
        "error": error,
        "note": note,
        "notes": [line for line in flag.note.splitlines() if line.strip()],
        "admin_url": admin_url("claims_conflict_change", flag.pk),
    }
    return render(request, "claims/conflict.html", context, status=status)
