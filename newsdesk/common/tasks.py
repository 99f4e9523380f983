"""Starting a Celery task by its registered name.

A module that must start work owned by a module above it (a service starting a conflict
check, a batch starting its own runner) names the task instead of importing it, so imports
keep running one way. The name is looked up in the app's registry, so an unknown name fails
at once, and eager mode (no Redis) still runs the task in-process.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction


def enqueue(name: str, *args: Any) -> None:
    """Send the task called `name` now."""
    current_app.tasks[name].delay(*args)


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Send the task called `name` once the current transaction commits (never if it rolls
    back); a broker error then is logged by Django, not raised into the committed request."""
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args), robust=True)
