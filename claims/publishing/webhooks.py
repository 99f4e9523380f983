"""Webhooks: consumers are told when a verdict is published, corrected or retracted.

- Registration checks the URL with the same address rules as article fetching
  (`newsdesk.common.http.check_url`): public addresses only, https unless the host is
  allow-listed in NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS (tests, local demos).
- `claims.services` records an event inside the transaction that changes the verdict: one
  WebhookDelivery per subscribed webhook (an outbox, so a crash after the commit loses
  nothing), sent after the commit by `claims.publishing.tasks.deliver_webhook`, named
  `DELIVER_TASK` here. The body is built on the first attempt (`payload_build`) from the
  immutable FactCheck version, and kept for the retries.
- `webhook_deliver` POSTs the stored payload with `fetch` (address checks on every
  attempt, no redirects followed), signed per the Standard Webhooks specification
  (https://www.standardwebhooks.com/), so its verifier libraries check it as they are:

      webhook-id: <the event's uuid, the same on every retry: deduplicate on it>
      webhook-timestamp: <unix seconds of this attempt>
      webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>
      X-Newsdesk-Event: claim.verified | claim.corrected | claim.retracted

  Secrets are `whsec_` + base64 of 32 random bytes; the key is those bytes. Rotating a
  secret keeps the previous one for NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS: during
  that window every delivery carries two signatures (space-separated, the new one first),
  so a consumer verifying with either secret accepts it. Secrets made before the
  specification was followed (not base64) sign with their text as the key until rotated.

  A 2xx is delivered; a network error, 408, 429 or 5xx is retried by the Celery task with
  exponential backoff; any other answer fails the delivery at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from claims.models import DeliveryStatus, Webhook, WebhookDelivery
from newsdesk.common.http import BadStatus, FetchError, check_url, fetch
from newsdesk.common.tasks import enqueue

SIGNATURE_HEADER = "webhook-signature"
TIMESTAMP_HEADER = "webhook-timestamp"
ID_HEADER = "webhook-id"
EVENT_HEADER = "X-Newsdesk-Event"
SECRET_PREFIX = "whsec_"  # noqa: S105 (the specification's prefix, not a secret)
SECRET_BYTES = 32
RETRYABLE_STATUSES = frozenset({408, 425, 429})
MAX_RESPONSE_BYTES = 64 * 1024
# The task that sends a delivery (claims.publishing.tasks, which imports this module).
DELIVER_TASK = "claims.publishing.tasks.deliver_webhook"


# --------------------------------------------------------------------------- registration


def webhook_url_check(url: str) -> str:
    """The URL if webhooks may be sent to it, else a ValidationError saying why."""
    url = (url or "").strip()
    allowed = settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS
    try:
        check_url(url, allow_private_hosts=allowed)
    except FetchError as exc:
        raise ValidationError({"url": [exc.message]}) from None
    parts = urlsplit(url)
    if parts.scheme != "https" and (parts.hostname or "") not in allowed:
        raise ValidationError({"url": ["Webhooks are sent over https only."]})
    return url


def _new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a secret: its base64 bytes (a text secret from before: its text)."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return secret.encode()


@transaction.atomic
def webhook_create(
    *,
    name: str,
    url: str,
    created_by: Any = None,
    on_verified: bool = True,
    on_corrected: bool = True,
    on_retracted: bool = True,
) -> tuple[Webhook, str]:
    """Register a consumer URL; returns the webhook and its signing secret (shown once)."""
    if not (name or "").strip():
        raise ValidationError({"name": ["Name the webhook after who receives it."]})
    if not (on_verified or on_corrected or on_retracted):
        raise ValidationError("Choose at least one event.")
    secret = _new_secret()
    webhook = Webhook.objects.create(
        name=name.strip()[:200],
        url=webhook_url_check(url),
        secret=secret,
        on_verified=on_verified,
        on_corrected=on_corrected,
        on_retracted=on_retracted,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return webhook, secret


@transaction.atomic
def webhook_update(*, webhook_id: int, **changes: Any) -> Webhook:
    editable = {"name", "url", "on_verified", "on_corrected", "on_retracted", "is_active"}
    unknown = set(changes) - editable
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    if "url" in changes:
        changes["url"] = webhook_url_check(changes["url"])
    for name, value in changes.items():
        setattr(webhook, name, value)
    if not (webhook.on_verified or webhook.on_corrected or webhook.on_retracted):
        raise ValidationError("Choose at least one event.")
    webhook.save()
    return webhook


@transaction.atomic
def webhook_secret_rotate(*, webhook_id: int) -> str:
    """A new signing secret (shown once). Deliveries are signed with it from now on, and
    also with the previous one until the overlap window ends (a second rotation within the
    window ends the oldest secret at once)."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    secret = _new_secret()
    overlap = timedelta(seconds=settings.NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS)
    webhook.previous_secret = webhook.secret if overlap else ""
    webhook.previous_secret_expires_at = timezone.now() + overlap if overlap else None
    webhook.secret = secret
    webhook.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return secret


def signing_secrets(webhook: Webhook, *, now=None) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the previous one
    during its overlap window."""
    now = now or timezone.now()
    found = [webhook.secret]
    expires = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires is not None and expires > now:
        found.append(webhook.previous_secret)
    return found


# --------------------------------------------------------------------------- events


def payload_build(delivery: WebhookDelivery) -> dict[str, Any]:
    """The body of a recorded event: the consumers' view of the FactCheck version it is
    about (a tombstone for a retraction), as of when the event was recorded."""
    from claims.publishing.api import public

    row = public.public_rows(
        public.factcheck_version(claim_id=delivery.claim_id, version=delivery.factcheck_version)
    ).first()
    claim = public.represent(row, url_prefix=reverse("claim-list")) if row else None
    return {
        "id": str(delivery.event_id),
        "type": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": {"claim": claim},
    }


def _enqueue(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        enqueue(DELIVER_TASK, delivery_id)


# --------------------------------------------------------------------------- delivery


def body_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent: compact, key-sorted JSON (the same on every attempt)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    """One Standard Webhooks signature: "v1," + base64 HMAC-SHA256 of id.timestamp.body."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    mac = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def signature_header(secrets_: list[str], message_id: str, timestamp: str, body: bytes) -> str:
    return " ".join(signature(secret, message_id, timestamp, body) for secret in secrets_)


def webhook_deliver(*, delivery_id: int, final_attempt: bool) -> str:
    """Make one delivery attempt. Returns "delivered", "retry", "failed" or "skipped".

    Idempotent: a delivery already delivered or failed is skipped. No transaction is held
    open during the HTTP request; the attempt is counted before it is made.
    """
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return "skipped"
    webhook = delivery.webhook
    now = timezone.now()
    if not webhook.is_active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, last_error="The webhook was deactivated."
        )
        return "failed"

    if not delivery.payload:  # recorded by claims.services; built once, then kept
        delivery.payload = payload_build(delivery)
        WebhookDelivery.objects.filter(pk=delivery_id).update(payload=delivery.payload)
    body = body_bytes(delivery.payload)
    timestamp = str(int(time.time()))
    message_id = str(delivery.event_id)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsdesk-Webhooks/2.0",
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature_header(signing_secrets(webhook), message_id, timestamp, body),
        EVENT_HEADER: delivery.event,
    }
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    status_code: int | None = None
    try:
        result = fetch(
            webhook.url,
            method="POST",
            body=body,
            headers=headers,
            allowed_content_types=(),
            allow_private_hosts=settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS,
            timeout=settings.NEWSDESK_WEBHOOK_TIMEOUT,
            max_bytes=MAX_RESPONSE_BYTES,
            max_redirects=0,
        )
    except BadStatus as exc:
        status_code, error = exc.status, exc.message
        retryable = exc.status >= 500 or exc.status in RETRYABLE_STATUSES
    except FetchError as exc:
        error, retryable = exc.message, True
    else:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.DELIVERED,
            status_code=result.status,
            delivered_at=timezone.now(),
            last_error="",
        )
        return "delivered"

    give_up = final_attempt or not retryable
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.FAILED if give_up else DeliveryStatus.RETRYING,
        status_code=status_code,
        last_error=error[:2000],
    )
    return "failed" if give_up else "retry"


@transaction.atomic
def webhook_delivery_retry(*, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again (from the admin), whatever happened to it before."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    delivery.status = DeliveryStatus.PENDING
    delivery.save(update_fields=["status"])
    transaction.on_commit(lambda: _enqueue([delivery_id]), robust=True)
    return delivery


def webhook_deliveries_resume(*, older_than: timedelta = timedelta(minutes=30)) -> int:
    """Re-enqueue open deliveries nobody has tried for a while (a lost queue message or a
    worker that died). Safe to run at any time: a delivery already made is skipped."""
    cutoff = timezone.now() - older_than
    stale = list(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], created_at__lt=cutoff
        )
        .exclude(last_attempt_at__gte=cutoff)
        .values_list("pk", flat=True)[:1000]
    )
    _enqueue(stale)
    return len(stale)
