"""Health (`/healthz`: the process answers) and readiness (`/readyz`: it can do its work).

Both are plain JSON, open to anyone (no login, no API key, no throttle: a load balancer or
an orchestrator calls them), and name no host, URL or secret. Readiness checks the
database, Redis (broker, cache and throttle: each distinct URL once) and, when tasks go to
a broker, that a worker wrote its heartbeat recently (newsdesk.celery writes it).
"""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_PREFIX = "newsdesk:worker-heartbeat:"


def heartbeat_key(hostname: str) -> str:
    return HEARTBEAT_PREFIX + hostname


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "alive"})


def _redis_urls() -> dict[str, str]:
    urls: dict[str, str] = {}
    for name, url in (
        ("broker", settings.CELERY_BROKER_URL),
        ("cache", settings.REDIS_CACHE_URL),
        ("throttle", settings.REDIS_THROTTLE_URL),
    ):
        if url.startswith(("redis://", "rediss://")) and url not in urls.values():
            urls[name] = url
    return urls


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"database unreachable ({type(exc).__name__})"
    return None


def _check_redis(name: str, url: str) -> str | None:
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
            client.ping()
    except redis.RedisError as exc:
        return f"redis ({name}) unreachable ({type(exc).__name__})"
    return None


def _last_heartbeat(url: str) -> float | None:
    with redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
        beats = [
            float(value)
            for key in client.scan_iter(match=HEARTBEAT_PREFIX + "*", count=100)
            if (value := client.get(key)) is not None
        ]
    return max(beats, default=None)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    problems: list[str] = []
    problem = _check_database()
    checks["database"] = problem or "ok"
    problems += [problem] if problem else []
    redis_urls = _redis_urls()
    for name, url in redis_urls.items():
        problem = _check_redis(name, url)
        checks[f"redis_{name}"] = problem or "ok"
        problems += [problem] if problem else []
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["worker"] = "not needed: tasks run in this process"
    elif "broker" in redis_urls and "redis_broker" not in " ".join(problems):
        window = 3 * settings.NEWSDESK_WORKER_HEARTBEAT_SECONDS
        last = _last_heartbeat(redis_urls["broker"])
        if last is None or time.time() - last > window:
            problem = f"no worker heartbeat in the last {window} s"
            checks["worker"] = problem
            problems.append(problem)
        else:
            checks["worker"] = f"ok (heartbeat {time.time() - last:.0f} s ago)"
    ready = not problems
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
