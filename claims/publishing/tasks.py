"""The publishing wing's Celery tasks: webhook deliveries and their recovery."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from claims.publishing import webhooks


class WebhookDeliveryFailed(Exception):
    """A webhook delivery attempt failed in a way worth retrying."""


@shared_task(
    name=webhooks.DELIVER_TASK,
    bind=True,
    autoretry_for=(WebhookDeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=settings.NEWSDESK_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.NEWSDESK_WEBHOOK_MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_webhook(self, delivery_id: int) -> str:
    """One signed POST; network errors, 408/429 and 5xx are retried with backoff."""
    outcome = webhooks.webhook_deliver(
        delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries
    )
    if outcome == "retry":
        raise WebhookDeliveryFailed(f"Delivery {delivery_id} failed; retrying.")
    return outcome


@shared_task(name="claims.publishing.tasks.resume_webhook_deliveries")
def resume_webhook_deliveries() -> int:
    return webhooks.webhook_deliveries_resume()
