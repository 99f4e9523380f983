"""`manage.py load_seeds`: the seed articles through the import service, with their claims."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.conflicts.selectors import corroborations_of
from claims.models import Claim, Conflict, ReviewEvent
from sources.models import Article

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# The seed articles as the desk received them (sha256): the files are loaded as they are,
# under their received names, and nothing in the repository rewrites them.
SEED_DIGESTS = {
    "000_94a1f2b8e315dba5.txt": "c7e58b5e32cea5f711b3da14bfc066d4a441f20dac7144fd9a16d37c94767e44",
    "001_6939e6f75a53e8cd.txt": "8080211637dd53b60ec7dfc172f804a2c155ccdcc16738766d2cf1322dbb73cf",
}


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)
    return {a.title: a for a in Article.objects.all()}


def _claim(quote: str) -> Claim:
    return Claim.objects.get(exact__contains=quote)


def test_seed_files_are_the_received_ones_with_their_names():
    assert sorted(path.name for path in SEEDS.glob("*.txt")) == sorted(SEED_DIGESTS)
    for name, digest in SEED_DIGESTS.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_every_anchor_holds(seeded):
    claims = list(Claim.objects.select_related("article"))
    assert len(claims) >= 8
    for claim in claims:
        assert claim.article.body[claim.start : claim.end] == claim.exact
        assert claim.article.body[: claim.start].endswith(claim.prefix)
        assert claim.article.body[claim.end :].startswith(claim.suffix)


def test_the_desk_s_headline_claims_are_there(seeded):
    territory = _claim("More than 40% of Burkina")
    assert (territory.entity.name, territory.unit, territory.hedge) == (
        "Burkina Faso",
        "percent",
        "more_than",
    )
    assert territory.value_low == 40 and territory.value_high is None
    assert territory.claimant == "official figures"

    mali_border = _claim("more than a thousand kilometers")
    assert mali_border.unit == "m" and mali_border.value_low == 1_000_000
    ivory_border = _claim("nearly 600 kilometers")
    assert (ivory_border.value_low, ivory_border.value_high) == (540_000, 600_000)
    displaced = _claim("some two million displaced")
    assert (displaced.unit, displaced.value_low, displaced.value_high) == (
        "count",
        1_800_000,
        2_200_000,
    )
    coup = _claim("in a coup in May 2021")
    assert str(coup.event_start) == "2021-05-01" and str(coup.event_end) == "2021-05-31"


def test_the_2015_statements_corroborate_across_the_two_articles(seeded):
    since_2015 = Claim.objects.filter(measure__slug="conflict-start").order_by("id")
    assert since_2015.count() == 2
    assert since_2015.values("article").distinct().count() == 2
    assert {(c.entity.name, str(c.event_start), str(c.event_end)) for c in since_2015} == {
        ("Burkina Faso", "2015-01-01", "2015-12-31")
    }
    first, second = since_2015
    assert [other.pk for other, _ in corroborations_of(first)] == [second.pk]
    assert [other.pk for other, _ in corroborations_of(second)] == [first.pk]


def test_seed_claims_have_measures_and_the_two_departures_stay_apart(seeded):
    with_measure = Claim.objects.exclude(measure=None)
    assert with_measure.count() == Claim.objects.count() - 2  # G5 exit, years of engagement
    assert {c.measure.slug for c in with_measure} >= {
        "territory-outside-state-control",
        "border-length",
        "displaced",
        "coup",
        "conflict-start",
        "foreign-forces-withdrawal",
        "peace-agreement",
    }
    # The French force left in 2022 and MINUSMA in 2023: two events, not a date conflict.
    departures = Claim.objects.filter(measure__slug="foreign-forces-withdrawal")
    assert {c.event for c in departures} == {"French anti-jihadist force", "MINUSMA"}
    assert not Conflict.objects.exists()


def test_seed_001_page_furniture_is_not_in_the_body(seeded):
    article = Article.objects.get(title__startswith="Mali, Niger, Burkina Faso")
    for chrome in (
        "Advertisement",
        "We need your help now",
        "contribute what you can",
        "Readers Comments",
        "Leave a Comment",
        "Submit a report",
        "comments community",
        "© AFP",
    ):
        assert chrome not in article.body
    assert article.body.startswith("THE MILITARY LEADERS of Mali, Burkina Faso and Niger")
    assert article.body.endswith("renounced several military cooperation agreements with France.")
    assert article.outlet.domain == "thejournal.ie"


def test_seed_000_keeps_its_text_faithfully(seeded):
    article = Article.objects.get(title__startswith="Mali and Burkina Faso juntas")
    assert "partnership” indicated" in article.body  # the missing space restored
    assert "Côte d’Ivoire" in article.body
    assert article.published_at.date().isoformat() == "2022-09-04"


def test_loading_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = (
        list(Article.objects.order_by("id").values_list("id", "updated_at", "content_hash")),
        list(Claim.objects.order_by("id").values_list("id", "updated_at", "version")),
        ReviewEvent.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)
    after = (
        list(Article.objects.order_by("id").values_list("id", "updated_at", "content_hash")),
        list(Claim.objects.order_by("id").values_list("id", "updated_at", "version")),
        ReviewEvent.objects.count(),
    )
    assert after == before
