"""Starting Celery tasks by their registered name, through a transactional outbox.

A module that must start work owned by a module above it (a service starting a conflict
check, a batch starting its own runner) names the task instead of importing it, so imports
keep running one way. The name is looked up in the app's registry, so an unknown name fails
at once, and eager mode (no Redis) still runs the task in-process.

`enqueue_on_commit` writes an `OutboxMessage` row in the caller's transaction: the task
exists exactly when the work it follows was committed. After the commit the message is sent
and its row deleted; if the broker is unreachable the row stays and `outbox_relay` sends it
later (the beat task below, every minute, and `manage.py relay_outbox`), until it lands.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app, shared_task
from django.db import transaction
from django.db.models import F

from newsdesk.common.models import OutboxMessage

logger = logging.getLogger(__name__)

RELAY_TASK = "newsdesk.common.relay_outbox"


def enqueue(name: str, *args: Any) -> None:
    """Send the task called `name` now."""
    current_app.tasks[name].delay(*args)


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Have the task called `name` sent once the current transaction commits (never if it
    rolls back), through the outbox: a broker that is down delays it, never loses it."""
    current_app.tasks[name]  # an unknown name fails here, in the caller's transaction
    message = OutboxMessage.objects.create(task=name, args=list(args))
    transaction.on_commit(lambda: relay_one(message.pk), robust=True)


def _publish(message: OutboxMessage) -> bool:
    """Hand one message to the broker (no retries: the outbox is the retry). True if sent."""
    try:
        current_app.tasks[message.task].apply_async(args=message.args, retry=False)
    except Exception as exc:  # the broker is unreachable, or refused the message
        logger.warning(
            "Broker unavailable: task %s (outbox message %s) stays queued for the relay: %s",
            message.task,
            message.pk,
            exc,
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).delete()
    return True


def _run_eagerly(message_id: int) -> None:
    """Without a broker the task runs here, as `delay` always did: the row goes first, so a
    task that fails is reported by the task, not run again by the relay."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is not None and OutboxMessage.objects.filter(pk=message_id).delete()[0]:
        current_app.tasks[message.task].delay(*message.args)


def relay_one(message_id: int) -> bool:
    """Send one outbox message (after its transaction committed). False if it stays."""
    if current_app.conf.task_always_eager:
        _run_eagerly(message_id)
        return True
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        )
        # None: already sent, or another relay holds it.
        return True if message is None else _publish(message)


def outbox_relay(*, batch: int = 200) -> int:
    """Send every waiting message, oldest first; stop at the first the broker refuses.
    Safe to run in several processes at once (each skips rows another holds)."""
    if current_app.conf.task_always_eager:
        ids = list(OutboxMessage.objects.values_list("pk", flat=True))
        for message_id in ids:
            _run_eagerly(message_id)
        return len(ids)
    sent = 0
    while True:
        with transaction.atomic():
            messages = list(
                OutboxMessage.objects.select_for_update(skip_locked=True).order_by("id")[:batch]
            )
            for message in messages:
                if not _publish(message):
                    return sent
                sent += 1
        if len(messages) < batch:
            return sent


@shared_task(name=RELAY_TASK)
def relay_outbox() -> int:
    """Beat task: send the outbox messages a broker outage held back."""
    return outbox_relay()
