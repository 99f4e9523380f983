"""Reads for the desk's own pages: a claim's workspace, its history in words, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.timesince import timesince

from claims.facts.wording import describe_value
from claims.models import (
    Citation,
    Claim,
    ClaimComment,
    Conflict,
    Entity,
    Measure,
    Rating,
    ReviewEvent,
)
from newsdesk.common import roles

# The steps that move a claim through the workflow; the latest one says where it stands.
WORKFLOW_STEPS = (
    ReviewEvent.Action.SUBMIT,
    ReviewEvent.Action.REQUEST_CHANGES,
    ReviewEvent.Action.APPROVE,
    ReviewEvent.Action.RETRACT,
    ReviewEvent.Action.REOPEN,
)
INBOX_LIMIT = 50


def person(user: Any) -> str:
    """A person as colleagues name them: the full name, else the user name."""
    if user is None:
        return "The desk"
    return user.get_full_name() or user.username


def ago(moment: Any) -> str:
    """ "just now", "5 minutes ago", "2 days, 3 hours ago"."""
    if moment is None:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return "just now"
    return f"{timesince(moment)} ago"


def _last_step() -> Subquery:
    return Subquery(
        ReviewEvent.objects.filter(claim=OuterRef("pk"), action__in=WORKFLOW_STEPS)
        .order_by("-id")
        .values("id")[:1]
    )


def workspace_claim(*, claim_id: int) -> Claim:
    """One claim with everything its workspace shows, in a fixed number of queries."""
    return (
        Claim.objects.select_related("article__outlet", "entity", "measure", "author")
        .annotate(last_step_id=_last_step())
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source__article", "added_by"),
            ),
            Prefetch("comments", queryset=ClaimComment.objects.select_related("author")),
            Prefetch("events", queryset=ReviewEvent.objects.select_related("actor")),
        )
        .get(pk=claim_id)
    )


def returned_event(claim: Claim) -> ReviewEvent | None:
    """The reviewer's "request changes" step when it is where the claim stands (a draft
    sent back to its author), else None. Reads the prefetched events."""
    if claim.status != Claim.Status.DRAFT:
        return None
    steps = [e for e in claim.events.all() if e.action in WORKFLOW_STEPS]
    if steps and steps[-1].action == ReviewEvent.Action.REQUEST_CHANGES:
        return steps[-1]
    return None


FIELD_WORDS = {
    "statement": "the statement",
    "claimant": "the claimant",
    "entity_id": "the subject",
    "locality": "the place",
    "measure_id": "the measure",
    "event": "the event",
    "value_low": "the low value",
    "value_high": "the high value",
    "unit": "the unit",
    "hedge": "the hedge",
    "event_start": "the event's start",
    "event_end": "the event's end",
    "event_granularity": "the event's precision",
    "scope_start": "when it holds from",
    "scope_end": "when it holds until",
    "rating": "the rating",
    "summary": "the summary",
    "anchor_state": "the anchor",
    "start": "the quote's start",
    "end": "the quote's end",
    "exact": "the quote",
}
VERBS: dict[str, str] = {
    ReviewEvent.Action.CREATE: "created the claim",
    ReviewEvent.Action.SUBMIT: "submitted it for review",
    ReviewEvent.Action.APPROVE: "approved and published it",
    ReviewEvent.Action.REQUEST_CHANGES: "sent it back for changes",
    ReviewEvent.Action.RETRACT: "retracted the published fact-check",
    ReviewEvent.Action.REOPEN: "reopened it for correction",
    ReviewEvent.Action.REANCHOR: "re-anchored the quote",
    ReviewEvent.Action.LINK: "linked it to another claim",
}


@dataclass(frozen=True)
class HistoryLine:
    event: ReviewEvent
    who: str
    what: str
    comment: str


def _value_words(field: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    if value in (None, ""):
        return "nothing"
    if field == "entity_id":
        return names.get(("entity", value), "an unknown subject")
    if field == "measure_id":
        return names.get(("measure", value), "an unknown measure")
    if field == "rating":
        return Rating(value).label if value in Rating.values else str(value)
    if field == "hedge":
        return str(Claim.Hedge(value).label) if value in Claim.Hedge.values else str(value)
    text = str(value)
    return f"“{text[:80]}{'…' if len(text) > 80 else ''}”" if isinstance(value, str) else text


def history(claim: Claim) -> list[HistoryLine]:
    """The claim's review trail in words ("Rae Reviewer sent it back for changes"), from
    its prefetched events; subject and measure names cost one query each at most."""
    events = list(claim.events.all())
    wanted: dict[str, set[int]] = {"entity": set(), "measure": set()}
    for event in events:
        for field in ("entity_id", "measure_id"):
            for value in event.changes.get(field, []) if isinstance(event.changes, dict) else []:
                if isinstance(value, int):
                    wanted[field.removesuffix("_id")].add(value)
    names: dict[tuple[str, int], str] = {}
    if wanted["entity"]:
        for pk, name in Entity.objects.filter(pk__in=wanted["entity"]).values_list("pk", "name"):
            names[("entity", pk)] = name
    if wanted["measure"]:
        for pk, name in Measure.objects.filter(pk__in=wanted["measure"]).values_list("pk", "name"):
            names[("measure", pk)] = name
    lines = []
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        if event.action == ReviewEvent.Action.EDIT:
            parts = []
            for field, pair in changes.items():
                label = FIELD_WORDS.get(field, field.replace("_", " "))
                if field in ("summary", "statement") or not isinstance(pair, list):
                    parts.append(f"changed {label}")
                    continue
                before, after = [*pair, None, None][:2]
                parts.append(
                    f"changed {label} from {_value_words(field, before, names)} "
                    f"to {_value_words(field, after, names)}"
                )
            what = "; ".join(parts) or "edited the claim"
        elif event.action == ReviewEvent.Action.CITE:
            citation = changes.get("citation", [None, {}])
            stance = (citation[1] or {}).get("stance", "") if isinstance(citation, list) else ""
            what = (
                f"added a citation ({Citation.Stance(stance).label.lower()})"
                if stance in (Citation.Stance.values)
                else "added a citation"
            )
        else:
            what = VERBS.get(event.action, event.get_action_display().lower())
        lines.append(HistoryLine(event, person(event.actor), what, event.comment))
    return lines


@dataclass
class InboxClaim:
    claim: Claim
    value: str
    returned: ReviewEvent | None = None

    @property
    def changed(self) -> str:
        return ago(self.claim.updated_at)

    @property
    def returned_ago(self) -> str:
        return ago(self.returned.created_at) if self.returned else ""


def _inbox_claims() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("article", "entity", "measure", "author")
        .annotate(last_step_id=_last_step(), citation_total=Count("citations"))
        .order_by("-updated_at", "-id")
    )


def inbox(*, user: Any) -> dict[str, Any]:
    """What awaits `user`: their drafts, their claims returned with a reviewer's comment,
    their claims in review, the claims awaiting their review (reviewers), and the open
    conflicts on their claims. A fixed number of queries whatever the counts."""
    mine = list(
        _inbox_claims().filter(
            author=user, status__in=[Claim.Status.DRAFT, Claim.Status.IN_REVIEW]
        )[: INBOX_LIMIT * 2]
    )
    steps = {
        e.pk: e
        for e in ReviewEvent.objects.select_related("actor").filter(
            pk__in=[c.last_step_id for c in mine if c.last_step_id]  # type: ignore[attr-defined]
        )
    }
    drafts, returned, submitted = [], [], []
    for claim in mine:
        step = steps.get(claim.last_step_id)  # type: ignore[attr-defined]
        item = InboxClaim(claim, describe_value(claim))
        if claim.status == Claim.Status.IN_REVIEW:
            submitted.append(item)
        elif step is not None and step.action == ReviewEvent.Action.REQUEST_CHANGES:
            item.returned = step
            returned.append(item)
        else:
            drafts.append(item)
    to_review: list[InboxClaim] = []
    if roles.is_reviewer(user):
        to_review = [
            InboxClaim(c, describe_value(c))
            for c in _inbox_claims()
            .filter(status=Claim.Status.IN_REVIEW)
            .exclude(author=user)
            .order_by("created_at", "id")[:INBOX_LIMIT]
        ]
    conflicts = list(
        Conflict.objects.open()
        .filter(Q(claim_a__author=user) | Q(claim_b__author=user))
        .select_related(
            "claim_a__article__outlet", "claim_b__article__outlet", "claim_a", "claim_b"
        )
        .order_by("-detected_at", "-id")[:INBOX_LIMIT]
    )
    return {
        "returned": returned,
        "drafts": drafts[:INBOX_LIMIT],
        "submitted": submitted[:INBOX_LIMIT],
        "to_review": to_review,
        "conflicts": conflicts,
    }
