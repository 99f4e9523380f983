"""Shared fixtures: the personas every test talks about."""

from __future__ import annotations

import os

import pytest

from tests import factories


IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _integration_needs_redis(request):
    """Integration tests need Redis and a worker: skipped on a bare machine, failed in CI."""
    if request.node.get_closest_marker("integration") and not os.environ.get("REDIS_URL"):
        message = "needs REDIS_URL (a real Redis and Celery worker)"
        if IN_CI:
            pytest.fail(f"CI must run this test: {message}")
        pytest.skip(message)


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def editor2(db):
    return factories.editor("editor2")


@pytest.fixture
def reviewer(db):
    return factories.reviewer()


@pytest.fixture
def reviewer2(db):
    return factories.reviewer("reviewer2")


@pytest.fixture
def outsider(db):
    """A signed-in user with no newsroom role."""
    return factories.UserFactory(username="outsider")


@pytest.fixture
def admin_user_(db):
    return factories.UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on REDIS_URL and the test database."""
    from tests.worker import running_worker

    with running_worker() as worker:
        yield worker
