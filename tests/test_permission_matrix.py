"""Every URL x method x persona against a table of expected statuses.

The table must name every non-admin endpoint the project serves: a new endpoint that is
not in it fails `test_the_table_covers_every_endpoint` until someone decides who may use it.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, Conflict
from claims.publishing.links import page_path
from newsdesk.common.authentication import api_key_create
from tests.claims import helpers

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "consumer", "editor", "reviewer", "both", "admin")
A, C, E, R, B, S = PERSONAS  # B: one person with both roles; S: the superuser admin


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# Requests are built so that the permission check decides: valid bodies, objects that exist.
# Anonymous API calls get 401 with the error code "not_authenticated" and a Bearer challenge;
# pages redirect to the login.
STAFF_READ = expect(200, anonymous=401, consumer=403)
TABLE: dict[tuple[str, str], dict[str, int]] = {
    ("api-root", "GET"): expect(200, anonymous=401),
    ("api-schema", "GET"): expect(200),
    ("api-docs", "GET"): expect(200),
    ("feed-verified", "GET"): expect(200),
    # The public fact-check pages: everyone, no account or key.
    ("factcheck-index", "GET"): expect(200),
    ("factcheck-page", "GET"): expect(200),
    ("factcheck-id", "GET"): expect(301),  # to the page's address with its slug
    ("sitemap", "GET"): expect(200),
    # Probes: open to everyone, no login, no key, no throttle.
    ("healthz", "GET"): expect(200),
    ("readyz", "GET"): expect(200),
    ("claim-list", "GET"): expect(200, anonymous=401),
    ("claim-list", "POST"): expect(201, anonymous=401, consumer=403, reviewer=403),
    ("claim-detail", "GET"): expect(200, anonymous=401),
    ("claim-detail", "PATCH"): expect(200, anonymous=401, consumer=403, reviewer=403),
    ("claim-claimreview", "GET"): expect(200, anonymous=401),
    ("claimreview-list", "GET"): expect(200, anonymous=401),
    ("claim-citations", "POST"): expect(201, anonymous=401, consumer=403),
    ("claim-submit", "POST"): expect(200, anonymous=401, consumer=403, reviewer=403),
    ("claim-approve", "POST"): expect(200, anonymous=401, consumer=403, editor=403),
    ("claim-request-changes", "POST"): expect(200, anonymous=401, consumer=403, editor=403),
    ("claim-retract", "POST"): expect(200, anonymous=401, consumer=403, editor=403),
    ("claim-reopen", "POST"): expect(200, anonymous=401, consumer=403),
    ("article-list", "GET"): STAFF_READ,
    ("article-list", "POST"): expect(201, anonymous=401, consumer=403, reviewer=403),
    ("article-detail", "GET"): STAFF_READ,
    ("conflict-list", "GET"): STAFF_READ,
    ("conflict-detail", "GET"): STAFF_READ,
    ("review-queue", "GET"): expect(200, anonymous=302, consumer=302, editor=403),
    ("review-decide", "POST"): expect(302, editor=403),
    ("dashboard", "GET"): expect(200, anonymous=302, consumer=302),
    ("fact-index", "GET"): expect(200, anonymous=302, consumer=302),
    ("fact-page", "GET"): expect(200, anonymous=302, consumer=302),
    # A form's answer: a redirect for everyone (the login for outsiders); what the link did
    # is tested in tests/claims/facts/test_same_fact.py.
    ("inbox", "GET"): expect(200, anonymous=302, consumer=302),
    ("claim-workspace", "GET"): expect(200, anonymous=302, consumer=302),
    # Save, cite and submit the draft: reviewers may cite but not submit (403).
    ("claim-workspace", "POST"): expect(302, reviewer=403),
    ("claim-decide", "POST"): expect(302, editor=403),
    ("claim-comment", "POST"): expect(302),
    ("desk-same-fact", "POST"): expect(302),
    # The triage page; a decision answers with a redirect back to it (or the login).
    ("conflict-triage", "GET"): expect(200, anonymous=302, consumer=302),
    ("conflict-triage", "POST"): expect(302),
    ("claim-same-fact", "POST"): expect(200, anonymous=401, consumer=403),
}
SKIPPED_NAMES = {"api-not-found"}  # the JSON 404 for unknown /api/ paths
FORM_POSTS = {  # pages' forms, not JSON
    "claim-workspace",
    "claim-decide",
    "claim-comment",
    "conflict-triage",
}


def _endpoints() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
                continue
            if not isinstance(pattern, URLPattern) or route.startswith("admin/"):
                continue
            if pattern.name in SKIPPED_NAMES or pattern.name is None or "format" in route:
                continue
            actions = getattr(pattern.callback, "actions", None)
            if actions:
                # DRF adds "head" beside "get" once a view has served a request.
                methods = {m.upper() for m in actions if m != "head"}
            else:
                methods = {m for (n, m) in TABLE if n == pattern.name} or {"GET"}
            found.update((pattern.name, method) for method in methods)

    walk(get_resolver().url_patterns, "")
    return found


def test_the_table_covers_every_endpoint():
    assert _endpoints() - set(TABLE) == set(), "add these endpoints to the table"
    assert set(TABLE) - _endpoints() == set(), "these endpoints no longer exist"


@pytest.fixture
def world(editor, reviewer):
    """One of everything the endpoints act on, made through the services."""
    published = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=published.pk, version=published.version, reviewer=reviewer)
    published.refresh_from_db()
    in_review = helpers.ready_for_review(
        editor, quote="more than a thousand kilometers", body=helpers.BODY + " In review."
    )
    draft = helpers.complete_draft(editor, body=helpers.BODY + " A draft.")
    a, b = sorted([published.pk, draft.pk])
    conflict = Conflict.objects.create(claim_a_id=a, claim_b_id=b, kind=Conflict.Kind.VALUE)
    return {
        "published": published,
        "in_review": in_review,
        "draft": draft,
        "conflict": conflict,
        "article": draft.article,
    }


def _request(name: str, method: str, world: dict):
    p, d, r = world["published"], world["draft"], world["in_review"]
    text = {"text": "A new story. Some 2 million people were displaced.", "title": "New"}
    return {
        ("api-root", "GET"): ("/api/v1/", None),
        ("api-schema", "GET"): ("/api/schema/", None),
        ("api-docs", "GET"): ("/api/docs/", None),
        ("feed-verified", "GET"): ("/feeds/verified.atom", None),
        ("factcheck-index", "GET"): ("/fact-checks/", None),
        ("factcheck-page", "GET"): (page_path(p.pk, p.statement), None),
        ("factcheck-id", "GET"): (f"/fact-checks/{p.pk}/", None),
        ("sitemap", "GET"): ("/sitemap.xml", None),
        ("healthz", "GET"): ("/healthz", None),
        ("readyz", "GET"): ("/readyz", None),
        ("claim-list", "GET"): ("/api/v1/claims/", None),
        ("claim-list", "POST"): (
            "/api/v1/claims/",
            {"article": d.article_id, "quote": "Burkina Faso and Mali"},
        ),
        ("claim-detail", "GET"): (f"/api/v1/claims/{p.pk}/", None),
        ("claim-detail", "PATCH"): (
            f"/api/v1/claims/{d.pk}/",
            {"version": d.version, "claimant": "officials"},
        ),
        ("claim-claimreview", "GET"): (f"/api/v1/claims/{p.pk}/claimreview/", None),
        ("claimreview-list", "GET"): ("/api/v1/claimreview/", None),
        ("claim-citations", "POST"): (
            f"/api/v1/claims/{d.pk}/citations/",
            {"stance": "supports", "url": "https://stats.example/m", "title": "Matrix"},
        ),
        ("claim-submit", "POST"): (f"/api/v1/claims/{d.pk}/submit/", {"version": d.version}),
        ("claim-approve", "POST"): (f"/api/v1/claims/{r.pk}/approve/", {"version": r.version}),
        ("claim-request-changes", "POST"): (
            f"/api/v1/claims/{r.pk}/request-changes/",
            {"version": r.version, "comment": "More."},
        ),
        ("claim-retract", "POST"): (
            f"/api/v1/claims/{p.pk}/retract/",
            {"version": p.version, "reason": "Matrix."},
        ),
        ("claim-reopen", "POST"): (f"/api/v1/claims/{p.pk}/reopen/", {"version": p.version}),
        ("article-list", "GET"): ("/api/v1/articles/", None),
        ("article-list", "POST"): ("/api/v1/articles/", text),
        ("article-detail", "GET"): (f"/api/v1/articles/{world['article'].pk}/", None),
        ("conflict-list", "GET"): ("/api/v1/conflicts/", None),
        ("conflict-detail", "GET"): (f"/api/v1/conflicts/{world['conflict'].pk}/", None),
        ("review-queue", "GET"): ("/review/", None),
        ("review-decide", "POST"): (
            f"/review/{r.pk}/decide/",
            {"decision": "approve", "version": r.version},
        ),
        ("dashboard", "GET"): ("/dashboard/", None),
        ("fact-index", "GET"): ("/facts/", None),
        ("fact-page", "GET"): (f"/facts/{p.entity.slug}/{p.measure.slug}/", None),
        ("inbox", "GET"): ("/inbox/", None),
        ("claim-workspace", "GET"): (f"/claims/{r.pk}/", None),
        ("claim-workspace", "POST"): (
            f"/claims/{d.pk}/",
            {
                "version": d.version,
                "rating": "true",
                "summary": "Matrix.",
                "cite_url": "https://stats.example/m",
                "cite_title": "Matrix",
                "then": "submit",
            },
        ),
        ("claim-decide", "POST"): (
            f"/claims/{r.pk}/decide/",
            {"decision": "approve", "version": r.version},
        ),
        ("claim-comment", "POST"): (f"/claims/{d.pk}/comment/", {"comment_body": "Matrix."}),
        ("desk-same-fact", "POST"): (
            f"/claims/{p.pk}/same-fact/",
            {"other": world["draft"].pk, "same": "0"},
        ),
        ("conflict-triage", "GET"): (f"/conflicts/{world['conflict'].pk}/", None),
        ("conflict-triage", "POST"): (
            f"/conflicts/{world['conflict'].pk}/",
            {"action": "resolve", "note": "Matrix."},
        ),
        ("claim-same-fact", "POST"): (
            f"/api/v1/claims/{p.pk}/same-fact/",
            {"other": world["draft"].pk, "same": False},
        ),
    }[(name, method)]


def _client(persona: str, users: dict) -> APIClient:
    client = APIClient()
    if persona == "consumer":
        _key, secret = api_key_create(name="Matrix consumer")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    elif persona != "anonymous":
        client.force_login(users[persona])
    return client


@pytest.mark.parametrize("name, method", sorted(TABLE), ids=[f"{m} {n}" for n, m in sorted(TABLE)])
def test_the_permission_matrix(world, editor, reviewer, editor_reviewer, admin_user_, name, method):
    """Each persona's request runs in a savepoint rolled back afterwards, so every persona
    meets the same world (an approval by one does not turn the next one's into a 409)."""
    users = {"editor": editor, "reviewer": reviewer, "both": editor_reviewer, "admin": admin_user_}
    url, body = _request(name, method, world)
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            client = _client(persona, users)
            if method == "GET":
                response = client.get(url)
            elif name.startswith("review-") or name in FORM_POSTS:
                response = client.post(url, body)  # a form post from a desk page
            else:
                response = getattr(client, method.lower())(url, body, format="json")
            got[persona] = response.status_code
            transaction.set_rollback(True)
    assert got == TABLE[(name, method)], f"{method} {url}"


# Four-eyes over the history: whoever wrote or changed a verdict since its last approval is
# refused its approval, whatever roles they hold. Editors cannot approve at all (above).
APPROVERS = ("reviewer", "both", "admin")
TOUCHES = {
    # route -> (a claim in review or a draft, how the persona touches it)
    "patch-verdict-in-review": "in_review",
    "cite-in-review": "in_review",
    "rewrite-draft-then-submit": "draft",
}


# A reviewer without the editor role cannot edit a draft at all (the matrix: 403).
COMBINATIONS = [
    (persona, touch)
    for persona in APPROVERS
    for touch in sorted(TOUCHES)
    if not (persona == "reviewer" and touch == "rewrite-draft-then-submit")
]


@pytest.mark.parametrize("persona, touch", COMBINATIONS)
def test_nobody_approves_a_verdict_they_changed(
    world, editor, reviewer, editor_reviewer, admin_user_, persona, touch
):
    users = {"reviewer": reviewer, "both": editor_reviewer, "admin": admin_user_}
    client = _client(persona, users)
    claim = world[TOUCHES[touch]]
    if touch == "patch-verdict-in-review":
        response = client.patch(
            f"/api/v1/claims/{claim.pk}/",
            {"version": claim.version, "rating": "false", "summary": "Mine now."},
            format="json",
        )
    elif touch == "cite-in-review":
        response = client.post(
            f"/api/v1/claims/{claim.pk}/citations/",
            {"stance": "refutes", "url": "https://stats.example/x", "title": "Mine"},
            format="json",
        )
    else:
        services.citation_add(
            claim_id=claim.pk, actor=editor, stance="supports", url="https://s.example/", title="S"
        )
        claim.refresh_from_db()
        response = client.patch(
            f"/api/v1/claims/{claim.pk}/",
            {"version": claim.version, "statement": "Rewritten.", "rating": "true", "summary": "S"},
            format="json",
        )
        assert response.status_code == 200, response.content
        claim.refresh_from_db()
        response = client.post(
            f"/api/v1/claims/{claim.pk}/submit/", {"version": claim.version}, format="json"
        )
    assert response.status_code in (200, 201), response.content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    refused = client.post(
        f"/api/v1/claims/{claim.pk}/approve/", {"version": claim.version}, format="json"
    )
    assert refused.status_code == 403, refused.content
    assert refused.json()["error"]["code"] == "changed_by_you"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW and not claim.factchecks.exists()
    # The review page refuses it too.
    page = APIClient()
    page.force_login(users[persona])
    page.post(f"/review/{claim.pk}/decide/", {"decision": "approve", "version": claim.version})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
