"""The claim's own Celery tasks: thin and idempotent, each taking ids and calling one service.

`claims.services` starts them (and the wings' tasks) by name, never by import, so that no
module imports the one that imports it.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from claims.notifications import notify_author_of_event
from claims.services import claims_reanchor


@shared_task(name="claims.tasks.reanchor_claims")
def reanchor_claims(article_id: int) -> dict:
    return claims_reanchor(article_id=article_id)


@shared_task(
    name="claims.tasks.notify_author",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=settings.NEWSDESK_RETRY_BACKOFF_MAX,
)
def notify_author(event_id: int) -> bool:
    return notify_author_of_event(event_id=event_id)
