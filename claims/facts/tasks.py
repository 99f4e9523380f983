"""The facts wing's Celery task: check-worthiness suggestions for a newly imported article."""

from __future__ import annotations

from celery import shared_task

from claims.facts.suggestions import suggestions_refresh


@shared_task(name="claims.facts.tasks.suggest_claims")
def suggest_claims(article_id: int) -> int:
    return suggestions_refresh(article_id=article_id)
