"""Tasks started by name (so that imports run one way) must name registered tasks."""

from __future__ import annotations

import pytest

from claims import receivers, services
from claims.conflicts import detection
from claims.publishing import webhooks
from newsdesk.celery import app
from sources import batches

NAMED = [
    services.CHECK_CONFLICTS_TASK,
    services.NOTIFY_AUTHOR_TASK,
    services.DELIVER_WEBHOOK_TASK,
    receivers.SUGGEST_TASK,
    receivers.REANCHOR_TASK,
    detection.SWEEP_SHARD_TASK,
    webhooks.DELIVER_TASK,
    batches.RUN_TASK,
    *(entry["task"] for entry in app.conf.beat_schedule.values()),
]


@pytest.mark.parametrize("name", NAMED)
def test_every_task_started_by_name_is_registered(name):
    assert name in app.tasks
