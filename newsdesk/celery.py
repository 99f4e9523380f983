"""The Celery application.

Redis is the broker; messages are JSON only. Tasks acknowledge late and are
re-queued when a worker dies mid-task, so every task must be idempotent (they are:
each takes ids and calls one service). Time limits stay below the broker's
visibility timeout so a running task is never handed to a second worker.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, celeryd_init, worker_ready
from django.conf import settings as django_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

logger = logging.getLogger(__name__)

app = Celery("newsdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    beat_schedule={
        "conflict-sweep": {
            "task": "claims.conflicts.tasks.conflict_sweep",
            "schedule": crontab(minute=17),
        },
        "webhook-deliveries-resume": {
            "task": "claims.publishing.tasks.resume_webhook_deliveries",
            "schedule": crontab(minute="*/15"),
        },
        "outbox-relay": {
            "task": "newsdesk.common.relay_outbox",
            "schedule": crontab(minute="*"),
        },
        "import-jobs-resume": {
            "task": "sources.tasks.import_jobs_resume",
            "schedule": crontab(minute="*/10"),
        },
        "feeds-poll": {
            "task": "sources.tasks.feeds_poll",
            "schedule": crontab(minute="*/15"),
        },
    },
)
app.autodiscover_tasks()


@celeryd_init.connect
@beat_init.connect
def _load_settings_first(**kwargs) -> None:
    """Load the settings as a worker or beat starts, not at its first task: started without
    DATABASE_URL or SECRET_KEY in production, it stops at once with newsdesk.startup's
    sentence. (Importing this module alone loads nothing: `make stop-db` imports it.)"""
    django_settings.INSTALLED_APPS  # noqa: B018


# --- Worker heartbeat (read by /readyz) ------------------------------------------------------
@worker_ready.connect
def _start_heartbeat(sender, **kwargs) -> None:
    """Write `newsdesk:worker-heartbeat:<hostname>` = now into the broker's Redis every
    NEWSDESK_WORKER_HEARTBEAT_SECONDS, expiring after three missed beats."""
    url = django_settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return
    import redis

    from newsdesk.common.health import heartbeat_key

    interval = django_settings.NEWSDESK_WORKER_HEARTBEAT_SECONDS
    key = heartbeat_key(sender.hostname)

    def beat() -> None:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        while True:
            try:
                client.set(key, f"{time.time():.3f}", ex=3 * interval)
            except redis.RedisError:
                logger.warning("Worker heartbeat not written: Redis unreachable")
            time.sleep(interval)

    threading.Thread(target=beat, name="newsdesk-heartbeat", daemon=True).start()
