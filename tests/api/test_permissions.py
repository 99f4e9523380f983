"""Who may do what on the public API: one matrix over the endpoints and the personas."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims import services
from newsdesk.common.authentication import api_key_create
from tests.claims import helpers
from tests.factories import key_client

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "consumer", "staff_key", "editor", "reviewer"]
# (method, path, {persona: status}); {pk} is a verified claim, {draft} a draft.
MATRIX = [
    ("get", "/api/v1/claims/", dict.fromkeys(PERSONAS[1:], 200) | {"anonymous": 401}),
    ("get", "/api/v1/claims/{pk}/", dict.fromkeys(PERSONAS[1:], 200) | {"anonymous": 401}),
    (
        "get",
        "/api/v1/claims/{draft}/",
        {
            "anonymous": 401,
            "outsider": 404,
            "consumer": 404,
            "staff_key": 200,
            "editor": 200,
            "reviewer": 200,
        },
    ),
    (
        "get",
        "/api/v1/claims/{pk}/claimreview/",
        dict.fromkeys(PERSONAS[1:], 200) | {"anonymous": 401},
    ),
    ("get", "/api/v1/claimreview/", dict.fromkeys(PERSONAS[1:], 200) | {"anonymous": 401}),
    (
        "get",
        "/api/v1/claims/?view=staff",
        {
            "anonymous": 401,
            "outsider": 403,
            "consumer": 403,
            "staff_key": 200,
            "editor": 200,
            "reviewer": 200,
        },
    ),
    (
        "get",
        "/api/v1/conflicts/",
        {
            "anonymous": 401,
            "outsider": 403,
            "consumer": 403,
            "staff_key": 200,
            "editor": 200,
            "reviewer": 200,
        },
    ),
    (
        "post",
        "/api/v1/claims/{draft}/submit/",
        {
            "anonymous": 401,
            "outsider": 403,
            "consumer": 403,
            "staff_key": 403,
            "editor": 200,
            "reviewer": 403,
        },
    ),
    (
        "post",
        "/api/v1/claims/{pk}/retract/",
        {
            "anonymous": 401,
            "outsider": 403,
            "consumer": 403,
            "staff_key": 200,
            "editor": 403,
            "reviewer": 200,
        },
    ),
    ("get", "/feeds/verified.atom", dict.fromkeys(PERSONAS, 200)),
]


@pytest.fixture
def client_for(editor, reviewer, outsider):
    def make(persona: str) -> APIClient:
        if persona == "consumer":
            return key_client(api_key_create(name="Consumer")[1])
        if persona == "staff_key":
            return key_client(api_key_create(name="Bot", scope="staff", user=reviewer)[1])
        client = APIClient()
        user = {"outsider": outsider, "editor": editor, "reviewer": reviewer}.get(persona)
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method, path, expected", MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_the_permission_matrix(client_for, editor, reviewer, persona, method, path, expected):
    published = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=published.pk, version=published.version, reviewer=reviewer)
    published.refresh_from_db()
    draft = helpers.complete_draft(editor, body=helpers.BODY + " A draft.")
    url = path.format(pk=published.pk, draft=draft.pk)
    data = (
        {"version": draft.version}
        if "submit" in path
        else {"version": published.version, "reason": "Matrix."}
    )
    client = client_for(persona)
    response = client.get(url) if method == "get" else client.post(url, data, format="json")
    assert response.status_code == expected[persona], response.content
