"""Shared fixtures: the personas every test talks about, people and API clients."""

from __future__ import annotations

import os

import pytest
from django.db import connections
from rest_framework.test import APIClient

from claims.models import Claim
from claims.publishing.api import public
from newsdesk.common import authentication, roles
from newsdesk.common.authentication import api_key_create
from tests import factories
from tests.claims import helpers

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Transactional tests flush the database when they end; restore what the migrations
    put there (roles, entities) so the tests after them see the same starting point."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        uses = set(item.fixturenames)
        needs_restore = transactional or uses & {"transactional_db", "live_server"}
        if needs_restore and "django_db_serialized_rollback" not in uses:
            item.fixturenames.append("django_db_serialized_rollback")


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
def editor_reviewer(db):
    """A person with both roles: may write and review, never approve what they wrote."""
    return factories.UserFactory(username="both", roles=[roles.EDITORS, roles.REVIEWERS])


@pytest.fixture
def outsider(db):
    """A signed-in user with no newsroom role."""
    return factories.UserFactory(username="outsider")


@pytest.fixture
def admin_user_(db):
    return factories.UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """This process's API-key cache and watermark memo. (Django's cache is left alone: it may
    be the Redis that Celery uses, and its keys are unique to each test's data anyway.)"""
    authentication.forget()
    public.forget_watermark()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords are hashed once each; no need for slow hashing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def consumer(db) -> APIClient:
    """An API client with a read-scope key (`.api_key`, `.key`)."""
    api_key, key = api_key_create(name="Partner newsroom", scope="read")
    client = factories.key_client(key)
    client.api_key, client.key = api_key, key
    return client


@pytest.fixture
def staff_key(reviewer) -> APIClient:
    """An API client with a staff key acting as the reviewer."""
    api_key, key = api_key_create(name="Review bot", scope="staff", user=reviewer)
    client = factories.key_client(key)
    client.api_key, client.key = api_key, key
    return client


@pytest.fixture
def session(db):
    def as_user(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


@pytest.fixture
def published(editor, reviewer) -> Claim:
    return helpers.publish(editor, reviewer)


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback):
    """A real Celery worker process on REDIS_URL and the test database."""
    from tests.worker import running_worker

    with running_worker() as worker:
        yield worker


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(live_server, django_db_serialized_rollback):
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        message = "needs Debian's chromium package (/usr/bin/chromium)"
        if IN_CI:
            pytest.fail(f"CI must run browser tests: {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                # ORM calls made while Playwright's loop is set live on their own connection
                # (Django keeps connections per context then): close it here, in that
                # context, or it outlives the test database.
                connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page_as(browser, live_server):
    """page_as(user) -> a Playwright page signed in as `user`."""
    from django.conf import settings
    from django.test import Client

    pages = []

    def open_page(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        pages.append(context)
        return page

    yield open_page
    for context in pages:
        context.close()
