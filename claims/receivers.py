"""The one use of signals: `sources` announces imports and revisions; we enqueue work."""

from __future__ import annotations

from django.dispatch import receiver

from sources.signals import article_imported, article_revised


@receiver(article_imported, dispatch_uid="claims.suggest_on_import")
def on_article_imported(sender, *, article_id: int, **kwargs) -> None:
    from claims import tasks

    tasks.suggest_claims.delay(article_id)


@receiver(article_revised, dispatch_uid="claims.reanchor_on_revision")
def on_article_revised(sender, *, article_id: int, **kwargs) -> None:
    from claims import tasks

    tasks.reanchor_claims.delay(article_id)
