"""Per-key rate limits on a fixed window, counted atomically.

Each API key has a counter per window (``INCR`` and ``EXPIRE`` in one Redis transaction),
so several web workers share one count. Without ``REDIS_URL`` the counter lives in
Django's cache (``add`` then ``incr``: atomic in the local-memory cache of one process).
The rate is the key's own ``rate`` or ``settings.NEWSDESK_API_RATE`` (``"600/min"``).
A refused request gets 429, ``Retry-After`` (seconds to the next window) and the
project's error shape. Session users (the newsroom's pages) are not throttled here.
"""

from __future__ import annotations

import logging
import math
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from newsdesk.common.models import ApiKey

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CACHE_PREFIX = "newsdesk:throttle"


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' -> (600, 60). Raises ValueError for anything else."""
    count, _, period = rate.partition("/")
    if not count.isdigit() or int(count) < 1 or period[:1] not in PERIODS:
        raise ValueError(f"Bad rate {rate!r}: write <requests>/<s|min|hour|day>.")
    return int(count), PERIODS[period[:1]]


@lru_cache(maxsize=4)
def _redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _redis_errors() -> type[Exception]:
    from redis.exceptions import RedisError

    return RedisError


def hit(bucket: str, period: int, now: float | None = None) -> tuple[int, float]:
    """Count one request in `bucket`'s current window; return (count, seconds left)."""
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"{CACHE_PREFIX}:{bucket}:{period}:{window}"
    left = (window + 1) * period - now
    redis_url = settings.REDIS_THROTTLE_URL
    if redis_url:
        pipe = _redis_client(redis_url).pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, period + 1)
        count, _ = pipe.execute()
        return int(count), left
    cache = caches["throttle"]
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 1)
        count = 1
    return int(count), left


class CountingUnavailable(APIException):
    status_code = 503
    default_code = "rate_limit_unavailable"
    default_detail = (
        "Requests that change data are paused while the rate limiter's store is unreachable; "
        "try again shortly. Reads still work."
    )


class ApiKeyRateThrottle(BaseThrottle):
    """Throttle requests made with an API key; other requests pass.

    If the counter's store (Redis) is unreachable, reads are let through unthrottled (with a
    warning in the log: a consumer's reads should not fail because a counter did) and writes
    get a clear 503."""

    def allow_request(self, request, view) -> bool:
        api_key = getattr(request, "auth", None)
        if not isinstance(api_key, ApiKey):
            return True
        limit, period = parse_rate(api_key.rate or settings.NEWSDESK_API_RATE)
        # Bucket on the hash's head, random per key: a recreated database that reuses a
        # primary key never inherits another key's count.
        try:
            count, left = hit(api_key.key_hash[:16], period)
        except (OSError, ConnectionError, _redis_errors()) as exc:
            if request.method not in SAFE_METHODS:
                logger.error(
                    "Rate limiter unavailable, refusing a write by key %s: %s", api_key.prefix, exc
                )
                raise CountingUnavailable() from exc
            logger.warning(
                "Rate limiter unavailable: letting a read by key %s through unthrottled: %s",
                api_key.prefix,
                exc,
            )
            return True
        self._wait = max(1, math.ceil(left))
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)
