"""The review queue: claims awaiting review with their context, approve or send back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.conflicts import selectors as conflict_selectors
from newsdesk.common import roles
from newsdesk.common.errors import DomainError

CONTEXT_CHARS = 300


def _reviewer_required(request) -> None:
    if not roles.is_reviewer(request.user):
        raise PermissionDenied("The review queue is for reviewers.")


@staff_member_required
def review_queue(request):
    """Claims awaiting review, oldest first, with what a reviewer needs beside each."""
    _reviewer_required(request)
    items = []
    for claim in selectors.review_queue(user=request.user):
        body = claim.article.body
        items.append(
            {
                "claim": claim,
                "before": body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
                "after": body[claim.end : claim.end + CONTEXT_CHARS],
                "own": claim.author_id == request.user.pk,
                "conflicts": conflict_selectors.conflicts_with_other(claim),
                "corroborations": conflict_selectors.corroborations(claim),
            }
        )
    return render(
        request,
        "claims/review_queue.html",
        {"items": items, "title": "Review queue", "site_header": "Newsdesk"},
    )


@staff_member_required
@require_POST
def review_decide(request, claim_id: int):
    """Approve, or request changes with a comment, through the workflow services."""
    _reviewer_required(request)
    decision = request.POST.get("decision")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if decision == "approve":
            services.claim_approve(claim_id=claim_id, version=version, reviewer=request.user)
            messages.success(request, f"Claim #{claim_id} approved and published.")
        elif decision == "request_changes":
            services.claim_request_changes(
                claim_id=claim_id,
                version=version,
                reviewer=request.user,
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, f"Claim #{claim_id} sent back to its author.")
        else:
            messages.error(request, "Choose approve or request changes.")
    except DomainError as exc:
        messages.error(request, f"Claim #{claim_id}: {exc.message}")
    return HttpResponseRedirect(reverse("review-queue"))
