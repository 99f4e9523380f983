"""Per-key rate limits on a fixed window: Redis when REDIS_URL is set (INCR + EXPIRE in one
transaction), Django's cache otherwise. Run both: `REDIS_URL=redis://127.0.0.1:6379/13`."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache

from newsdesk.common import throttling
from newsdesk.common.authentication import api_key_create
from tests.factories import key_client

pytestmark = pytest.mark.django_db

BACKEND = "redis" if settings.REDIS_URL else "cache"
WINDOW_START = 1_800_000_000  # a minute boundary: time.time() is frozen 15 s into it


@pytest.fixture
def frozen_clock(monkeypatch):
    now = [WINDOW_START + 15.0 + uuid.uuid4().int % 1000 * 60]  # a fresh window per test

    monkeypatch.setattr(throttling.time, "time", lambda: now[0])
    return now


def test_the_count_lives_in_the_configured_backend(frozen_clock):
    bucket = uuid.uuid4().hex[:16]
    assert throttling.hit(bucket, 60) == (1, 45.0)
    key = f"{throttling.CACHE_PREFIX}:{bucket}:60:{int(frozen_clock[0] // 60)}"
    if BACKEND == "redis":
        import redis

        server = redis.Redis.from_url(settings.REDIS_URL)
        assert int(server.get(key)) == 1
        assert 0 < server.ttl(key) <= 61  # the window expires by itself
    else:
        assert cache.get(key) == 1


def test_a_key_over_its_rate_gets_a_429_with_retry_after(frozen_clock):
    key = api_key_create(name="Greedy", rate="3/min")[1]
    client = key_client(key)
    assert [client.get("/api/v1/claims/").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/claims/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    error = refused.json()["error"]
    assert error["code"] == "throttled" and set(error) == {"code", "message", "detail"}

    frozen_clock[0] += 45  # the next window
    assert client.get("/api/v1/claims/").status_code == 200


def test_each_key_has_its_own_budget(frozen_clock):
    greedy = key_client(api_key_create(name="Greedy", rate="1/min")[1])
    other = key_client(api_key_create(name="Other", rate="1/min")[1])
    assert greedy.get("/api/v1/claims/").status_code == 200
    assert greedy.get("/api/v1/claims/").status_code == 429
    assert other.get("/api/v1/claims/").status_code == 200


def test_the_default_rate_comes_from_the_setting(frozen_clock, settings):
    settings.NEWSDESK_API_RATE = "2/hour"
    client = key_client(api_key_create(name="Default")[1])
    codes = [client.get("/api/v1/claims/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_session_users_are_not_throttled(frozen_clock, settings, session, editor):
    settings.NEWSDESK_API_RATE = "1/hour"
    client = session(editor)
    assert {client.get("/api/v1/claims/").status_code for _ in range(3)} == {200}


def test_the_count_is_atomic_under_concurrency(frozen_clock):
    bucket = uuid.uuid4().hex[:16]
    counts: list[int] = []
    barrier = threading.Barrier(20)

    def hit() -> None:
        barrier.wait()
        for _ in range(5):
            counts.append(throttling.hit(bucket, 60)[0])

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 101))


@pytest.mark.parametrize("rate", ["", "x/min", "0/min", "5/fortnight", "5"])
def test_bad_rates_are_refused(rate):
    with pytest.raises(ValueError):
        throttling.parse_rate(rate)
