"""Conflict detection with a real Celery worker process, a real Redis and PostgreSQL.

Marked `integration`: skipped without REDIS_URL on a bare machine, failed in CI. Run with

    REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m pytest -q \\
        tests/claims/test_conflicts_integration.py

The worker is `celery -A newsdesk worker -c 1 --pool=prefork`, started by the test with
DATABASE_URL pointing at the test database (pytest-django's, committed rows only: the
tests use `transactional_db`) and REDIS_URL at the same Redis database, which the test
flushes first so no stale message is consumed. Redis database 15 is the test's own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from claims import services
from claims.conflicts import tasks
from claims.conflicts.rules import conflicts_among
from claims.facts.matching import FACT_COLUMNS, FactView
from claims.models import Claim, Conflict, Entity
from tests import factories

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY = Path(sys.executable).with_name("celery")
RULES = {
    "window_days": settings.NEWSDESK_CONFLICT_WINDOW_DAYS,
    "tolerance": settings.NEWSDESK_CONFLICT_TOLERANCE,
}


def test_database_url() -> str:
    """The URL of the database this test runs against (pytest-django's test database)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(db.get("HOST") or ""), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str, log: Path | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.\nWorker log:\n{tail}")


class Worker:
    """A `celery worker` subprocess in its own process group (so SIGKILL takes it whole)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, **extra_env: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
            "LOG_LEVEL": "INFO",
            **extra_env,
        }
        self.handle = self.log.open("a")
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "newsdesk",
                "worker",
                "-l",
                "info",
                "-c",
                "1",
                "--pool=prefork",
                "-Q",
                ",".join(settings.NEWSDESK_CELERY_QUEUES),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"conflicts-test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        start = self.log.stat().st_size if self.log.exists() else 0
        wait_for(
            lambda: "ready." in self.log.read_text()[start:] or self.process.poll() is not None,
            timeout=60,
            what="the worker to start",
            log=self.log,
        )
        assert self.process.poll() is None, self.log.read_text()[-3000:]

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no warm shutdown, no acks."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "handle", None):
            self.handle.close()


@contextlib.contextmanager
def real_broker() -> Iterator[None]:
    """This process's Celery app sends to Redis instead of running tasks in-process."""
    from newsdesk.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL

    def reset_pools() -> None:
        # Drop the app's references to pools made for another broker URL (kombu keeps
        # one pool per connection URL; closing it would break later users of that URL).
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        reset_pools()


@pytest.fixture
def redis_flushed() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def worker(transactional_db, redis_flushed, tmp_path) -> Iterator[Worker]:
    started = Worker(tmp_path / "worker.log")
    with real_broker():
        started.start()
        try:
            yield started
        finally:
            started.stop()


# --- A claim edit reaches the worker ------------------------------------------------------------


def test_the_worker_flags_two_conflicting_claims(worker, editor):
    """Two articles, two claims created through the service: the check runs in the worker."""
    burkina = Entity.objects.get_or_create(name="Burkina Faso")[0]
    fact = {
        "entity_id": burkina.pk,
        "measure_id": factories.measure().pk,
        "unit": "percent",
        "scope_start": None,
        "scope_end": None,
    }
    first = factories.ArticleFactory(
        body="More than 40% of Burkina's territory is outside state control, officials say."
    )
    second = factories.ArticleFactory(
        body="A third of Burkina's territory is outside state control, a report found."
    )
    a = services.claim_create(
        article_id=first.pk,
        author=editor,
        quote="More than 40% of Burkina's territory is outside state control",
        fact={**fact, "value_low": 40.0, "value_high": None, "hedge": "more_than"},
    )
    b = services.claim_create(
        article_id=second.pk,
        author=editor,
        quote="A third of Burkina's territory is outside state control",
        fact={**fact, "value_low": 30.3, "value_high": 36.7, "hedge": "about"},
    )
    flagged = Conflict.objects.filter(claim_a=a, claim_b=b, kind="value", status="open")
    wait_for(flagged.exists, timeout=30, what="the worker to flag the conflict", log=worker.log)
    flag = flagged.get()
    assert flag.detected_by == "check"
    assert flag.explanation["a"]["interval"] == [40.0, None]
    assert "succeeded" in worker.log.read_text()

    # An edit that makes them agree: the worker resolves the flag.
    services.claim_update(
        claim_id=b.pk, version=b.version, actor=editor, value_low=44.0, value_high=46.0
    )
    resolved = Conflict.objects.filter(pk=flag.pk, status="resolved")
    wait_for(resolved.exists, timeout=30, what="the worker to resolve the flag", log=worker.log)
    assert resolved.get().resolution == "auto: no longer conflicting after edit"


# --- A sweep survives a killed worker -----------------------------------------------------------

BLOCKS = 24
PER_SIDE = 50


def make_contested_corpus() -> set[tuple]:
    """24 blocks, each 50 claims at ~10% against 50 at ~40%: 2,500 value flags per block."""
    author = factories.UserFactory(username="sweep-author")
    source = factories.ArticleFactory(body="A long article with many figures for a sweep.")
    share = factories.measure()
    rows = []
    for block in range(BLOCKS):
        entity = Entity.objects.get_or_create(name=f"Sweep entity {block}")[0]
        for i in range(PER_SIDE * 2):
            # Written to one decimal, so each reads as ±0.05 (and a side agrees with itself).
            value = (10.0 if i % 2 else 40.0) + (i % 7) * 0.01
            rows.append(
                Claim(
                    article=source,
                    start=0,
                    end=6,
                    exact=source.body[:6],
                    author=author,
                    statement=f"Block {block} claim {i}",
                    entity=entity,
                    measure=share,
                    unit="percent",
                    value_low=value - 0.05,
                    value_high=value + 0.05,
                )
            )
    Claim.objects.bulk_create(rows)
    by_block: dict[int, list[FactView]] = {}
    for row in Claim.objects.filter(measure=share).values_list(*FACT_COLUMNS):
        by_block.setdefault(row[1], []).append(FactView(*row))
    # Pairs across blocks never match, so all pairs within each block are all the pairs.
    return {c.key for facts in by_block.values() for c in conflicts_among(facts, **RULES)}


def open_flag_keys() -> set[tuple]:
    return set(
        Conflict.objects.filter(status="open").values_list("claim_a_id", "claim_b_id", "kind")
    )


# A worker restarted after the kill runs with a short broker visibility timeout, so Redis
# hands the killed worker's unacknowledged (late-ack) shard messages out again within the
# test instead of after the production hour. The task time limit must stay below it.
REDELIVERY_ENV = {
    "CELERY_VISIBILITY_TIMEOUT": "25",
    "CELERY_TASK_TIME_LIMIT": "20",
    "CELERY_UNACKED_RESTORE_SECONDS": "2",
}


def test_a_sweep_killed_mid_way_is_redelivered_and_completes_on_a_new_worker(worker):
    """SIGKILL the worker in the middle of a sweep; a new worker finishes it exactly.

    Nothing is enqueued again after the kill: the shard messages the killed worker had
    taken but not acknowledged (acks_late) come back from Redis once the visibility timeout
    passes, the ones it had not taken yet are still queued, and the new worker runs them
    all. The flags written before the kill are correct (each batch is committed whole),
    and the end state is exactly what an all-pairs comparison gives: nothing lost, nothing
    doubled.
    """
    expected = make_contested_corpus()
    assert len(expected) == BLOCKS * PER_SIDE * PER_SIDE

    tasks.conflict_sweep.delay(BLOCKS)
    wait_for(
        lambda: Conflict.objects.exists(), timeout=60, what="the sweep to start", log=worker.log
    )
    worker.kill()
    partial = open_flag_keys()
    assert 0 < len(partial) < len(expected), "the sweep must be killed mid-way"
    assert partial <= expected  # only correct flags so far
    assert Conflict.objects.count() == len(partial)  # and no duplicates
    unacked = redis.Redis.from_url(REDIS_URL).zcard("unacked_index")
    assert unacked > 0, "the killed worker held unacknowledged shard messages"

    worker.start(**REDELIVERY_ENV)  # a fresh worker on the same queue; nothing re-enqueued
    wait_for(
        lambda: Conflict.objects.count() >= len(expected),
        timeout=120,
        what="the redelivered shards to complete",
        log=worker.log,
    )
    time.sleep(2)  # any shard still running finishes: still exact
    assert open_flag_keys() == expected
    assert Conflict.objects.count() == len(expected)
