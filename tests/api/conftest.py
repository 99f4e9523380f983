"""API personas and data: `consumer` (a read key), `staff_key` (a reviewer's staff key),
and `published` claims made through the review workflow or, in bulk, straight to the tables."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from claims import services
from claims.api import public
from claims.models import Claim, FactCheck
from newsdesk.common import authentication
from newsdesk.common.authentication import api_key_create
from tests import factories
from tests.claims import helpers


def key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_caches():
    """This process's key cache and watermark memo. (Django's cache is left alone: it may be
    the Redis that Celery uses, and its keys are unique to each test's data anyway.)"""
    authentication.forget()
    public.forget_watermark()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords are hashed once each; no need for 10^6 PBKDF2 rounds here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def consumer(db) -> APIClient:
    """An API client with a read-scope key (`.api_key`, `.key`)."""
    api_key, key = api_key_create(name="Partner newsroom", scope="read")
    client = key_client(key)
    client.api_key, client.key = api_key, key
    return client


@pytest.fixture
def staff_key(reviewer) -> APIClient:
    """An API client with a staff key acting as the reviewer."""
    api_key, key = api_key_create(name="Review bot", scope="staff", user=reviewer)
    client = key_client(key)
    client.api_key, client.key = api_key, key
    return client


@pytest.fixture
def session(db):
    def as_user(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def publish(editor, reviewer, **kwargs) -> Claim:
    """A claim taken through the workflow to verified (FactCheck v1)."""
    claim = helpers.ready_for_review(editor, **kwargs)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def published(editor, reviewer) -> Claim:
    return publish(editor, reviewer)


_ARTICLE_NUMBERS = itertools.count(1)


def bulk_verified(
    n: int,
    *,
    editor,
    reviewer,
    rating: str = "false",
    domain: str = "lefaso.example",
    entity: str = "Burkina Faso",
    attribute: str = "territory outside state control",
    start: datetime | None = None,
) -> list[Claim]:
    """`n` verified claims with their FactCheck v1, written straight to the tables."""
    outlet = factories.OutletFactory(name=domain.split(".")[0].title(), domain=domain)
    article = factories.ArticleFactory(
        outlet=outlet, url=f"https://{domain}/a/{next(_ARTICLE_NUMBERS)}"
    )
    entity = factories.entity(entity)
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            start=0,
            end=6,
            exact=article.body[:6],
            statement=f"Statement {i}",
            claimant="official figures",
            entity=entity,
            attribute=attribute,
            value_low=40.0 + i,
            unit="percent",
            hedge="more_than",
            scope_start=date(2022, 9, 4),
            scope_end=date(2022, 9, 4),
            status="verified",
            rating=rating,
            summary=f"Summary {i}",
            author=editor,
            version=3,
        )
        for i in range(n)
    )
    FactCheck.objects.bulk_create(
        FactCheck(
            claim=claim,
            version=1,
            rating=rating,
            summary=claim.summary,
            statement=claim.statement,
            fact=services.factcheck_fact(claim),
            citations=[
                {
                    "source_id": 1,
                    "title": "Report",
                    "url": "https://stats.example/r",
                    "publisher": "INSD",
                    "kind": "report",
                    "stance": "refutes",
                    "quote": "",
                    "locator": "",
                }
            ],
            author=editor,
            approved_by=reviewer,
            approved_at=start + timedelta(minutes=i),
        )
        for i, claim in enumerate(claims)
    )
    return claims
