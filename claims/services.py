"""Writes for `claims`. Every state change goes through one of these functions.

Each function is atomic, locks the claim row it changes, checks the caller's `version`
(optimistic locking for edits made from a page opened earlier) and appends the
ReviewEvent that records it, in the same transaction.
"""

from __future__ import annotations

import math
import uuid
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims import selectors
from claims.facts import anchoring
from claims.facts import proposal as facts_proposal
from claims.facts.extraction.entities import AliasIndex
from claims.facts.identity import ArticleContext
from claims.facts.learning import announcing_phrase
from claims.facts.measures import normalise
from claims.facts.selectors import identity_resources, same_fact_claims
from claims.models import (
    Citation,
    Claim,
    ClaimComment,
    ClaimLink,
    ClaimSuggestion,
    Entity,
    EntityAlias,
    FactCheck,
    Hedge,
    Measure,
    MeasureCue,
    Rating,
    ReviewEvent,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from newsdesk.common import roles
from newsdesk.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from newsdesk.common.tasks import enqueue_on_commit
from sources.models import Article, Source
from sources.services import source_create, source_for_article

FACT_FIELDS = (
    "entity_id",
    "locality",
    "measure_id",
    "event",
    "value_low",
    "value_high",
    "unit",
    "hedge",
    "event_start",
    "event_end",
    "event_granularity",
    "scope_start",
    "scope_end",
)
# The same fields as forms and API inputs name them (entity and measure by relation name).
FACT_INPUT_FIELDS = tuple(name.removesuffix("_id") for name in FACT_FIELDS)
RELATIONS = {"entity": "entity_id", "measure": "measure_id"}
TEXT_FIELDS = ("statement", "claimant")
VERDICT_FIELDS = ("rating", "summary")
EDITABLE_FIELDS = TEXT_FIELDS + FACT_FIELDS + VERDICT_FIELDS
BLANKABLE_FIELDS = (
    *TEXT_FIELDS,
    *VERDICT_FIELDS,
    "locality",
    "event",
    "unit",
    "hedge",
    "event_granularity",
)
UNITS = {
    "",
    "percent",
    "percentage_point",
    "m",
    "m2",
    "m3",
    "kg",
    "count",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "m/s",
    "m3/s",
    "degC",
    "degF",
    "degree",
    "dB",
    "W",
    "times",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """The claim as recorded in its audit trail."""
    fields = ("status", "version", "start", "end", "exact", *EDITABLE_FIELDS)
    return {name: _jsonable(getattr(claim, name)) for name in fields}


def factcheck_fact(claim: Claim) -> dict[str, Any]:
    """The structured fact a FactCheck records: the claim's fact fields as JSON values, and
    its measure's name and slug as approved (a measure renamed later changes no verdict)."""
    snapshot = claim_snapshot(claim)
    fact = {name: snapshot[name] for name in FACT_FIELDS}
    measure = (
        Measure.objects.filter(pk=claim.measure_id).values("name", "slug").first()
        if claim.measure_id is not None
        else None
    )
    fact["measure"] = measure["name"] if measure else ""
    fact["measure_slug"] = measure["slug"] if measure else ""
    return fact


def _article_source(article: Article) -> dict[str, Any]:
    outlet = article.outlet
    return {
        "id": article.pk,
        "url": article.url,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "language": article.language,
        "outlet": {"name": outlet.name, "domain": outlet.domain} if outlet is not None else None,
    }


def claimant_entity(claimant: str) -> Entity | None:
    """The Entity a claimant names (its name or one of its aliases), if the desk knows it."""
    name = (claimant or "").strip()
    if not name:
        return None
    found = Entity.objects.filter(name__iexact=name).first()
    if found is None:
        alias = EntityAlias.objects.filter(normalised=AliasIndex.normalise(name)).first()
        found = alias.entity if alias is not None else None
    return found


def factcheck_source(claim: Claim) -> dict[str, Any]:
    """What a FactCheck publishes besides the verdict, as of its approval: the quote, the
    claimant (typed from the Entity table), the claim's article and every other article the
    desk knows to carry the same fact (claims.facts.selectors.same_fact_claims), oldest
    first. Consumers are shown this snapshot, never the claim as it is being edited."""
    article = Article.objects.select_related("outlet").get(pk=claim.article_id)
    entity = claimant_entity(claim.claimant)
    claimant: dict[str, Any] | None = None
    if claim.claimant.strip():
        claimant = {"name": claim.claimant.strip(), "entity_id": None, "kind": "", "same_as": []}
        if entity is not None:
            claimant.update(entity_id=entity.pk, kind=entity.kind, same_as=list(entity.same_as))
    seen = {article.pk}
    appearances = []
    for other in same_fact_claims(claim):
        if other.article_id not in seen:
            seen.add(other.article_id)
            appearances.append(_article_source(other.article))
    return {
        "quote": claim.exact,
        "claimant": claimant,
        "article": _article_source(article),
        "appearances": appearances,
    }


def _event(
    claim: Claim,
    *,
    actor: Any,
    action: str,
    from_status: str = "",
    comment: str = "",
    changes: dict | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        claim=claim,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=claim.status,
        comment=comment,
        changes=changes or {},
        snapshot=claim_snapshot(claim),
    )


def _lock(claim_id: int) -> Claim:
    try:
        return Claim.objects.select_for_update().get(pk=claim_id)
    except Claim.DoesNotExist:
        raise NotFound(f"There is no claim {claim_id}.") from None


def _check_version(claim: Claim, version: int | None) -> None:
    if version is None:
        raise InvalidInput("Send the claim's current version.", code="version_required")
    if claim.version != version:
        raise Conflict(
            f"The claim changed since you opened it (you have version {version}, "
            f"it is now at version {claim.version}). Reload it and apply your change again.",
            code="stale_version",
            detail={"current_version": claim.version},
        )


# Tasks this module starts by name: it imports no wing but the ground (`facts`), and not
# `claims.tasks`, which imports it. `tests/claims/test_layout.py` checks they are registered.
CHECK_CONFLICTS_TASK = "claims.conflicts.tasks.check_claim_conflicts"
NOTIFY_AUTHOR_TASK = "claims.tasks.notify_author"
DELIVER_WEBHOOK_TASK = "claims.publishing.tasks.deliver_webhook"


def _after_commit_fact_change(claim: Claim) -> None:
    enqueue_on_commit(CHECK_CONFLICTS_TASK, claim.pk)


DATE_FIELDS = ("event_start", "event_end", "scope_start", "scope_end")


def _coerce_fact(values: dict[str, Any]) -> dict[str, Any]:
    """Dates given as ISO strings become dates; integer values become floats."""
    for name in DATE_FIELDS:
        if isinstance(values.get(name), str):
            raw = values[name]
            try:
                values[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                raise InvalidInput(
                    f"{name} {raw!r} is not an ISO date.", detail={name: ["Not a date."]}
                ) from None
    for name in ("value_low", "value_high"):
        value = values.get(name)
        if isinstance(value, bool):
            raise InvalidInput(f"{name} must be a number.", detail={name: ["Not a number."]})
        if isinstance(value, int):
            values[name] = float(value)
    for name in BLANKABLE_FIELDS:
        if name in values and values[name] is None:
            values[name] = ""
    return values


def _validate_fact(values: dict[str, Any]) -> None:
    _coerce_fact(values)
    low, high = values.get("value_low"), values.get("value_high")
    for name, value in (("value_low", low), ("value_high", high)):
        if value is not None and (not isinstance(value, (int, float)) or math.isnan(value)):
            raise InvalidInput(f"{name} must be a number.", detail={name: ["Not a number."]})
        if value is not None and not math.isfinite(value):
            raise InvalidInput(
                f"{name} must be a finite number; leave it empty for an unbounded side.",
                detail={name: ["Must be finite (leave empty for unbounded)."]},
            )
    if low is not None and high is not None and low > high:
        raise InvalidInput(
            "The interval is reversed: value_low is above value_high.",
            detail={"value_low": ["Must not exceed value_high."]},
        )
    if values.get("unit", "") not in UNITS and not (
        len(values.get("unit", "")) == 3 and values["unit"].isupper()
    ):
        raise InvalidInput(
            f"Unknown unit {values['unit']!r}: use percent, m, m2, kg, count, year or a "
            "currency code (USD, EUR...).",
            detail={"unit": ["Unknown unit."]},
        )
    if values.get("hedge", "") not in ("", *Hedge.values):
        raise InvalidInput(f"Unknown hedge {values['hedge']!r}.", detail={"hedge": ["Unknown."]})
    if values.get("measure_id") and not Measure.objects.filter(pk=values["measure_id"]).exists():
        raise InvalidInput("Unknown measure.", detail={"measure": ["Unknown measure."]})
    for name, limit in (("locality", 200), ("event", 40)):
        if len(values.get(name) or "") > limit:
            raise InvalidInput(
                f"{name} is longer than {limit} characters.",
                detail={name: [f"At most {limit} characters."]},
            )
    for a, b in (("event_start", "event_end"), ("scope_start", "scope_end")):
        if values.get(a) and values.get(b) and values[a] > values[b]:
            raise InvalidInput(f"{a} is after {b}.", detail={a: [f"Must not be after {b}."]})


def article_context(article: Article) -> ArticleContext:
    """What identity reads of an article: its title, text, publication day and language."""
    return ArticleContext(
        title=article.title,
        body=article.body,
        published=article.published_at.date() if article.published_at else None,
        language=(article.language or "en")[:2],
        title_cased=sum(word[:1].isupper() for word in article.title.split()) >= 2,
    )


def propose_fact(*, text: str, article: Article, start: int | None = None) -> dict[str, Any]:
    """The desk's proposal for a quote (at `start` in the article's text, when known), read
    from the quote, its sentence and the article, as Claim field values."""
    proposal = facts_proposal.propose_fact(
        text, resources=identity_resources(), context=article_context(article), quote_start=start
    )
    entity = Entity.objects.filter(name=proposal.entity).first() if proposal.entity else None
    measure = Measure.objects.filter(slug=proposal.measure).first() if proposal.measure else None
    return {
        "entity_id": entity.pk if entity else None,
        "locality": proposal.locality[:200],
        "measure_id": measure.pk if measure else None,
        "event": proposal.event[:40],
        "value_low": proposal.value_low,
        "value_high": proposal.value_high,
        "unit": proposal.unit,
        "hedge": proposal.hedge,
        "event_start": proposal.event_start,
        "event_end": proposal.event_end,
        "event_granularity": proposal.event_granularity,
        "scope_start": proposal.scope_start,
        "scope_end": proposal.scope_end,
    }


def _require_editor(user: Any) -> None:
    if not roles.is_editor(user):
        raise NotAllowed("Only editors may create or edit claims.")


@transaction.atomic
def claim_create(
    *,
    article_id: int,
    author: Any,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int = 1,
    statement: str = "",
    claimant: str = "",
    fact: dict[str, Any] | None = None,
) -> Claim:
    """Anchor a new claim on an article and propose its fact; `fact` overrides the proposal."""
    _require_editor(author)
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    try:
        if start is not None and end is not None:
            anchor = anchoring.anchor_from_offsets(article.body, start, end)
            if quote and quote != anchor.exact:
                raise InvalidInput("The quote does not match the text at start..end.")
        elif quote:
            anchor = anchoring.anchor_from_quote(article.body, quote, occurrence)
        else:
            raise InvalidInput("Give start and end, or the quote, of the claim's span.")
    except anchoring.AnchorError as exc:
        raise InvalidInput(str(exc), code="bad_anchor") from exc

    values = propose_fact(text=anchor.exact, article=article, start=anchor.start)
    for name, value in (fact or {}).items():
        key = RELATIONS.get(name, name)
        if key not in FACT_FIELDS:
            raise InvalidInput(f"{name} is not a fact field.")
        values[key] = getattr(value, "pk", value)
    _validate_fact(values)
    claim = Claim.objects.create(
        article=article,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        statement=(statement or anchor.exact).strip(),
        claimant=claimant.strip(),
        author=author,
        **values,
    )
    _event(claim, actor=author, action=ReviewEvent.Action.CREATE)
    _after_commit_fact_change(claim)
    return claim


@transaction.atomic
def claim_update(*, claim_id: int, version: int | None, actor: Any, **changes: Any) -> Claim:
    """Edit a claim's statement, fact, rating or summary, checking `version`."""
    claim = _lock(claim_id)
    _check_version(claim, version)
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(RELATIONS)
    if unknown:
        raise InvalidInput(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    for relation, field in RELATIONS.items():
        if relation in changes:
            value = changes.pop(relation)
            changes[field] = getattr(value, "pk", value)
    verdict_only = set(changes) <= set(VERDICT_FIELDS)
    if claim.status == Claim.Status.DRAFT:
        _require_editor(actor)
    elif claim.status == Claim.Status.IN_REVIEW and verdict_only:
        if not roles.is_staff_member(actor):
            raise NotAllowed("Only newsroom staff may edit claims.")
    else:
        raise Conflict(
            f"A claim that is {claim.get_status_display().lower()} cannot be edited"
            + (
                "; reopen it for correction first."
                if claim.status == Claim.Status.VERIFIED
                else "."
            ),
            code="not_editable",
        )
    if "rating" in changes and (changes["rating"] or "") not in ("", *Rating.values):
        raise InvalidInput(
            f"Unknown rating {changes['rating']!r}.", detail={"rating": ["Unknown."]}
        )
    if changes.get("entity_id") and not Entity.objects.filter(pk=changes["entity_id"]).exists():
        raise InvalidInput("Unknown entity.", detail={"entity": ["Unknown entity."]})
    measure_before = claim.measure_id

    values = {name: getattr(claim, name) for name in FACT_FIELDS}
    values.update({k: v for k, v in changes.items() if k in FACT_FIELDS})
    _validate_fact(values)
    diff = {}
    for name, value in changes.items():
        if value is None and name in BLANKABLE_FIELDS:
            value = ""
        before = getattr(claim, name)
        if before != value:
            diff[name] = [_jsonable(before), _jsonable(value)]
            setattr(claim, name, value)
    if not diff:
        return claim
    claim.version += 1
    claim.save()
    _event(
        claim, actor=actor, action=ReviewEvent.Action.EDIT, from_status=claim.status, changes=diff
    )
    if "measure_id" in diff and claim.measure_id is not None and measure_before != claim.measure_id:
        measure_cue_learn(claim=claim, measure_id=claim.measure_id)
    if set(diff) & set(FACT_FIELDS):
        _after_commit_fact_change(claim)
    return claim


def measure_cue_learn(*, claim: Claim, measure_id: int) -> MeasureCue | None:
    """Teach the desk the phrase that announced `claim`'s figure as a cue of the measure an
    editor gave it (shown as learned; an editor may remove it). Runs inside the caller's
    transaction; returns the cue, or None when the quote has no phrase to learn or the
    measure already has it."""
    phrase = announcing_phrase(claim.exact, language=(claim.article.language or "en")[:2])
    if not phrase:
        return None
    language = (claim.article.language or "en")[:2]
    normalised = " ".join(normalise(phrase).split())
    cue, created = MeasureCue.objects.get_or_create(
        measure_id=measure_id,
        language=language,
        normalised=normalised,
        defaults={"phrase": phrase, "learned": True, "learned_from": claim},
    )
    return cue if created else None


@transaction.atomic
def claim_link(*, claim_id: int, other_id: int, same: bool, actor: Any) -> ClaimLink:
    """An editor's word: the two claims state the same fact (they are compared whatever their
    identities say, and the measure's cues learn the other claim's phrase) or not (never
    compared). Both claims are re-checked after the commit."""
    if not roles.is_staff_member(actor):
        raise NotAllowed("Only newsroom staff may link claims.")
    if claim_id == other_id:
        raise InvalidInput("A claim is always the same fact as itself.")
    claims = {
        c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[claim_id, other_id])
    }
    if len(claims) < 2:
        missing = other_id if other_id not in claims else claim_id
        raise NotFound(f"There is no claim {missing}.")
    a, b = sorted((claim_id, other_id))
    link, _created = ClaimLink.objects.update_or_create(
        claim_a_id=a, claim_b_id=b, defaults={"same": same, "created_by": actor}
    )
    what = "the same fact as" if same else "not the same fact as"
    for this, other in ((claims[a], claims[b]), (claims[b], claims[a])):
        _event(
            this,
            actor=actor,
            action=ReviewEvent.Action.LINK,
            from_status=this.status,
            comment=f"Marked {what} claim #{other.pk}.",
            changes={"same_fact" if same else "not_same_fact": [None, other.pk]},
        )
    if same:
        for this, other in ((claims[a], claims[b]), (claims[b], claims[a])):
            if this.measure_id is not None and other.measure_id is None:
                measure_cue_learn(claim=other, measure_id=this.measure_id)
    for claim in claims.values():
        _after_commit_fact_change(claim)
    return link


@transaction.atomic
def claim_unlink(*, claim_id: int, other_id: int, actor: Any) -> None:
    """Forget an editor's link between two claims; their identities decide again."""
    if not roles.is_staff_member(actor):
        raise NotAllowed("Only newsroom staff may unlink claims.")
    a, b = sorted((claim_id, other_id))
    deleted, _ = ClaimLink.objects.filter(claim_a_id=a, claim_b_id=b).delete()
    if not deleted:
        raise NotFound("These claims are not linked.")
    for claim in Claim.objects.filter(pk__in=[a, b]):
        _event(
            claim,
            actor=actor,
            action=ReviewEvent.Action.LINK,
            from_status=claim.status,
            comment=f"Link with claim #{b if claim.pk == a else a} removed.",
        )
        _after_commit_fact_change(claim)


@transaction.atomic
def citation_add(
    *,
    claim_id: int,
    actor: Any,
    stance: str,
    source_id: int | None = None,
    article_id: int | None = None,
    url: str = "",
    title: str = "",
    publisher: str = "",
    kind: str = "other",
    quote: str = "",
    locator: str = "",
) -> Citation:
    """Attach a source (an existing Source, an imported Article, or a new reference)."""
    if not roles.is_staff_member(actor):
        raise NotAllowed("Only newsroom staff may cite sources.")
    claim = _lock(claim_id)
    if claim.status not in (Claim.Status.DRAFT, Claim.Status.IN_REVIEW):
        raise Conflict("Citations can be added to draft or in-review claims only.")
    if stance not in Citation.Stance.values:
        raise InvalidInput(
            f"Unknown stance {stance!r}: use supports, refutes or context.",
            detail={"stance": ["Unknown stance."]},
        )
    if source_id is not None:
        source = Source.objects.filter(pk=source_id).first()
        if source is None:
            raise InvalidInput(f"There is no source {source_id}.")
    elif article_id is not None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise InvalidInput(f"There is no article {article_id}.")
        source = source_for_article(article=article)
    elif title or url:
        source = source_create(title=title or url, url=url, kind=kind, publisher=publisher)
    else:
        raise InvalidInput("Give a source, an article, or a reference's URL and title.")
    citation = Citation.objects.create(
        claim=claim, source=source, stance=stance, quote=quote, locator=locator, added_by=actor
    )
    _event(
        claim,
        actor=actor,
        action=ReviewEvent.Action.CITE,
        from_status=claim.status,
        changes={"citation": [None, {"source": source.pk, "stance": stance}]},
    )
    return citation


# --- The review workflow -------------------------------------------------------------


def _transition(claim: Claim, *, actor: Any, to: str, action: str, comment: str = "") -> Claim:
    from_status = claim.status
    claim.status = to
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at"])
    _event(claim, actor=actor, action=action, from_status=from_status, comment=comment)
    return claim


def _expect(claim: Claim, version: int | None, *statuses: str) -> None:
    _check_version(claim, version)
    if claim.status not in statuses:
        wanted = " or ".join(Claim.Status(s).label.lower() for s in statuses)
        raise Conflict(
            f"The claim is {claim.get_status_display().lower()}; this needs it {wanted}.",
            code="wrong_status",
        )


def approval_missing(claim: Claim, *, citation_count: int | None = None) -> list[str]:
    """What approval still needs of `claim` ("a rating", "a summary", "at least one
    citation"); empty when it is complete. `citation_count` spares a query when known."""
    cited = claim.citations.exists() if citation_count is None else citation_count > 0
    return [
        label
        for label, ok in (
            ("a rating", bool(claim.rating)),
            ("a summary", bool(claim.summary.strip())),
            ("at least one citation", cited),
        )
        if not ok
    ]


def _require_complete(claim: Claim, what: str) -> None:
    missing = approval_missing(claim)
    if missing:
        raise InvalidInput(
            f"{what} needs " + ", ".join(missing) + ".",
            code="incomplete",
            detail={"missing": missing},
        )


@transaction.atomic
def claim_submit(*, claim_id: int, version: int | None, actor: Any) -> Claim:
    _require_editor(actor)
    claim = _lock(claim_id)
    _expect(claim, version, Claim.Status.DRAFT)
    if claim.anchor_state == Claim.Anchor.ORPHANED:
        raise Conflict("The claim's quote is gone from the article; re-anchor it first.")
    _require_complete(claim, "Submitting")
    return _transition(
        claim, actor=actor, to=Claim.Status.IN_REVIEW, action=ReviewEvent.Action.SUBMIT
    )


# The actions that change what a verdict says (statement, fact, rating, summary, sources).
AUTHORING_ACTIONS = (ReviewEvent.Action.CREATE, ReviewEvent.Action.EDIT, ReviewEvent.Action.CITE)


def _changed_by_since_last_approval(claim: Claim, user: Any) -> bool:
    """True when `user` created, edited or cited on `claim` since its last approval (or ever,
    if it was never approved): whatever they touched is theirs, and four eyes means another
    person approves it. Read from the append-only ReviewEvent history."""
    history = claim.events.order_by("-id")
    last_approval = (
        history.filter(action=ReviewEvent.Action.APPROVE).values_list("id", flat=True).first()
    )
    touched = history.filter(actor_id=user.pk, action__in=AUTHORING_ACTIONS)
    if last_approval is not None:
        touched = touched.filter(id__gt=last_approval)
    return touched.exists()


@transaction.atomic
def claim_approve(
    *, claim_id: int, version: int | None, reviewer: Any, override_conflicts: bool = False
) -> FactCheck:
    """Publish the claim's verdict as a new FactCheck version (four-eyes).

    A claim with an unresolved (open or confirmed) high-severity conflict is approved only
    when the reviewer says so explicitly (`override_conflicts`), after seeing the warning.
    """
    if not roles.is_reviewer(reviewer):
        raise NotAllowed("Only reviewers may approve fact-checks.")
    claim = _lock(claim_id)
    _expect(claim, version, Claim.Status.IN_REVIEW)
    if claim.author_id == reviewer.pk:
        raise NotAllowed(
            "You wrote this claim: another reviewer must approve it.", code="own_claim"
        )
    if _changed_by_since_last_approval(claim, reviewer):
        raise NotAllowed(
            "You wrote or changed this verdict since it was last approved: another reviewer "
            "must approve it.",
            code="changed_by_you",
        )
    _require_complete(claim, "Approval")
    if not override_conflicts:
        _refuse_over_high_conflicts(claim)
    citations = [
        {
            "source_id": c.source_id,
            "title": c.source.title,
            "url": c.source.url or (c.source.article.url if c.source.article is not None else ""),
            "publisher": c.source.publisher,
            "kind": c.source.kind,
            "stance": c.stance,
            "quote": c.quote,
            "locator": c.locator,
        }
        for c in claim.citations.select_related("source__article")
    ]
    last = claim.factchecks.order_by("-version").values_list("version", flat=True).first() or 0
    factcheck = FactCheck.objects.create(
        claim=claim,
        version=last + 1,
        rating=claim.rating,
        summary=claim.summary,
        statement=claim.statement,
        fact=factcheck_fact(claim),
        citations=citations,
        source=factcheck_source(claim),
        author=claim.author,
        approved_by=reviewer,
        approved_at=timezone.now(),
    )
    _transition(claim, actor=reviewer, to=Claim.Status.VERIFIED, action=ReviewEvent.Action.APPROVE)
    _notify_author(claim, "approved")
    _announce(
        claim,
        event=WebhookEvent.CORRECTED if factcheck.version > 1 else WebhookEvent.VERIFIED,
        factcheck_version=factcheck.version,
    )
    _after_commit_fact_change(claim)
    return factcheck


def _refuse_over_high_conflicts(claim: Claim) -> None:
    flags = selectors.high_conflicts_of(claim.pk)
    if flags:
        ids = ", ".join(f"#{flag.pk}" for flag in flags)
        raise Conflict(
            f"This claim has an open high-severity conflict ({ids}). Read it first; approve "
            "anyway only if you are sure, by confirming that you approve over the conflict.",
            code="open_conflict",
            detail={"conflicts": [flag.pk for flag in flags]},
        )


@transaction.atomic
def claim_request_changes(
    *, claim_id: int, version: int | None, reviewer: Any, comment: str
) -> Claim:
    if not roles.is_reviewer(reviewer):
        raise NotAllowed("Only reviewers may send a claim back.")
    if not (comment or "").strip():
        raise InvalidInput("Say what needs changing.", detail={"comment": ["Required."]})
    claim = _lock(claim_id)
    _expect(claim, version, Claim.Status.IN_REVIEW)
    _transition(
        claim,
        actor=reviewer,
        to=Claim.Status.DRAFT,
        action=ReviewEvent.Action.REQUEST_CHANGES,
        comment=comment.strip(),
    )
    _notify_author(claim, "changes_requested")
    return claim


@transaction.atomic
def claim_retract(*, claim_id: int, version: int | None, actor: Any, reason: str) -> Claim:
    """Withdraw a published verdict: the claim and its latest FactCheck are retracted."""
    if not roles.is_reviewer(actor):
        raise NotAllowed("Only reviewers may retract a fact-check.")
    if not (reason or "").strip():
        raise InvalidInput("Give the reason for the retraction.", detail={"reason": ["Required."]})
    claim = _lock(claim_id)
    _expect(claim, version, Claim.Status.VERIFIED)
    FactCheck.objects.filter(claim=claim, retracted_at__isnull=True).update(
        retracted_at=timezone.now(), retraction_reason=reason.strip()
    )
    claim = _transition(
        claim,
        actor=actor,
        to=Claim.Status.RETRACTED,
        action=ReviewEvent.Action.RETRACT,
        comment=reason.strip(),
    )
    latest = claim.factchecks.latest("version")  # a verified claim has one
    _announce(claim, event=WebhookEvent.RETRACTED, factcheck_version=latest.version)
    return claim


@transaction.atomic
def claim_reopen(*, claim_id: int, version: int | None, actor: Any, comment: str = "") -> Claim:
    """Reopen a verified claim for correction; its published FactCheck stays served."""
    if not roles.is_staff_member(actor):
        raise NotAllowed("Only newsroom staff may reopen a claim.")
    claim = _lock(claim_id)
    _expect(claim, version, Claim.Status.VERIFIED)
    return _transition(
        claim,
        actor=actor,
        to=Claim.Status.DRAFT,
        action=ReviewEvent.Action.REOPEN,
        comment=(comment or "").strip(),
    )


def _notify_author(claim: Claim, what: str) -> None:
    event_id = claim.events.order_by("-id").values_list("id", flat=True).first()
    enqueue_on_commit(NOTIFY_AUTHOR_TASK, event_id)


def _announce(claim: Claim, *, event: str, factcheck_version: int) -> list[int]:
    """Record `event` for every active webhook subscribed to it (an outbox: the deliveries
    commit or roll back with the verdict) and send them after the commit.

    The body is built by `claims.publishing.webhooks` from the immutable FactCheck version
    on the first attempt, and kept, so every retry sends the same bytes.
    """
    webhook_ids = Webhook.objects.filter(
        is_active=True, **{Webhook.event_field(event): True}
    ).values_list("pk", flat=True)
    event_id = uuid.uuid4()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook_id=webhook_id,
            event_id=event_id,
            event=event,
            claim_id=claim.pk,
            factcheck_version=factcheck_version,
            payload={},
        )
        for webhook_id in webhook_ids
    )
    for delivery in deliveries:
        enqueue_on_commit(DELIVER_WEBHOOK_TASK, delivery.pk)
    return [delivery.pk for delivery in deliveries]


COMMENT_MAX_CHARS = 5000


@transaction.atomic
def comment_add(*, claim_id: int, author: Any, body: str) -> ClaimComment:
    """A note on a claim for its editor and reviewers to talk (any state of the claim)."""
    if not roles.is_staff_member(author):
        raise NotAllowed("Only newsroom staff may comment on claims.")
    text = (body or "").strip()
    if not text:
        raise InvalidInput("Write the comment first.", detail={"body": ["Required."]})
    if len(text) > COMMENT_MAX_CHARS:
        raise InvalidInput(
            f"A comment is at most {COMMENT_MAX_CHARS:,} characters; this one has {len(text):,}.",
            detail={"body": [f"At most {COMMENT_MAX_CHARS} characters."]},
        )
    claim = _lock(claim_id)
    return ClaimComment.objects.create(claim=claim, author=author, body=text)


# --- Suggestions -----------------------------------------------------------------------


@transaction.atomic
def suggestion_accept(*, suggestion_id: int, actor: Any) -> Claim:
    suggestion = ClaimSuggestion.objects.select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None:
        raise NotFound(f"There is no suggestion {suggestion_id}.")
    if suggestion.status != ClaimSuggestion.Status.PENDING:
        raise Conflict(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    claim = claim_create(
        article_id=suggestion.article_id, author=actor, start=suggestion.start, end=suggestion.end
    )
    suggestion.status = ClaimSuggestion.Status.ACCEPTED
    suggestion.claim = claim
    suggestion.save(update_fields=["status", "claim"])
    return claim


@transaction.atomic
def suggestion_dismiss(*, suggestion_id: int, actor: Any) -> ClaimSuggestion:
    _require_editor(actor)
    suggestion = ClaimSuggestion.objects.select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None:
        raise NotFound(f"There is no suggestion {suggestion_id}.")
    if suggestion.status != ClaimSuggestion.Status.PENDING:
        raise Conflict(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    suggestion.status = ClaimSuggestion.Status.DISMISSED
    suggestion.save(update_fields=["status"])
    return suggestion


# --- Re-anchoring after an article revision ----------------------------------------------


@transaction.atomic
def claims_reanchor(*, article_id: int) -> dict[str, int]:
    """Re-find every claim of a revised article in its new text.

    Exact quote first, then position, then a fuzzy match on prefix/suffix; a claim whose
    quote cannot be found is marked orphaned (listed for editors), never moved silently.
    Idempotent: claims already anchored in the current text are left alone.
    """
    article = Article.objects.get(pk=article_id)
    counts = {"unchanged": 0, "reanchored": 0, "orphaned": 0}
    for claim in Claim.objects.select_for_update().filter(article=article).order_by("id"):
        if article.body[claim.start : claim.end] == claim.exact and claim.anchor_state != (
            Claim.Anchor.ORPHANED
        ):
            counts["unchanged"] += 1
            continue
        old = anchoring.Anchor(claim.start, claim.end, claim.exact, claim.prefix, claim.suffix)
        found = anchoring.reanchor(article.body, old)
        before = {"start": claim.start, "end": claim.end, "exact": claim.exact}
        if found is None:
            if claim.anchor_state == Claim.Anchor.ORPHANED:
                counts["orphaned"] += 1
                continue
            claim.anchor_state = Claim.Anchor.ORPHANED
            claim.save(update_fields=["anchor_state", "updated_at"])
            _event(
                claim,
                actor=None,
                action=ReviewEvent.Action.REANCHOR,
                from_status=claim.status,
                comment=f"The quote is not in revision {article.revision} of the article.",
                changes={"anchor_state": ["anchored", "orphaned"]},
            )
            counts["orphaned"] += 1
            continue
        anchor, how = found
        claim.start, claim.end, claim.exact = anchor.start, anchor.end, anchor.exact
        claim.prefix, claim.suffix = anchor.prefix, anchor.suffix
        claim.anchor_state = Claim.Anchor.REANCHORED
        claim.save(
            update_fields=[
                "start",
                "end",
                "exact",
                "prefix",
                "suffix",
                "anchor_state",
                "updated_at",
            ]
        )
        _event(
            claim,
            actor=None,
            action=ReviewEvent.Action.REANCHOR,
            from_status=claim.status,
            comment=f"Re-anchored ({how}) in revision {article.revision}.",
            changes={
                k: [v, getattr(claim, k)] for k, v in before.items() if v != getattr(claim, k)
            },
        )
        counts["reanchored"] += 1
    return counts
