"""A Redis outage loses no work and fails no reads.

Each test starts its OWN redis-server on a free port and stops it to make the outage (the
shared Redis is never touched): API reads pass unthrottled with a log line, writes by key
get a clear 503; committed work (an approval's follow-up tasks, a batch's run) waits in the
transactional outbox and lands once Redis is back, run by a real worker; a job whose
message was lost is started again."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from claims import services
from claims.models import Claim
from newsdesk.common import tasks as outbox
from newsdesk.common import throttling
from newsdesk.common.authentication import api_key_create
from newsdesk.common.models import OutboxMessage
from sources.batch_items import items_from_records
from sources.batches import import_job_create, import_jobs_resume
from sources.models import Article, ImportJob
from tests import factories
from tests.claims import helpers
from tests.worker import Worker, wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class PrivateRedis:
    """A redis-server of this test's own, on a free loopback port, that can be stopped."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.1)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def queued(self, queue: str) -> int:
        return redis.Redis.from_url(self.url).llen(queue)


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def broker(url: str):
    """This process sends tasks to `url` instead of running them in-process."""
    from newsdesk.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._pool = None  # a pool made for the old URL would still publish there
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        # Close the private broker's connections and forget the pool, so that the next
        # producer (eager mode acquires one too) is made for the restored broker URL.
        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def throttle_on(private_redis, settings):
    settings.REDIS_URL = settings.REDIS_THROTTLE_URL = private_redis.url
    throttling._redis_client.cache_clear()
    yield private_redis
    throttling._redis_client.cache_clear()


@pytest.mark.integration
@pytest.mark.django_db
def test_reads_pass_unthrottled_and_writes_get_a_clear_503_while_redis_is_down(
    throttle_on, editor, reviewer, caplog
):
    helpers.publish(editor, reviewer)
    _read_key, read_secret = api_key_create(name="Reader", scope="read")
    _staff_key, staff_secret = api_key_create(name="Desk bot", scope="staff", user=editor)
    reader, staff = factories.key_client(read_secret), factories.key_client(staff_secret)
    assert reader.get("/api/v1/claims/").status_code == 200
    throttle_on.stop()

    with caplog.at_level(logging.WARNING, logger="newsdesk.common.throttling"):
        response = reader.get("/api/v1/claims/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    assert any("Rate limiter unavailable" in r.getMessage() for r in caplog.records)

    refused = staff.post(
        "/api/v1/articles/", {"text": "A story. " * 30, "title": "T"}, format="json"
    )
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "rate_limit_unavailable"
    assert not Article.objects.filter(title="T").exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_work_committed_during_an_outage_lands_once_redis_is_back(private_redis, editor, reviewer):
    claim = helpers.ready_for_review(editor)  # eager: before the broker is switched
    private_redis.stop()
    with broker(private_redis.url) as app:
        # An approval and a batch upload, committed while the broker is unreachable.
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
        job = import_job_create(
            items=items_from_records(
                [{"text": f"Story {n}. " + "Convoys reached the villages. " * 8} for n in (1, 2)]
            ),
            user=editor,
            description="During the outage",
        )
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED
        waiting = dict(OutboxMessage.objects.values_list("task", "attempts"))
        assert "sources.tasks.import_job_run" in waiting
        assert "claims.conflicts.tasks.check_claim_conflicts" in waiting
        assert "claims.tasks.notify_author" in waiting
        assert all(attempts == 1 for attempts in waiting.values())  # tried once, kept
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PENDING

        private_redis.start()  # back, on the same port
        worker = Worker(extra_env={"REDIS_URL": private_redis.url})
        worker.start()
        try:
            app.tasks[outbox.RELAY_TASK].delay()  # what beat sends every minute
            wait_for(lambda: not OutboxMessage.objects.exists(), worker=worker)
            wait_for(
                lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE,
                worker=worker,
            )
            for name in waiting:
                wait_for(lambda name=name: f"Task {name}[" in worker.output(), worker=worker)
        finally:
            worker.stop()
    assert ImportJob.objects.get(pk=job.pk).items.filter(outcome="imported").count() == 2


@pytest.mark.django_db
def test_a_relay_keeps_messages_the_broker_refuses_and_sends_them_later(private_redis, editor):
    with broker(private_redis.url):
        private_redis.stop()
        outbox.enqueue_on_commit("sources.tasks.import_job_run", 123456)
        message = OutboxMessage.objects.get()
        assert outbox.relay_one(message.pk) is False
        assert outbox.outbox_relay() == 0
        message.refresh_from_db()
        assert message.attempts == 2 and "Error" in message.last_error
        private_redis.start()
        assert outbox.outbox_relay() == 1
        assert not OutboxMessage.objects.exists()
        assert private_redis.queued("imports") == 1  # the import's own queue


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_message(editor):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_on_commit("sources.tasks.import_job_run", 1)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("rolled back")
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_job_whose_message_was_lost_is_started_again(editor, django_capture_on_commit_callbacks):
    records = [{"text": "Convoys reached the villages this week. " * 6, "title": "Lost"}]
    lost = import_job_create(
        items=items_from_records(records), user=editor, description="lost", start=False
    )
    fresh = import_job_create(
        items=items_from_records([{"text": "Another story entirely. " * 6, "title": "Fresh"}]),
        user=editor,
        description="fresh",
        start=False,
    )
    ImportJob.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_resume() == [lost.pk]
    assert ImportJob.objects.get(pk=lost.pk).status == ImportJob.Status.DONE
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportJob.Status.PENDING
    assert Article.objects.filter(title="Lost").exists()
    assert import_jobs_resume() == []  # stamped: not started twice in a row
