"""The production recipe end to end: the Procfile's three processes (gunicorn, a Celery
worker on every queue, one beat) started by `bin/procfile-run` on the real PostgreSQL and
Redis, driven over HTTP: import -> claim -> submission -> approval -> API pull -> webhook
delivery, then /readyz with the worker's heartbeat; then everything stops."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from claims.publishing import webhooks
from newsdesk.common.authentication import api_key_create
from tests.claims.publishing.test_webhooks import receiver  # noqa: F401 - the fixture
from tests.worker import test_database_url as the_test_database_url

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


def wait_for(condition, *, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-6000:] if log.exists() else ""
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.\n{tail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, key: str | None = None, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {key}"} if key else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def processes(transactional_db, django_db_serialized_rollback):
    port = _free_port()
    log = ROOT / ".data" / f"procfile-{os.getpid()}-{time.time_ns()}.log"
    log.parent.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": the_test_database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "NEWSDESK_PLAIN_STATIC": "1",
        "NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "WORKER_CONCURRENCY": "1",
        "NEWSDESK_WORKER_HEARTBEAT_SECONDS": "2",
    }
    with log.open("wb") as output:
        runner = subprocess.Popen(
            [str(ROOT / "bin" / "procfile-run")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        site = Site(port)
        try:
            wait_for(lambda: _answers(site), timeout=60, what="gunicorn to answer", log=log)
            yield site, log
        finally:
            os.killpg(runner.pid, signal.SIGTERM)
            try:
                runner.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(runner.pid, signal.SIGKILL)
                runner.wait()
    text = log.read_text(errors="replace")
    assert "started web" in text and "started worker" in text and "started beat" in text


def _answers(site: Site) -> bool:
    try:
        return site.call("GET", "/healthz")[0] == 200
    except OSError:
        return False


def test_import_claim_approval_pull_and_webhook_through_the_three_processes(
    processes,
    receiver,  # noqa: F811
    editor,
    reviewer,
):
    site, log = processes
    _, editor_key = api_key_create(name="Desk tool", scope="staff", user=editor)
    _, reviewer_key = api_key_create(name="Review tool", scope="staff", user=reviewer)
    _, reader_key = api_key_create(name="Partner", scope="read")
    webhooks.webhook_create(name="Partner", url=receiver.url)

    status, article = site.call(
        "POST",
        "/api/v1/articles/",
        editor_key,
        {
            "title": "Sahel report",
            "text": "More than 40% of Burkina's territory is outside state control, "
            "according to official figures released on Monday.",
        },
    )
    assert status == 201, article
    status, claim = site.call(
        "POST",
        "/api/v1/claims/",
        editor_key,
        {"article": article["id"], "quote": "More than 40% of Burkina's territory"},
    )
    assert status == 201, claim
    status, claim = site.call(
        "PATCH",
        f"/api/v1/claims/{claim['id']}/",
        editor_key,
        {"version": claim["version"], "rating": "mostly_true", "summary": "Official figures."},
    )
    assert status == 200, claim
    status, _ = site.call(
        "POST",
        f"/api/v1/claims/{claim['id']}/citations/",
        editor_key,
        {"stance": "supports", "url": "https://stats.example/report", "title": "The report"},
    )
    assert status == 201
    status, claim = site.call("GET", f"/api/v1/claims/{claim['id']}/", editor_key)
    status, claim = site.call(
        "POST", f"/api/v1/claims/{claim['id']}/submit/", editor_key, {"version": claim["version"]}
    )
    assert status == 200, claim
    status, claim = site.call(
        "POST",
        f"/api/v1/claims/{claim['id']}/approve/",
        reviewer_key,
        {"version": claim["version"]},
    )
    assert status == 200, claim

    status, page = site.call("GET", "/api/v1/claims/", reader_key)
    assert status == 200
    assert claim["id"] in [item["id"] for item in page["results"]]

    wait_for(lambda: len(receiver.received) >= 1, timeout=60, what="the webhook delivery", log=log)
    delivered = json.loads(receiver.received[0].body)
    assert delivered["data"]["claim"]["id"] == claim["id"]

    wait_for(
        lambda: site.call("GET", "/readyz")[0] == 200,
        timeout=30,
        what="/readyz to be ready",
        log=log,
    )
    status, ready = site.call("GET", "/readyz")
    assert ready["checks"]["worker"].startswith("ok")
