"""A real Celery worker process for integration tests.

The worker connects to the same test database (committed rows only: use
`transactional_db`) and to the Redis in REDIS_URL; the test process stops running tasks
in-process and sends them to that broker for as long as the context lasts.
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

from django.conf import settings
from kombu import pools as kombu_pools

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "localhost"
    if host.startswith("/"):
        host = quote(host, safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return (
        f"postgres://{quote(db['USER'] or 'postgres', safe='')}{password}@{host}{port}/{db['NAME']}"
    )


class Worker:
    def __init__(self, *, concurrency: int = 1, extra_env: dict[str, str] | None = None):
        self.concurrency = concurrency
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.log = ROOT / ".data" / f"worker-{os.getpid()}-{time.time_ns()}.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": os.environ["REDIS_URL"],
            "CELERY_TASK_ALWAYS_EAGER": "0",
            **self.extra_env,
        }
        self.log.parent.mkdir(exist_ok=True)
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsdesk",
                "worker",
                "-l",
                "info",
                "-c",
                str(self.concurrency),
                "--pool",
                "prefork",
                "-Q",
                ",".join(settings.NEWSDESK_CELERY_QUEUES),
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{time.time_ns()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited early:\n{self.output()}")
            if b"ready." in self.log.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"The worker did not become ready:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as a crashed machine would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if hasattr(self, "_log_file"):
            self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


@contextlib.contextmanager
def real_broker() -> Iterator[None]:
    """Send tasks from this test process to Redis instead of running them in-process."""
    from newsdesk.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        # Close the broker connections and forget the pools (kombu keeps them per
        # connection, globally): a later real_broker() then starts with fresh ones.
        kombu_pools.reset()
        app._pool = None
        app.amqp._producer_pool = None


def wait_for(condition: Callable[[], bool], *, timeout: float = 30, worker: Worker | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(
        "Timed out waiting for the worker." + (f"\n{worker.output()}" if worker else "")
    )


@contextlib.contextmanager
def running_worker(**kwargs) -> Iterator[Worker]:
    worker = Worker(**kwargs)
    with real_broker():
        worker.start()
        try:
            yield worker
        finally:
            worker.stop()
