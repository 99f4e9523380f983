"""Every unit and hedge the extractor can emit is accepted by the claim service.

A proposal must never make the claim fail: the claim is created through
``services.claim_create`` with the extractor's own unit and hedge, for each member of the
extractor's vocabulary, and for what it reads on real sentences that once failed.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import services
from claims.facts.extraction import HEDGE_VOCABULARY, UNIT_VOCABULARY, extract
from claims.models import Hedge
from tests.claims import helpers


def test_the_vocabulary_is_the_readers():
    # What the reader emits on real phrases is inside the declared vocabulary.
    for phrase in (
        "for six months",
        "three times as many",
        "over 12 days",
        "3,000 litres of water per second",
        "Rs 4.6 crore",
        "more than 40% of the territory",
        "tens of thousands of people",
        "between 200 and 300 people",
    ):
        for q in extract(phrase).quantities:
            assert q.unit in UNIT_VOCABULARY, (phrase, q.unit)
            assert q.hedge in HEDGE_VOCABULARY, (phrase, q.hedge)
    assert set(HEDGE_VOCABULARY) <= set(Hedge.values)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    unit=st.sampled_from(sorted(UNIT_VOCABULARY)), hedge=st.sampled_from(sorted(HEDGE_VOCABULARY))
)
def test_every_unit_and_hedge_the_extractor_emits_is_accepted(editor, unit, hedge):
    art = helpers.article(editor)
    claim = services.claim_create(
        article_id=art.pk,
        author=editor,
        quote="Burkina Faso and Mali",
        fact={"unit": unit, "hedge": hedge, "value_low": 1.0, "value_high": 2.0},
    )
    claim.refresh_from_db()
    assert (claim.unit, claim.hedge) == (unit, hedge)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sentence",
    [
        "The siege lasted six months, officials said.",
        "Prices rose three times faster than wages.",
        "The search went on for 12 days.",
        "The river carried 3,000 litres of water per second.",
    ],
)
def test_a_proposal_never_makes_the_claim_fail(editor, sentence):
    art = helpers.article(editor, body=sentence)
    claim = services.claim_create(article_id=art.pk, author=editor, quote=sentence.rstrip("."))
    assert claim.pk is not None
