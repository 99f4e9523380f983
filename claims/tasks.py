"""Thin Celery tasks: each takes ids and calls one service. All are idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="claims.tasks.suggest_claims")
def suggest_claims(article_id: int) -> int:
    from claims.suggestions import suggestions_refresh

    return suggestions_refresh(article_id=article_id)


@shared_task(name="claims.tasks.reanchor_claims")
def reanchor_claims(article_id: int) -> dict:
    from claims.services import claims_reanchor

    return claims_reanchor(article_id=article_id)


@shared_task(name="claims.tasks.check_claim_conflicts")
def check_claim_conflicts(claim_id: int) -> dict:
    from claims.conflicts import conflict_check_claim

    return conflict_check_claim(claim_id=claim_id)


@shared_task(name="claims.tasks.conflict_sweep")
def conflict_sweep(shards: int | None = None) -> int:
    from claims.conflicts import conflict_sweep_fan_out

    return conflict_sweep_fan_out(shards=shards)


@shared_task(name="claims.tasks.conflict_sweep_shard")
def conflict_sweep_shard(shard: int, shards: int) -> dict:
    from claims.conflicts import conflict_sweep_shard as sweep_shard

    return sweep_shard(shard=shard, shards=shards)


@shared_task(name="claims.tasks.notify_author", autoretry_for=(OSError,), retry_backoff=True)
def notify_author(event_id: int) -> bool:
    from claims.notifications import notify_author_of_event

    return notify_author_of_event(event_id=event_id)


from django.conf import settings  # noqa: E402  (appended with the webhook tasks)


class WebhookDeliveryFailed(Exception):
    """A webhook delivery attempt failed in a way worth retrying."""


@shared_task(
    name="claims.tasks.deliver_webhook",
    bind=True,
    autoretry_for=(WebhookDeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=settings.NEWSDESK_WEBHOOK_MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_webhook(self, delivery_id: int) -> str:
    """One signed POST; network errors, 408/429 and 5xx are retried with backoff."""
    from claims.webhooks import webhook_deliver

    outcome = webhook_deliver(
        delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries
    )
    if outcome == "retry":
        raise WebhookDeliveryFailed(f"Delivery {delivery_id} failed; retrying.")
    return outcome


@shared_task(name="claims.tasks.resume_webhook_deliveries")
def resume_webhook_deliveries() -> int:
    from claims.webhooks import webhook_deliveries_resume

    return webhook_deliveries_resume()
