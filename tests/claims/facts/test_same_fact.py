"""The same fact across claims: editors' links, what the desk learns from them and from
corrections, proposals, and the relations the API serves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services
from claims.conflicts.selectors import corroborations_of
from claims.models import Claim, ClaimLink, Conflict, MeasureCue, ReviewEvent
from newsdesk.common.errors import InvalidInput, NotAllowed, NotFound
from tests import factories
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def claim(editor, text: str, **fact) -> Claim:
    article = helpers.article(editor, body=text, title="Burkina Faso", published_at="2022-09-04")
    return services.claim_create(article_id=article.pk, author=editor, quote=text, fact=fact)


@pytest.fixture
def checked(django_capture_on_commit_callbacks):
    """Run the conflict checks the services enqueue after their commit."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_same_fact_link_makes_two_measures_comparable(editor, checked):
    territory = factories.measure("territory-outside-state-control")
    controlled = factories.measure("territory-controlled")
    a = checked(lambda: claim(editor, "More than 40% of Burkina is outside state control."))
    b = checked(
        lambda: claim(
            editor,
            "The jihadists hold a third of Burkina's land.",
            measure=controlled.pk,
            unit="percent",
            value_low=30.3,
            value_high=36.7,
            hedge="about",
            entity=factories.entity().pk,
        )
    )
    assert a.measure == territory and not Conflict.objects.exists()
    checked(lambda: services.claim_link(claim_id=a.pk, other_id=b.pk, same=True, actor=editor))
    flag = Conflict.objects.get()
    assert {flag.claim_a_id, flag.claim_b_id} == {a.pk, b.pk} and flag.kind == "value"
    assert ReviewEvent.objects.filter(claim=a, action="link").exists()
    # Not the same after all: the flag resolves itself, and no corroboration either.
    checked(lambda: services.claim_link(claim_id=b.pk, other_id=a.pk, same=False, actor=editor))
    flag.refresh_from_db()
    assert flag.status == "resolved" and flag.resolution.startswith("auto:")
    assert ClaimLink.objects.get().same is False


def test_not_the_same_separates_two_claims_of_one_identity(editor, checked):
    a = checked(lambda: claim(editor, "More than 40% of Burkina is outside state control."))
    b = checked(lambda: claim(editor, "About 45% of Burkina is outside state control."))
    assert [other.pk for other, _ in corroborations_of(a)] == [b.pk]
    services.claim_link(claim_id=a.pk, other_id=b.pk, same=False, actor=editor)
    assert corroborations_of(a) == []


def test_correcting_a_measure_teaches_the_phrase_that_announced_it(editor):
    text = "The agency also counted 52,953 dwellings wrecked in Burkina Faso."
    first = claim(editor, text, measure=None)
    measure = factories.measure("houses-destroyed")
    services.claim_update(claim_id=first.pk, version=first.version, actor=editor, measure=measure)
    cue = MeasureCue.objects.get(measure=measure, learned=True)
    assert (cue.phrase, cue.learned_from_id) == ("dwellings wrecked", first.pk)
    # The next claim worded so is read right.
    again = claim(editor, "Officials counted 1,200 dwellings wrecked in Burkina Faso.")
    assert again.measure == measure


def test_a_same_fact_link_teaches_the_other_claim_s_phrase(editor):
    deaths = factories.measure("deaths")
    a = claim(editor, "The death toll in Burkina Faso rose to 312.")
    b = claim(editor, "Burkina Faso counted 312 souls lost so far.", measure=None)
    assert a.measure == deaths and b.measure is None
    services.claim_link(claim_id=a.pk, other_id=b.pk, same=True, actor=editor)
    assert MeasureCue.objects.filter(measure=deaths, learned=True, phrase="souls lost").exists()


def test_links_are_refused_to_outsiders_and_for_missing_claims(editor, outsider):
    a = claim(editor, "More than 40% of Burkina is outside state control.")

    with pytest.raises(NotAllowed):
        services.claim_link(claim_id=a.pk, other_id=a.pk + 1, same=True, actor=outsider)
    with pytest.raises(NotFound):
        services.claim_link(claim_id=a.pk, other_id=a.pk + 999, same=True, actor=editor)
    with pytest.raises(InvalidInput):
        services.claim_link(claim_id=a.pk, other_id=a.pk, same=True, actor=editor)


def test_one_click_on_the_desk_and_in_the_api(client, editor, reviewer):
    a = claim(editor, "More than 40% of Burkina is outside state control.")
    b = claim(editor, "A third of Burkina's land is held by armed groups.")
    client.force_login(reviewer)
    response = client.post(
        reverse("desk-same-fact", args=[a.pk]),
        {"same_pair": f"{b.pk}:1"},
        QUERY_STRING="next=https://evil.example/",
    )
    assert response.status_code == 302 and response["Location"] == reverse("review-queue")
    assert ClaimLink.objects.get().same is True
    api = APIClient()
    api.force_authenticate(editor)
    answer = api.post(
        f"/api/v1/claims/{a.pk}/same-fact/", {"other": b.pk, "same": False}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert ClaimLink.objects.get().same is False
    assert set(answer.json()) >= {"corroborations", "conflicts", "same_fact_proposals"}


def test_the_staff_detail_lists_corroborations_conflicts_and_proposals(editor, checked):
    a = checked(lambda: claim(editor, "More than 40% of Burkina is outside state control."))
    b = checked(lambda: claim(editor, "About 45% of Burkina is outside state control."))
    c = checked(lambda: claim(editor, "A third of Burkina is outside state control."))
    api = APIClient()
    api.force_authenticate(editor)
    detail = api.get(f"/api/v1/claims/{a.pk}/").json()
    assert detail["corroborations"] == [b.pk]
    assert detail["conflicts"] == [c.pk]
    assert detail["measure"]["slug"] == "territory-outside-state-control"
    assert detail["entity"]["name"] == "Burkina Faso"
    assert (detail["scope_start"], detail["scope_end"]) == ("2022-09-04", "2022-09-04")
