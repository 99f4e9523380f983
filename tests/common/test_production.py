"""Running it for real: probes, login hardening, headers, settings from the environment,
logs, pooling, queues."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from newsdesk import settings as project_settings
from newsdesk.common.health import HEARTBEAT_PREFIX

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LOG_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Probes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_without_login_or_key(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database_and_names_no_secret(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    text = response.content.decode()
    assert "postgres://" not in text and "redis://" not in text


@pytest.mark.django_db
def test_readyz_says_not_ready_when_redis_is_unreachable(client, settings):
    settings.REDIS_CACHE_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["redis_cache"].startswith("redis (cache) unreachable")
    assert "127.0.0.1:1" not in response.content.decode()


def _forget_heartbeats() -> None:
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=HEARTBEAT_PREFIX + "*"):
        client.delete(key)


@pytest.mark.integration
def test_readyz_wants_a_worker_heartbeat_when_tasks_go_to_the_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    _forget_heartbeats()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("no worker heartbeat")


@pytest.mark.integration
def test_readyz_is_ready_with_a_live_worker(celery_worker, client, settings):
    from tests.worker import wait_for

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    wait_for(lambda: client.get("/readyz").status_code == 200, worker=celery_worker)
    assert client.get("/readyz").json()["checks"]["worker"].startswith("ok (heartbeat")


# --- Login hardening and headers -------------------------------------------------------------


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(client, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    get_user_model().objects.create_user("lola", password="the-right-one-2026", is_staff=True)
    login = reverse("admin:login")
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        refused = client.post(login, {"username": "lola", "password": "wrong"})
        assert refused.status_code == 200  # the form again, with its error
    assert client.post(login, {"username": "lola", "password": "wrong"}).status_code == 429
    locked = client.post(login, {"username": "lola", "password": "the-right-one-2026"})
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_good_login_still_works_and_passwords_are_hashed_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("remy", password="a-long-pass-2026", is_staff=True)
    assert user.password.startswith("argon2$")
    response = client.post(
        reverse("admin:login"), {"username": "remy", "password": "a-long-pass-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/fact-checks/", "/api/docs/"])
def test_every_html_page_carries_a_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_holds_an_inline_script():
    """script-src is 'self' only: an inline script would be blocked, so none may exist
    (JSON-LD is data, not script, and is allowed)."""
    found = []
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" not in tag and "application/ld+json" not in tag:
                found.append(f"{template.relative_to(ROOT)}: {tag}")
        if re.search(r"\son[a-z]+=\"", template.read_text(encoding="utf-8")):
            found.append(f"{template.relative_to(ROOT)}: an on...= handler attribute")
    assert found == []


# --- Settings from the environment, logs, pool, queues ---------------------------------------


def test_a_dotenv_file_fills_in_what_the_environment_leaves_unset(tmp_path):
    env_file = tmp_path / "newsdesk.env"
    env_file.write_text("NEWSDESK_PUBLISHER_NAME=The Dotenv Desk\nEMAIL_PORT=587\n")
    code = "from django.conf import settings as s; print(s.NEWSDESK_PUBLISHER_NAME, s.EMAIL_PORT)"
    from_file = _run(code, NEWSDESK_ENV_FILE=str(env_file))
    assert from_file.stdout.strip().endswith("The Dotenv Desk 587"), from_file.stderr
    env_wins = _run(code, NEWSDESK_ENV_FILE=str(env_file), EMAIL_PORT="2525")
    assert env_wins.stdout.strip().endswith("The Dotenv Desk 2525"), env_wins.stderr


def test_every_variable_the_settings_read_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    source = (ROOT / "newsdesk" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:bool|int|list)\("([A-Z0-9_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z0-9_]+)"', source))
    read -= {"NEWSDESK_ENV_FILE"}
    assert read - listed == set()


def test_a_log_record_is_written_once():
    result = _run("import logging; logging.getLogger('django.request').warning('once-marker')")
    assert result.stderr.count("once-marker") == 1, result.stderr


def test_json_logs_are_one_object_per_line():
    result = _run(
        "import logging; logging.getLogger('claims').warning('json-marker')", LOG_FORMAT="json"
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if "json-marker" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0]["message"] == "json-marker"
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "claims"


def test_the_connection_pool_is_used_when_sized():
    code = (
        "from django.db import connection; connection.ensure_connection(); "
        "print(type(connection.pool).__name__, connection.pool.max_size)"
    )
    result = _run(code, DATABASE_POOL_MAX_SIZE="3")
    assert result.stdout.strip().endswith("ConnectionPool 3"), result.stderr


def test_the_admin_address_is_a_setting():
    result = _run(
        "from django.urls import reverse; print(reverse('admin:index'))",
        NEWSDESK_ADMIN_PATH="newsroom-only",
    )
    assert result.stdout.strip().endswith("/newsroom-only/"), result.stderr


def test_a_task_time_limit_at_or_over_the_visibility_timeout_is_refused():
    result = _run("print('started')", CELERY_TASK_TIME_LIMIT="600", CELERY_VISIBILITY_TIMEOUT="600")
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT" in result.stderr


def test_each_wing_s_tasks_go_to_their_queue():
    from newsdesk.celery import app

    app.loader.import_default_modules()
    queues = {}
    for name in app.tasks:
        if name.startswith(("sources.", "claims.")):
            queues[name] = app.amqp.router.route({}, name)["queue"].name
    assert queues, "no task registered"
    for name, queue in queues.items():
        if name.startswith("sources."):
            assert queue == "imports", name
        elif name.startswith("claims.conflicts."):
            assert queue == "conflicts", name
        elif name.startswith("claims.publishing."):
            assert queue == "webhooks", name
        else:
            assert queue == "default", name
    assert set(queues.values()) == set(django_settings.NEWSDESK_CELERY_QUEUES)
