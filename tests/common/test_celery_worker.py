"""A real Celery worker on Redis runs a task whose effect lands in PostgreSQL."""

from __future__ import annotations

import pytest

from claims.facts import tasks
from claims.models import ClaimSuggestion
from tests import factories
from tests.worker import wait_for

pytestmark = pytest.mark.integration


def test_a_task_sent_through_redis_is_run_by_the_worker(celery_worker):
    article = factories.ArticleFactory(
        body="Some two million people have been displaced since 2015, according to the UN. "
        "The weather was fine."
    )
    assert not ClaimSuggestion.objects.filter(article=article).exists()

    tasks.suggest_claims.delay(article.pk)

    wait_for(lambda: ClaimSuggestion.objects.filter(article=article).exists(), worker=celery_worker)
    suggestion = ClaimSuggestion.objects.get(article=article)
    assert suggestion.sentence.startswith("Some two million people")
    assert "succeeded" in celery_worker.output()
