"""The review queue: claims awaiting review with their context, approve or send back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.conflicts import selectors as conflict_selectors
from claims.desk.facts import fact_url
from claims.facts.selectors import same_fact_candidates
from claims.facts.wording import describe_value
from newsdesk.common import roles
from newsdesk.common.errors import DomainError

CONTEXT_CHARS = 300
QUEUE_PAGE_SIZE = 20  # the per-claim context costs a few queries each: keep a page bounded


def _reviewer_required(request) -> None:
    if not roles.is_reviewer(request.user):
        raise PermissionDenied("The review queue is for reviewers.")


@never_cache  # staff data: browsers and proxies must not keep a copy
@staff_member_required
def review_queue(request):
    """Claims awaiting review, oldest first, with what a reviewer needs beside each."""
    _reviewer_required(request)
    page = Paginator(selectors.review_queue(user=request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = []
    for claim in page.object_list:
        body = claim.article.body
        conflicts = conflict_selectors.conflicts_with_other(claim)
        items.append(
            {
                "claim": claim,
                "before": body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
                "after": body[claim.end : claim.end + CONTEXT_CHARS],
                "own": claim.author_id == request.user.pk,
                "conflicts": conflicts,
                "high_conflicts": [flag for _other, flag in conflicts if flag.severity == "high"],
                "corroborations": conflict_selectors.corroborations(claim),
                "proposals": same_fact_candidates(claim),
                "value": describe_value(claim),
                "fact_url": fact_url(claim),
            }
        )
    return render(
        request,
        "claims/review_queue.html",
        {"items": items, "page": page, "title": "Review queue", "site_header": "Newsdesk"},
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
            services.claim_approve(
                claim_id=claim_id,
                version=version,
                reviewer=request.user,
                override_conflicts=request.POST.get("override_conflicts") == "1",
            )
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


@staff_member_required
@require_POST
def same_fact(request, claim_id: int):
    """One click on a proposal: the other claim states the same fact, or not."""
    pair = request.POST.get("same_pair", "")  # "other:1" from a button inside another form
    other_raw, _, same_raw = (
        pair.partition(":")
        if pair
        else (
            request.POST.get("other", ""),
            "",
            request.POST.get("same", ""),
        )
    )
    try:
        other = int(other_raw)
        if same_raw not in ("0", "1"):
            raise ValueError(same_raw)
        same = same_raw == "1"
    except ValueError:
        messages.error(request, "Choose a claim and say whether it is the same fact.")
        return HttpResponseRedirect(reverse("review-queue"))
    try:
        services.claim_link(claim_id=claim_id, other_id=other, same=same, actor=request.user)
        messages.success(
            request,
            f"Claims #{claim_id} and #{other}: {'the same fact' if same else 'not the same'}.",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("review-queue")
    return HttpResponseRedirect(back)
