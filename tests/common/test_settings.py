"""Production settings are safe by default."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    base.pop("NEWSDESK_PLAIN_STATIC", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="newsdesk.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_flags_a_missing_secret_key():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def _production_env(**env: str) -> dict[str, str]:
    """The suite's environment as a production process would see it: DEBUG off, no
    embedded database allowed, no DATABASE_URL unless given."""
    drop = ("DJANGO_", "SECRET_KEY", "DATABASE_URL", "NEWSDESK_EMBEDDED_DB")
    base = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**base, "DJANGO_DEBUG": "0", **env}


ENTRY_POINTS = {
    "manage.py": [sys.executable, "manage.py", "migrate", "--check"],
    "wsgi": [sys.executable, "-c", "import newsdesk.wsgi"],
    "asgi": [sys.executable, "-c", "import newsdesk.asgi"],
    "celery worker": [sys.executable, "-m", "celery", "-A", "newsdesk", "worker", "--pool=solo"],
    "celery beat": [sys.executable, "-m", "celery", "-A", "newsdesk", "beat"],
}


def _start(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_every_entry_point_refuses_production_without_a_database_url(entry):
    result = _start(ENTRY_POINTS[entry], _production_env(SECRET_KEY=secrets.token_urlsafe(50)))
    assert result.returncode == 1, result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Newsdesk will not start:")
    assert "DATABASE_URL" in last
    assert "Traceback" not in result.stderr


def test_commands_that_only_read_the_code_need_no_key():
    env = _production_env(DATABASE_URL="postgres://postgres@127.0.0.1:1/unused")
    result = _start([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], env)
    assert "Newsdesk will not start" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_every_entry_point_refuses_production_without_its_own_key(entry):
    env = _production_env(DATABASE_URL="postgres://postgres@127.0.0.1:1/unused")
    result = _start(ENTRY_POINTS[entry], env)
    assert result.returncode == 1, result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Newsdesk will not start:")
    assert "SECRET_KEY" in last
