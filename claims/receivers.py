"""The one use of signals: `sources` announces imports and revisions; we enqueue work."""

from __future__ import annotations

from django.dispatch import receiver

from newsdesk.common.tasks import enqueue
from sources.signals import article_imported, article_revised

# Receivers only start tasks (by name: this module is loaded by claims.apps, below the tasks).
SUGGEST_TASK = "claims.facts.tasks.suggest_claims"
REANCHOR_TASK = "claims.tasks.reanchor_claims"


@receiver(article_imported, dispatch_uid="claims.suggest_on_import")
def on_article_imported(sender, *, article_id: int, **kwargs) -> None:
    enqueue(SUGGEST_TASK, article_id)


@receiver(article_revised, dispatch_uid="claims.reanchor_on_revision")
def on_article_revised(sender, *, article_id: int, **kwargs) -> None:
    enqueue(REANCHOR_TASK, article_id)
