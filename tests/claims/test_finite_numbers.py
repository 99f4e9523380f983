"""Non-finite numbers (inf, -inf, nan, 1e309) are refused by every way in: the annotate form,
the admin claim form, the API, the services, and the database's named check constraint.
One such value once made the staff claims list answer 500 for everyone."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims import services
from claims.models import Claim
from newsdesk.common.errors import InvalidInput
from tests.claims import helpers

pytestmark = pytest.mark.django_db

NON_FINITE = ["inf", "-inf", "1e309", "-1e309", "nan", "Infinity"]


@pytest.mark.parametrize("raw", NON_FINITE)
def test_the_annotate_form_refuses_non_finite_values_and_keeps_nothing(client, editor, raw):
    article = helpers.article(editor)
    client.force_login(editor)
    url = reverse("admin:sources_article_annotate", args=[article.pk])
    response = client.post(
        url,
        {"start": "0", "end": "12", "statement": "Burkina Faso", "value_low": raw},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("finite" in m for m in shown), shown
    assert not Claim.objects.filter(article=article).exists()


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_the_services_refuse_non_finite_values(editor, value):
    claim = helpers.draft(editor)
    before = (claim.version, claim.value_low, claim.value_high)
    with pytest.raises(InvalidInput) as refused:
        services.claim_update(
            claim_id=claim.pk, version=claim.version, actor=editor, value_high=value
        )
    assert "value_high" in refused.value.detail
    claim.refresh_from_db()
    assert (claim.version, claim.value_low, claim.value_high) == before
    with pytest.raises(InvalidInput):
        services.claim_create(
            article_id=claim.article_id,
            author=editor,
            quote="Burkina Faso and Mali",
            fact={"value_low": value},
        )


@pytest.mark.parametrize("body", ['{"value_low": 1e309}', '{"value_high": -1e309}'])
def test_the_api_refuses_non_finite_values_and_the_list_still_answers(session, editor, body):
    claim = helpers.draft(editor)
    client = session(editor)
    raw = body[:-1] + f', "version": {claim.version}}}'
    response = client.patch(f"/api/v1/claims/{claim.pk}/", raw, content_type="application/json")
    assert response.status_code == 400, response.content
    assert client.get("/api/v1/claims/").status_code == 200


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
@pytest.mark.parametrize("field", ["value_low", "value_high"])
def test_the_database_refuses_non_finite_values_by_a_named_constraint(editor, field, value):
    claim = helpers.draft(editor)
    with (
        pytest.raises(IntegrityError, match="claims_claim_values_finite"),
        transaction.atomic(),
    ):
        Claim.objects.filter(pk=claim.pk).update(
            **{"value_low": None, "value_high": None, field: value}
        )
