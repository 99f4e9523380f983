"""Property-based API tests with schemathesis: generated requests against every operation of
the OpenAPI schema, as a staff key (a reviewer) and as a read key, and the article import as
an editor's key, through the WSGI app.

Every response must be no server error, use a documented status code and content type,
and match the schema. Bounded (25 examples per operation) so it runs in `make test`.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import Claim, Conflict
from newsdesk.common import http
from newsdesk.common.authentication import api_key_create
from sources.models import Article
from tests.claims.helpers import bulk_verified
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

# Every operation gets every check.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded(editor, reviewer) -> dict[str, list[int]]:
    """Rows of every resource with an {id} path, so generated ids often hit real ones:
    claims in every state, an article from a link with its outlet and one pasted without
    either (url "", outlet null), and a conflict between two claims."""
    verified = bulk_verified(3, editor=editor, reviewer=reviewer, rating="unverifiable")
    article = verified[0].article
    others = [
        ClaimFactory(article=article, author=editor, status=status)
        for status in ("draft", "in_review")
    ]
    pasted = ArticleFactory(outlet=None, url="", import_method=Article.ImportMethod.TEXT)
    conflict = Conflict.objects.create(
        claim_a=verified[0],
        claim_b=verified[1],
        kind=Conflict.Kind.VALUE,
        explanation={"sentence": "40% and 41% of the territory"},
    )
    return {
        "claims": [c.pk for c in verified + others],
        "articles": [article.pk, pasted.pk],
        "conflicts": [conflict.pk],
    }


@pytest.fixture
def in_test_transaction(db):
    """Keep the connection open at the end of each request (as Django's test client does),
    so the WSGI app's requests run inside the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_api_key(reviewer) -> str:
    return api_key_create(
        name="schemathesis staff", scope="staff", user=reviewer, rate="100000/min"
    )[1]


@pytest.fixture
def editor_api_key(editor) -> str:
    return api_key_create(
        name="schemathesis editor", scope="staff", user=editor, rate="100000/min"
    )[1]


@pytest.fixture
def no_fetching(monkeypatch):
    """Imports of a link alone fail as an unreachable page: no test reaches the network."""

    def unreachable(url: str, **kwargs):
        raise http.FetchError("the test network is off")

    monkeypatch.setattr(http, "fetch", unreachable)


@pytest.fixture
def read_api_key(db) -> str:
    return api_key_create(name="schemathesis read", rate="100000/min")[1]


# Loaded at collection from the app itself (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much]
# Reads (the consumers' API) also get schemathesis' coverage cases (boundary and odd values
# of every parameter, as explicit examples); writes get generated examples only, to bound
# the run time (their bodies have many optional fields).
READS = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=QUIET)
WRITES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=QUIET,
    phases=[Phase.generate],
)
reads, writes = schema.include(method="GET"), schema.exclude(method="GET")
imports = schema.include(method="POST", path="/api/v1/articles/")


def call(case, key: str, seeded: dict[str, list[int]]) -> None:
    if case.path_parameters and str(case.path_parameters.get("id", "")).isdigit():
        # Point most generated ids at real rows (others stay as generated: 404s).
        generated = int(case.path_parameters["id"])
        rows = seeded.get(case.path.split("/")[3], [])  # /api/v1/<resource>/{id}/...
        if generated < 10_000 and rows:
            case.path_parameters["id"] = rows[generated % len(rows)]
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)


@reads.parametrize()
@READS
def test_reads_with_a_read_key(case, read_api_key, seeded, in_test_transaction):
    call(case, read_api_key, seeded)


@reads.parametrize()
@READS
def test_reads_with_a_staff_key(case, staff_api_key, seeded, in_test_transaction):
    call(case, staff_api_key, seeded)


@writes.parametrize()
@WRITES
def test_writes_with_a_read_key(case, read_api_key, seeded, in_test_transaction):
    call(case, read_api_key, seeded)


@writes.parametrize()
@WRITES
def test_writes_with_a_staff_key(case, staff_api_key, seeded, in_test_transaction):
    call(case, staff_api_key, seeded)


@imports.parametrize()
@WRITES
def test_imports_with_an_editor_key(case, editor_api_key, seeded, no_fetching, in_test_transaction):
    """The reviewer's key is refused the import (editors only): an editor's key reaches the
    service, whose answers (201, 200 for the same text, 400 for what it cannot import) must
    match the schema too."""
    call(case, editor_api_key, seeded)


def test_the_seed_has_claims_in_every_state(seeded):
    claims = Claim.objects.filter(pk__in=seeded["claims"])
    assert set(claims.values_list("status", flat=True)) == {
        "verified",
        "draft",
        "in_review",
    }
