"""The base model every domain model extends, and the API keys (they import no app)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str, *, blank: bool = False
) -> models.CheckConstraint:
    """A CheckConstraint that keeps `field` within its TextChoices (choices alone don't)."""
    condition = models.Q(**{f"{field}__in": list(choices.values)})
    if blank:
        condition |= models.Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


class ApiKeyScope(models.TextChoices):
    READ = "read", "Read verified claims"
    STAFF = "staff", "Staff (acts as its user)"


class ApiKey(models.Model):
    """A consumer's API key. Only its SHA-256 and a short prefix are stored.

    The key itself (``nd_`` + 43 random URL-safe characters, 256 bits) is shown once when
    it is created (`create_api_key` or the admin). A `read` key sees verified claims only;
    a `staff` key acts as its `user`, whose role the services check as for any request.
    """

    Scope = ApiKeyScope

    name = models.CharField(max_length=200, help_text="Who uses the key and what for")
    prefix = models.CharField(max_length=16, editable=False, help_text="Shown to find the key")
    # Unique: its index serves the one lookup per API request (by the presented key's hash).
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The account a staff key acts as (an editor or a reviewer)",
    )
    rate = models.CharField(
        max_length=20,
        blank=True,
        help_text="Overrides NEWSDESK_API_RATE for this key, e.g. 1200/min",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        constraints = [
            choices_constraint("scope", ApiKeyScope, "common_apikey_scope_valid"),
            models.CheckConstraint(
                condition=models.Q(scope="read") | models.Q(user__isnull=False),
                name="common_apikey_staff_has_user",
            ),
            models.CheckConstraint(
                condition=models.Q(rate="") | models.Q(rate__regex=r"^[1-9][0-9]*/(s|m|h|d)"),
                name="common_apikey_rate_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class OutboxMessage(models.Model):
    """A task to send to the broker, written in the same transaction as the work it follows.

    `newsdesk.common.tasks.enqueue_on_commit` writes one; after the commit it is sent and
    deleted. If the broker is down the row stays, and the relay (`outbox_relay`: the beat
    task ``newsdesk.common.relay_outbox`` and `manage.py relay_outbox`) sends it later:
    a committed change never loses its follow-up task. Tasks are idempotent, so a message
    sent twice (sent, then the delete lost) does no harm.
    """

    task = models.CharField(max_length=200, help_text="The Celery task's registered name")
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "outbox message"

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
