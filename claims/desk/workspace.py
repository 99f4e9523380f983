"""The claim workspace: one page where a claim's whole fact-check happens.

The quote in its paragraph, the fact, rating and summary, citations added in place, the
same-fact proposals, conflicts and corroborations, comments and the history in words, and
the workflow buttons the acting person may use. Every change calls a service of
`claims.services`; a refusal is said on the page and what was typed is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import services
from claims.conflicts import selectors as conflict_selectors
from claims.desk import selectors
from claims.desk.facts import fact_url
from claims.desk.permissions import staff_member_required
from claims.facts.selectors import same_fact_candidates
from claims.facts.wording import describe_dates, describe_value
from claims.models import Citation, Claim, Entity, Hedge, Measure, Rating
from newsdesk.common import roles
from newsdesk.common.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound
from sources.models import Article, SourceKind

PARAGRAPH_MAX_CHARS = 1200
CITABLE_ARTICLES = 50

# (name, label, kind): the fields the workspace edits, in the order it shows them.
TEXT = ("statement", "Statement (as the desk phrases it)", "textarea")
FACT = (
    ("claimant", "Claimant (who said it)", "text"),
    ("entity", "Subject", "entity"),
    ("locality", "Place within it", "text"),
    ("measure", "Measure (what the figure measures)", "measure"),
    ("event", "Event it belongs to", "text"),
    ("value_low", "Low value", "number"),
    ("value_high", "High value", "number"),
    ("unit", "Unit", "unit"),
    ("hedge", "Hedge", "hedge"),
    ("event_start", "Event from", "date"),
    ("event_end", "Event to", "date"),
    ("scope_start", "Holds from", "date"),
    ("scope_end", "Holds until", "date"),
)
VERDICT = (
    ("rating", "Rating", "rating"),
    ("summary", "Summary of the fact-check", "textarea"),
)
ATTRIBUTE = {"entity": "entity_id", "measure": "measure_id"}
CITE_FIELDS = ("article", "url", "title", "publisher", "kind", "stance", "quote", "locator")
UNITS = ("percent", "count", "m", "m2", "kg", "year", "USD", "EUR", "GBP")


def _asks_confirmation(flag) -> bool:
    """Approving over this flag needs a tick: it is open, or confirmed and high-severity."""
    return flag.status == "open" or flag.severity == "high"


def workspace_url(claim_id: int) -> str:
    return reverse("claim-workspace", args=[claim_id])


def editable(claim: Claim, user: Any) -> tuple[str, ...]:
    """The fields `user` may change now: everything on a draft (editors), the verdict on a
    claim in review (staff), nothing once it is verified or retracted."""
    if claim.status == Claim.Status.DRAFT and roles.is_editor(user):
        return tuple(name for name, _label, _kind in (TEXT, *FACT, *VERDICT))
    if claim.status == Claim.Status.IN_REVIEW and roles.is_staff_member(user):
        return tuple(name for name, _label, _kind in VERDICT)
    return ()


def _current(claim: Claim, name: str) -> str:
    value = getattr(claim, ATTRIBUTE.get(name, name))
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    return str(value)


def _paragraph(claim: Claim) -> tuple[str, str]:
    """The text of the quote's paragraph before and after it (cut at a length limit)."""
    body = claim.article.body
    start = body.rfind("\n\n", 0, claim.start)
    start = 0 if start < 0 else start + 2
    end = body.find("\n\n", claim.end)
    end = len(body) if end < 0 else end
    start = max(start, claim.start - PARAGRAPH_MAX_CHARS)
    end = min(end, claim.end + PARAGRAPH_MAX_CHARS)
    before = ("…" if start > 0 and body[start - 1] not in "\n" else "") + body[start : claim.start]
    after = body[claim.end : end] + ("…" if end < len(body) and body[end] != "\n" else "")
    return before, after


def _fields(claim: Claim, user: Any, posted: Any = None) -> dict[str, list[dict[str, Any]]]:
    allowed = editable(claim, user)
    groups: dict[str, list[dict[str, Any]]] = {"text": [], "fact": [], "verdict": []}
    for group, specs in (("text", (TEXT,)), ("fact", FACT), ("verdict", VERDICT)):
        for name, label, kind in specs:
            value = posted.get(name, "") if posted is not None else _current(claim, name)
            groups[group].append(
                {
                    "name": name,
                    "label": label,
                    "kind": kind,
                    "value": value,
                    "edit": name in allowed,
                }
            )
    return groups


def _context(request: HttpRequest, claim: Claim, posted: Any = None) -> dict[str, Any]:
    user = request.user
    citations = list(claim.citations.all())
    before, after = _paragraph(claim)
    conflicts = conflict_selectors.conflicts_with_other(claim)
    # Open ones, and confirmed high-severity ones (the approval service refuses those too).
    open_conflicts = [(other, c) for other, c in conflicts if _asks_confirmation(c)]
    status = claim.status
    is_reviewer = roles.is_reviewer(user)
    own = claim.author_id == user.pk
    fields = _fields(claim, user, posted)
    fact_editable = "entity" in editable(claim, user)
    returned = selectors.returned_event(claim)
    can_cite = roles.is_staff_member(user) and status in (
        Claim.Status.DRAFT,
        Claim.Status.IN_REVIEW,
    )
    return {
        **admin.site.each_context(request),
        "title": f"Claim #{claim.pk}",
        "claim": claim,
        "before": before,
        "after": after,
        "value": describe_value(claim),
        "scope": describe_dates(claim.scope_start, claim.scope_end),
        "fact_url": fact_url(claim),
        "fields": fields,
        "can_edit": any(f["edit"] for group in fields.values() for f in group),
        "citations": citations,
        "can_cite": can_cite,
        "cite": {
            k: (posted.get(f"cite_{k}", "") if posted is not None else "") for k in CITE_FIELDS
        },
        "citable_articles": (
            Article.objects.exclude(pk=claim.article_id)
            .order_by("-created_at", "-id")
            .values_list("pk", "title")[:CITABLE_ARTICLES]
            if can_cite
            else []
        ),
        "source_kinds": SourceKind.choices,
        "stances": Citation.Stance.choices,
        "missing": services.approval_missing(claim, citation_count=len(citations)),
        "returned": returned,
        "returned_by": selectors.person(returned.actor) if returned else "",
        "returned_ago": selectors.ago(returned.created_at) if returned else "",
        "fact_complete": bool(
            claim.entity_id
            and claim.measure_id
            and (claim.value_low is not None or claim.value_high is not None or claim.event_start)
        ),
        "is_nav_sidebar_enabled": False,
        "conflicts": [
            (other, c, reverse("conflict-triage", args=[c.pk]), describe_value(other))
            for other, c in conflicts
        ],
        "open_conflicts": open_conflicts,
        "corroborations": conflict_selectors.corroborations(claim),
        "proposals": same_fact_candidates(claim) if status != Claim.Status.RETRACTED else [],
        "comments": [(c, selectors.ago(c.created_at)) for c in claim.comments.all()],
        "history": selectors.history(claim),
        "author_name": selectors.person(claim.author),
        "fact_editable": fact_editable,
        "entities": Entity.objects.order_by("name").values_list("id", "name")
        if fact_editable
        else [],
        "measures": Measure.objects.order_by("name").values_list("id", "name")
        if fact_editable
        else [],
        "hedges": Hedge.choices,
        "ratings": Rating.choices,
        "units": UNITS,
        "can_submit": status == Claim.Status.DRAFT and roles.is_editor(user),
        "can_approve": status == Claim.Status.IN_REVIEW and is_reviewer and not own,
        "own_in_review": status == Claim.Status.IN_REVIEW and is_reviewer and own,
        "can_request_changes": status == Claim.Status.IN_REVIEW and is_reviewer and not own,
        "can_retract": status == Claim.Status.VERIFIED and is_reviewer,
        "can_reopen": status == Claim.Status.VERIFIED and roles.is_staff_member(user),
        "comment_text": posted.get("comment_body", "") if posted is not None else "",
    }


def _load(claim_id: int) -> Claim:
    try:
        return selectors.workspace_claim(claim_id=claim_id)
    except Claim.DoesNotExist:
        raise Http404(f"There is no claim #{claim_id}.") from None


def _render(request: HttpRequest, claim: Claim, posted: Any = None, status: int = 200):
    return render(request, "claims/workspace.html", _context(request, claim, posted), status=status)


def _status_of(exc: DomainError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    return 400


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _changes(claim: Claim, user: Any, form: Any) -> dict[str, Any]:
    """The edits in the form: only fields the person may change and that differ."""
    changes: dict[str, Any] = {}
    for name in editable(claim, user):
        if name not in form:
            continue
        raw = form.get(name, "").strip()
        if raw == _current(claim, name).strip():
            continue
        if name in ("value_low", "value_high"):
            try:
                changes[name] = float(raw.replace(",", "")) if raw else None
            except ValueError:
                raise InvalidInput(
                    f"The {name.replace('_', ' ')} “{raw}” is not a number: give it in digits."
                ) from None
        elif name in ("entity", "measure"):
            try:
                changes[name] = int(raw) if raw else None
            except ValueError:
                raise InvalidInput(f"Choose the {name} from the list.") from None
        elif name in services.DATE_FIELDS:
            changes[name] = raw or None
        else:
            changes[name] = raw
    return changes


def _citation(form: Any) -> dict[str, Any] | None:
    """The citation typed into the form, as `citation_add` arguments (None if none)."""
    article, url, title = (form.get(f"cite_{k}", "").strip() for k in ("article", "url", "title"))
    if not (article or url or title):
        return None
    values: dict[str, Any] = {
        "stance": form.get("cite_stance", "") or Citation.Stance.SUPPORTS,
        "quote": form.get("cite_quote", "").strip(),
        "locator": form.get("cite_locator", "").strip(),
    }
    if article:
        try:
            values["article_id"] = int(article)
        except ValueError:
            raise InvalidInput("Choose the cited article from the list.") from None
        return values
    return {
        **values,
        "url": url,
        "title": title,
        "publisher": form.get("cite_publisher", "").strip(),
        "kind": form.get("cite_kind", "") or "other",
    }


def _kept(claim: Claim, user: Any, form: Any, *, edits: bool, cite: bool) -> dict[str, str]:
    """The values to show after a refusal: what was saved as saved, and what was not
    saved as typed, so nothing typed is lost."""
    kept = {f["name"]: f["value"] for group in _fields(claim, user).values() for f in group}
    if edits:
        kept.update({name: form[name] for name in editable(claim, user) if name in form})
    if cite:
        kept.update({f"cite_{k}": form.get(f"cite_{k}", "") for k in CITE_FIELDS})
    kept["comment_body"] = form.get("comment_body", "")
    return kept


@staff_member_required
def claim_workspace(request: HttpRequest, claim_id: int) -> HttpResponse:
    """GET: the workspace. POST: save the edits and the new citation, and submit when the
    "save and submit" button was used; each through its service."""
    claim = _load(claim_id)
    if request.method != "POST":
        return _render(request, claim)
    form = request.POST
    user = request.user
    done: list[str] = []
    try:
        apply_form(claim, user, form, version=_version(request), done=done)
    except DomainError as exc:
        if done:
            messages.success(request, f"Claim #{claim.pk}: {', '.join(done)}.")
        messages.error(request, exc.message)
        fresh = _load(claim.pk)
        return _render(
            request,
            fresh,
            _kept(fresh, user, form, edits="saved" not in done, cite="citation added" not in done),
            status=_status_of(exc),
        )
    messages.success(
        request, f"Claim #{claim.pk}: {', '.join(done)}." if done else "Nothing to save."
    )
    return HttpResponseRedirect(workspace_url(claim.pk))


def apply_form(claim: Claim, user: Any, form: Any, *, version: int | None, done: list[str]) -> None:
    """Save a workspace form's edits and new citation, then submit when asked (`then` =
    "submit"), each through its service; `done` says what went through before any refusal.
    The annotate panel uses it too, for the verdict typed beside a new claim."""
    changes = _changes(claim, user, form)
    citation = _citation(form)
    if changes:
        version = services.claim_update(
            claim_id=claim.pk, version=version, actor=user, **changes
        ).version
        done.append("saved")
    if citation is not None:
        services.citation_add(claim_id=claim.pk, actor=user, **citation)
        done.append("citation added")
    if form.get("then") == "submit":
        services.claim_submit(claim_id=claim.pk, version=version, actor=user)
        done.append("submitted for review")


@staff_member_required
@require_POST
def claim_decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Approve, request changes, retract or reopen, through the workflow services."""
    claim = _load(claim_id)
    decision = request.POST.get("decision", "")
    comment = request.POST.get("comment", "")
    version = _version(request)
    user = request.user
    try:
        if decision == "approve":
            open_conflicts = [
                c
                for _other, c in conflict_selectors.conflicts_with_other(claim)
                if _asks_confirmation(c)
            ]
            if open_conflicts and request.POST.get("over_conflicts") != "1":
                raise Conflict(
                    f"This claim has {len(open_conflicts)} open conflict"
                    f"{'s' if len(open_conflicts) > 1 else ''}: look at "
                    f"{'them' if len(open_conflicts) > 1 else 'it'} and tick “approve despite "
                    "the open conflict” to approve anyway."
                )
            services.claim_approve(
                claim_id=claim.pk,
                version=version,
                reviewer=user,
                override_conflicts=request.POST.get("over_conflicts") == "1",
            )
            text = "approved and published"
        elif decision == "request_changes":
            services.claim_request_changes(
                claim_id=claim.pk, version=version, reviewer=user, comment=comment
            )
            text = f"sent back to {selectors.person(claim.author)}"
        elif decision == "retract":
            services.claim_retract(claim_id=claim.pk, version=version, actor=user, reason=comment)
            text = "retracted"
        elif decision == "reopen":
            services.claim_reopen(claim_id=claim.pk, version=version, actor=user, comment=comment)
            text = "reopened for correction"
        else:
            raise InvalidInput("Choose approve, request changes, retract or reopen.")
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return _render(request, _load(claim.pk), status=_status_of(exc))
    messages.success(request, f"Claim #{claim.pk} {text}.")
    return HttpResponseRedirect(workspace_url(claim.pk))


@staff_member_required
@require_POST
def claim_comment(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Add a comment for the claim's editor and reviewers."""
    claim = _load(claim_id)
    try:
        services.comment_add(
            claim_id=claim.pk, author=request.user, body=request.POST.get("comment_body", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        kept = _kept(claim, request.user, request.POST, edits=False, cite=False)
        return _render(request, claim, kept, status=_status_of(exc))
    messages.success(request, "Comment added.")
    return HttpResponseRedirect(workspace_url(claim.pk) + "#comments")
