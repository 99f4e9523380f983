"""Claims, their structured facts, citations, the review trail, verdicts and conflicts."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify

from claims import audit
from newsdesk.common.models import TimeStampedModel, choices_constraint
from newsdesk.common.triggers import StrictProtect, StrictTrigger
from sources.models import Article, Source


class EntityKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class Entity(TimeStampedModel):
    """A canonical subject (a country, an organisation, a person) with its aliases."""

    Kind = EntityKind

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, help_text="Its name in addresses")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    code = models.CharField(max_length=8, blank=True, help_text="ISO 3166 code for countries")
    same_as = models.JSONField(
        default=list,
        blank=True,
        help_text="Addresses that identify it elsewhere (Wikidata, Wikipedia, its own site): "
        "published as schema.org sameAs",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [choices_constraint("kind", EntityKind, "claims_entity_kind_valid")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:  # derived from the name once; addresses then stay stable
            self.slug = unique_slug(Entity, self.name)
        super().save(*args, **kwargs)


def unique_slug(model: type[models.Model], name: str) -> str:
    """A slug of `name` that no row of `model` has yet ("mali", "mali-2")."""
    base = slugify(name)[:190] or "entity"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class EntityAlias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["normalised"]
        verbose_name_plural = "entity aliases"

    def __str__(self) -> str:
        return self.alias


class Dimension(models.TextChoices):
    """What a measure's figures are: the units a figure may have to be about it."""

    PEOPLE = "people", "People"
    COUNT = "count", "Things counted"
    MONEY = "money", "Money"
    PERCENT = "percent", "Percentage"
    LENGTH = "length", "Length"
    AREA = "area", "Area"
    VOLUME = "volume", "Volume"
    MASS = "mass", "Mass"
    TEMPERATURE = "temperature", "Temperature"
    MAGNITUDE = "magnitude", "Magnitude"
    SPEED = "speed", "Per unit of time"
    RATE = "rate", "Per population"
    DURATION = "duration", "Duration"
    DATE = "date", "Date (when something happened)"


class MeasureKind(models.TextChoices):
    """How figures of a measure relate over time (see claims.conflicts.rules)."""

    TOLL = "toll", "Toll: cumulative over an event, grows as counts come in"
    LEVEL = "level", "Level: a state at a point in time"
    FLOW = "flow", "Flow: over a period"
    RATE = "rate", "Rate: per population or per unit of time"


class SubjectKind(models.TextChoices):
    """What a measure's figures are about: a place or an organisation."""

    PLACE = "place", "A place (country, region, city)"
    ORGANISATION = "organisation", "An organisation or company"
    ANY = "any", "Any subject"


class Measure(TimeStampedModel):
    """What a figure measures ("deaths", "voter turnout", "deal value"): the newsroom's
    vocabulary, with the cue phrases that announce it in English and French."""

    Dimension = Dimension
    Kind = MeasureKind
    Subject = SubjectKind

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LEVEL)
    subject = models.CharField(max_length=12, choices=Subject.choices, default=Subject.PLACE)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_constraint("dimension", Dimension, "claims_measure_dimension_valid"),
            choices_constraint("kind", MeasureKind, "claims_measure_kind_valid"),
            choices_constraint("subject", SubjectKind, "claims_measure_subject_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureCue(models.Model):
    """A phrase that announces a measure next to a figure ("death toll", "were killed",
    "morts"). Seeded, added by editors, or learned from an editor's correction."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="cues")
    phrase = models.CharField(max_length=120)
    normalised = models.CharField(max_length=120, editable=False)
    language = models.CharField(max_length=8, default="en")
    learned = models.BooleanField(
        default=False, help_text="Added when an editor corrected a claim's measure"
    )
    learned_from = models.ForeignKey(
        "Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "language", "normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "language", "normalised"], name="claims_measurecue_unique"
            ),
            models.CheckConstraint(condition=~Q(normalised=""), name="claims_measurecue_not_blank"),
        ]

    def __str__(self) -> str:
        return self.phrase


class Rating(models.TextChoices):
    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MISLEADING = "misleading", "Misleading"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class ClaimQuerySet(models.QuerySet):
    def verified(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.VERIFIED)

    def in_review(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.IN_REVIEW)

    def for_entity(self, entity: Entity) -> ClaimQuerySet:
        return self.filter(entity=entity)

    def in_block(self, *, entity_id: int, measure_id: int, unit: str) -> ClaimQuerySet:
        """Claims sharing a blocking key: the candidates for a conflict or corroboration."""
        return self.filter(entity_id=entity_id, measure_id=measure_id, unit=unit)


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    VERIFIED = "verified", "Verified"
    RETRACTED = "retracted", "Retracted"


class Hedge(models.TextChoices):
    EXACT = "exact", "exact"
    ABOUT = "about", "about"
    NEARLY = "nearly", "nearly"
    MORE_THAN = "more_than", "more than"
    AT_LEAST = "at_least", "at least"
    LESS_THAN = "less_than", "less than"
    UP_TO = "up_to", "up to"
    BETWEEN = "between", "between"
    ORDER_OF_MAGNITUDE = "order_of_magnitude", "order of magnitude (thousands of)"


class Granularity(models.TextChoices):
    DAY = "day", "day"
    PART_OF_MONTH = "part_of_month", "part of a month"
    MONTH = "month", "month"
    PART_OF_YEAR = "part_of_year", "part of a year"
    YEAR = "year", "year"
    OPEN = "open", "open-ended"


class AnchorState(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    REANCHORED = "reanchored", "Re-anchored after a revision"
    ORPHANED = "orphaned", "Orphaned: the quote is gone from the new text"


class Claim(TimeStampedModel):
    """A span of an article, the fact it states, and its fact-check in progress."""

    Status = ClaimStatus

    Hedge = Hedge

    Granularity = Granularity

    Anchor = AnchorState

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    # The anchor (W3C Web Annotation: a text position selector plus a text quote selector).
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    anchor_state = models.CharField(max_length=10, choices=Anchor.choices, default=Anchor.ANCHORED)

    statement = models.TextField(help_text="The claim as the desk phrases it")
    claimant = models.CharField(max_length=300, blank=True, help_text="Who said it")

    # The structured fact; its identity is (subject, measure, time scope or event). Blocking
    # key for conflict detection: (entity, measure, unit).
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    locality = models.CharField(
        max_length=200, blank=True, help_text="A place within the subject (a city, a region)"
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    event = models.CharField(
        max_length=40, blank=True, help_text="What the figure belongs to: earthquake, flood..."
    )
    value_low = models.FloatField(null=True, blank=True)
    value_high = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=16, blank=True)
    hedge = models.CharField(max_length=20, choices=Hedge.choices, blank=True)
    event_start = models.DateField(null=True, blank=True)
    event_end = models.DateField(null=True, blank=True)
    event_granularity = models.CharField(max_length=16, choices=Granularity.choices, blank=True)
    scope_start = models.DateField(null=True, blank=True, help_text="When the fact holds: from")
    scope_end = models.DateField(null=True, blank=True, help_text="When the fact holds: until")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    summary = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("status", ClaimStatus, "claims_claim_status_valid"),
            choices_constraint("rating", Rating, "claims_claim_rating_valid", blank=True),
            choices_constraint("hedge", Hedge, "claims_claim_hedge_valid", blank=True),
            choices_constraint(
                "event_granularity", Granularity, "claims_claim_granularity_valid", blank=True
            ),
            choices_constraint("anchor_state", AnchorState, "claims_claim_anchor_state_valid"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claims_claim_span"),
            models.CheckConstraint(
                condition=Q(value_low__isnull=True)
                | Q(value_high__isnull=True)
                | Q(value_low__lte=F("value_high")),
                name="claims_claim_value_interval",
            ),
            # No inf, -inf or NaN: an unbounded side is NULL, and JSON has no such numbers
            # (one made the API answer 500). NaN sorts above Infinity in PostgreSQL.
            models.CheckConstraint(
                condition=(
                    Q(value_low__isnull=True)
                    | Q(value_low__gt=float("-inf"), value_low__lt=float("inf"))
                )
                & (
                    Q(value_high__isnull=True)
                    | Q(value_high__gt=float("-inf"), value_high__lt=float("inf"))
                ),
                name="claims_claim_values_finite",
            ),
            models.CheckConstraint(
                condition=Q(event_start__isnull=True)
                | Q(event_end__isnull=True)
                | Q(event_start__lte=F("event_end")),
                name="claims_claim_event_interval",
            ),
            models.CheckConstraint(
                condition=Q(scope_start__isnull=True)
                | Q(scope_end__isnull=True)
                | Q(scope_start__lte=F("scope_end")),
                name="claims_claim_scope_interval",
            ),
        ]
        indexes = [
            # Conflict detection: one claim's block is an index lookup on the blocking key.
            models.Index(
                fields=["entity", "measure", "unit"],
                condition=Q(entity__isnull=False) & Q(measure__isnull=False),
                name="claims_claim_blocking_key",
            ),
            # The review queue: claims awaiting review, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="in_review"),
                name="claims_claim_review_queue",
            ),
            # Incremental API sync: verified claims ordered by last change.
            models.Index(fields=["updated_at", "id"], name="claims_claim_updated"),
            # Same-fact proposals: claims of one subject in a time range.
            models.Index(fields=["entity", "scope_end"], name="claims_claim_entity_scope"),
            # "Possibly the same fact": trigram similarity of statements within an entity.
            GinIndex(
                fields=["statement"], opclasses=["gin_trgm_ops"], name="claims_claim_statement_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class ClaimLink(models.Model):
    """An editor's word on two claims: the same fact (comparable whatever their identity)
    or not the same (never compared). One row per pair, `claim_a_id < claim_b_id`."""

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(help_text="The same fact (True) or not the same (False)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="claims_claimlink_ordered_pair"
            ),
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="claims_claimlink_pair"),
        ]
        indexes = [
            # "Links of this claim" looks up both sides.
            models.Index(fields=["claim_b"], name="claims_claimlink_claim_b"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a_id} {'=' if self.same else '≠'} {self.claim_b_id}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Citation(models.Model):
    """A claim <-> source link with the source's stance and the passage relied on."""

    Stance = Stance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    stance = models.CharField(max_length=8, choices=Stance.choices)
    quote = models.TextField(blank=True, help_text="The passage of the source relied on")
    locator = models.CharField(max_length=200, blank=True, help_text="Page, table, paragraph")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [choices_constraint("stance", Stance, "claims_citation_stance_valid")]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class ReviewAction(models.TextChoices):
    CREATE = "create", "Created"
    EDIT = "edit", "Edited"
    CITE = "cite", "Citation added"
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    RETRACT = "retract", "Retracted"
    REOPEN = "reopen", "Reopened for correction"
    REANCHOR = "reanchor", "Re-anchored"
    LINK = "link", "Linked to another claim"


class ReviewEvent(models.Model):
    """One step of a claim's history. Append-only: the database refuses UPDATE and DELETE."""

    Action = ReviewAction

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="field: [before, after]")
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the database on insert (claims/audit.py): the row's place in the chain and
    # sha256(previous hash + its content). `manage.py verify_audit` checks them.
    audit_position = models.BigIntegerField(null=True, editable=False)
    audit_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            choices_constraint("action", ReviewAction, "claims_reviewevent_action_valid"),
            # Its index serves the chain trigger's "last row" lookup and the verifier's walk.
            models.UniqueConstraint(
                fields=["audit_position"], name="claims_reviewevent_audit_position"
            ),
        ]
        triggers = [
            StrictProtect(
                name="claims_reviewevent_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
            StrictTrigger(
                name="claims_reviewevent_audit_chain",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                declare=[("_pos", "BIGINT"), ("_prev", "TEXT")],
                func=audit.REVIEW_EVENTS.trigger_func(),
            ),
        ]

    def __str__(self) -> str:
        actor = self.actor
        if actor is None:
            return f"{self.get_action_display()} (by the system)"
        return f"{self.get_action_display()} by {actor.get_full_name() or actor.get_username()}"


class ClaimComment(models.Model):
    """A note on a claim between its editor and its reviewers (not part of the verdict)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="claims_claimcomment_not_blank")
        ]
        indexes = [
            # The workspace lists a claim's comments in order.
            models.Index(fields=["claim", "created_at", "id"], name="claims_claimcomment_claim"),
        ]

    def __str__(self) -> str:
        return self.body[:80]


class FactCheckQuerySet(models.QuerySet):
    def published(self) -> FactCheckQuerySet:
        return self.filter(retracted_at__isnull=True)


class FactCheck(models.Model):
    """A published verdict: immutable and versioned. Only retraction may be recorded later."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="factchecks")
    version = models.PositiveIntegerField()
    rating = models.CharField(max_length=16, choices=Rating.choices)
    summary = models.TextField()
    statement = models.TextField()
    fact = models.JSONField(default=dict, help_text="The structured fact as approved")
    citations = models.JSONField(default=list, help_text="Citations as approved")
    source = models.JSONField(
        default=dict,
        help_text="The quote, claimant and articles as approved: what consumers are shown "
        "(see claims.services.factcheck_source)",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)
    # Set by the database on insert, as on ReviewEvent (claims/audit.py).
    audit_position = models.BigIntegerField(null=True, editable=False)
    audit_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = FactCheckQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="claims_factcheck_version"),
            choices_constraint("rating", Rating, "claims_factcheck_rating_valid"),
            models.CheckConstraint(
                condition=~Q(approved_by=F("author")), name="claims_factcheck_four_eyes"
            ),
            # Its index serves the chain trigger's "last row" lookup and the verifier's walk.
            models.UniqueConstraint(
                fields=["audit_position"], name="claims_factcheck_audit_position"
            ),
        ]
        indexes = [
            # The API serves each claim's latest published FactCheck.
            models.Index(
                fields=["claim", "-version"],
                condition=Q(retracted_at__isnull=True),
                name="claims_factcheck_published",
            ),
        ]
        # Strict: no session's pgtrigger.ignore list switches these off.
        triggers = [
            StrictProtect(name="claims_factcheck_no_delete", operation=pgtrigger.Delete),
            # The verdict itself never changes; a retraction may be stamped once.
            StrictProtect(
                name="claims_factcheck_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(exclude=["retracted_at", "retraction_reason"]),
            ),
            StrictProtect(
                name="claims_factcheck_retract_once",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__retracted_at__isnull=False),
            ),
            StrictTrigger(
                name="claims_factcheck_audit_chain",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                declare=[("_pos", "BIGINT"), ("_prev", "TEXT")],
                func=audit.FACT_CHECKS.trigger_func(),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} v{self.version}: {self.rating}"


class ConflictQuerySet(models.QuerySet):
    def open(self) -> ConflictQuerySet:
        return self.filter(status=Conflict.Status.OPEN)

    def involving(self, claim_id: int) -> ConflictQuerySet:
        return self.filter(Q(claim_a_id=claim_id) | Q(claim_b_id=claim_id))


class ConflictKind(models.TextChoices):
    VALUE = "value", "Value mismatch"
    DATE = "date", "Date mismatch"
    VERDICT = "verdict", "Verdict mismatch"
    REVISION = "revision", "Downward revision of a toll"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"
    RESOLVED = "resolved", "Resolved"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Conflict(models.Model):
    """Two claims that state the same fact incompatibly. One row per (pair, kind)."""

    Kind = ConflictKind

    Status = ConflictStatus

    Severity = Severity

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    severity = models.CharField(max_length=6, choices=Severity.choices, default=Severity.MEDIUM)
    explanation = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(auto_now_add=True)
    detected_by = models.CharField(max_length=40, default="system", help_text="job or user")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(max_length=200, blank=True, help_text="how it was resolved")
    note = models.TextField(blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="claims_conflict_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["claim_a", "claim_b", "kind"], name="claims_conflict_unique_pair_kind"
            ),
            choices_constraint("kind", ConflictKind, "claims_conflict_kind_valid"),
            choices_constraint("status", ConflictStatus, "claims_conflict_status_valid"),
            choices_constraint("severity", Severity, "claims_conflict_severity_valid"),
        ]
        indexes = [
            # "Conflicts of this claim" looks up both sides.
            models.Index(fields=["claim_b"], name="claims_conflict_claim_b"),
            # The open-conflicts list on the dashboard and the admin.
            models.Index(
                fields=["-detected_at"], condition=Q(status="open"), name="claims_conflict_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim_a_id} / {self.claim_b_id}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class ClaimSuggestion(models.Model):
    """A sentence the check-worthiness scorer thinks an editor should look at."""

    Status = SuggestionStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence = models.TextField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-score", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claims_claimsuggestion_unique_span"
            ),
            choices_constraint("status", SuggestionStatus, "claims_claimsuggestion_status_valid"),
        ]

    def __str__(self) -> str:
        return self.sentence[:80]


# --- Webhooks ---------------------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    VERIFIED = "claim.verified", "Claim verified"
    CORRECTED = "claim.corrected", "Claim corrected (a new verdict version)"
    RETRACTED = "claim.retracted", "Claim retracted"


class Webhook(models.Model):
    """A consumer's URL that receives signed POSTs when published verdicts change.

    The secret signs every delivery (Standard Webhooks: HMAC-SHA256, `whsec_` + base64);
    it is generated, shown once in the admin, and never displayed again. After a rotation
    the previous secret also signs until `previous_secret_expires_at`.
    """

    Event = WebhookEvent

    name = models.CharField(max_length=200, help_text="Who receives it")
    url = models.URLField(max_length=2000, help_text="A public https address")
    secret = models.CharField(max_length=128, editable=False)
    previous_secret = models.CharField(
        max_length=128, blank=True, editable=False, help_text="Still signs until it expires"
    )
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    on_verified = models.BooleanField(default=True, help_text="claim.verified")
    on_corrected = models.BooleanField(default=True, help_text="claim.corrected")
    on_retracted = models.BooleanField(default=True, help_text="claim.retracted")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_verified=True) | Q(on_corrected=True) | Q(on_retracted=True),
                name="claims_webhook_some_event",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def event_field(event: str) -> str:
        return {
            WebhookEvent.VERIFIED: "on_verified",
            WebhookEvent.CORRECTED: "on_corrected",
            WebhookEvent.RETRACTED: "on_retracted",
        }[WebhookEvent(event)]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(models.Model):
    """One event for one webhook, and how delivering it went. Recorded in the transaction
    that changed the verdict, so no event is lost between the commit and the queue."""

    Status = DeliveryStatus

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(help_text="Sent as X-Newsdesk-Event-Id: the same on every retry")
    event = models.CharField(max_length=20, choices=WebhookEvent.choices)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="+")
    factcheck_version = models.PositiveIntegerField()
    payload = models.JSONField(help_text="The body sent (the same bytes on every attempt)")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event_id"], name="claims_webhookdelivery_once_per_event"
            ),
            choices_constraint("event", WebhookEvent, "claims_webhookdelivery_event_valid"),
            choices_constraint("status", DeliveryStatus, "claims_webhookdelivery_status_valid"),
        ]
        indexes = [
            # The admin's delivery log of one webhook, newest first.
            models.Index(fields=["webhook", "-created_at"], name="claims_webhookdelivery_log"),
            # Deliveries still to make (a sweep re-enqueues those left behind).
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["pending", "retrying"]),
                name="claims_webhookdelivery_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.claim_id} v{self.factcheck_version} -> {self.webhook_id}"
