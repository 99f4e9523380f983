"""The annotate panel tells a rounded figure from a hedged one (issue 14)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from claims.facts.wording import describe_value
from tests.claims import helpers


def _fact(low, high, hedge, unit="count"):
    return SimpleNamespace(
        value_low=low,
        value_high=high,
        unit=unit,
        hedge=hedge,
        event_start=None,
        event_end=None,
        event_granularity="",
    )


def test_a_round_figure_reads_as_rounded_and_a_hedge_as_a_hedge():
    assert describe_value(_fact(45000, 55000, "exact")) == "50,000, rounded (45,000–55,000)"
    assert describe_value(_fact(45000, 55000, "about")) == "about 50,000"
    assert describe_value(_fact(2053, 2053, "exact")) == "2,053"


@pytest.mark.django_db
def test_the_proposal_on_the_annotate_page_says_rounded(editor):
    body = "Organisers said 50,000 volunteers joined the clean-up on Sunday."
    article = helpers.article(editor, body=body)
    client = Client()
    client.force_login(editor)
    start = body.index("50,000")
    end = start + len("50,000 volunteers")
    response = client.get(
        f"/admin/sources/article/{article.pk}/annotate/", {"start": start, "end": end}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["fact"]["hedge"] == "exact"
    assert data["reading"] == "50,000, rounded (45,000–55,000)"
    page = client.get(f"/admin/sources/article/{article.pk}/annotate/")
    assert b'id="claim-reading"' in page.content
