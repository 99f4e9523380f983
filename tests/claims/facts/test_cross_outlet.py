"""Real sentences from different outlets about the same facts (tests/fixtures/cross-outlet-dev):
the desk, with its own proposals and no hand help, finds the conflicts and corroborations.

The floors are the figures measured when fact identity was built (37 of 44 right, 13 of 15
conflicts, no false conflict, 10 of 15 corroborations): a change that reads the language worse
fails here. `make eval` prints the same scoring pair by pair.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from benchmarks.eval_pairs import headline_from_address, load_pairs, score_pairs
from newsdesk.common import roles
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pairs():
    return load_pairs()


@pytest.fixture
def eval_editor(db):
    user = factories.UserFactory(username="eval-editor")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def test_the_dev_pairs_as_shipped(pairs, eval_editor):
    assert len(pairs) == 44
    report = score_pairs(pairs, editor=eval_editor)
    assert report.right >= 37, report.summary()
    assert report.count("CONFLICT", "CONFLICT") >= 13, report.summary()
    assert report.false_conflicts <= 0, report.summary()
    assert report.count("CONSISTENT", "CONSISTENT") >= 10, report.summary()


@pytest.mark.parametrize(
    ("pair_id", "label"),
    [
        ("dc01", "CONFLICT"),  # two agencies' tolls as of the same Sunday
        ("dc03", "CONFLICT"),  # a toll revised down the next day
        ("dc11", "CONFLICT"),  # a 2019 turnout recalled in 2024 by two outlets
        ("ds01", "CONSISTENT"),  # "estimated at 2,000" and "2,053"
        ("ds15", "UNRELATED"),  # (a miss kept on purpose: the region's name is not known)
        ("du01", "UNRELATED"),  # dead or injured vs dead
        ("du03", "UNRELATED"),  # two marches a week apart
        ("du06", "UNRELATED"),  # a running toll two days later: an update
        ("du10", "UNRELATED"),  # one phase of an election vs the whole
        ("du13", "UNRELATED"),  # a quarter vs its year
    ],
)
def test_hand_checked_pairs(pairs, eval_editor, pair_id, label):
    (pair,) = [p for p in pairs if p["id"] == pair_id]
    (result,) = score_pairs([pair], editor=eval_editor).results
    assert result.predicted == label, result.facts


def test_a_headline_read_from_a_web_address():
    assert (
        headline_from_address(
            "https://www.example.com/news/2024-01-21-against-afd--80-000-at-a-demo-in-munich.SJbB.html"
        )
        == "2024 01 21 against afd 80 000 at a demo in munich"
    )
    assert headline_from_address("https://english.example.lk/amp/154798") == ""
