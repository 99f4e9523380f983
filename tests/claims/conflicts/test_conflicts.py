"""Conflict detection against PostgreSQL: the check, the sweep, staff actions, reads, the API."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.conflicts import detection, selectors
from claims.conflicts import services as conflict_services
from claims.conflicts.rules import conflicts_among
from claims.facts.matching import FACT_COLUMNS, FactView
from claims.facts.selectors import same_fact_candidates
from claims.models import Claim, Conflict, Entity
from newsdesk.common.errors import Conflict as ConflictError
from newsdesk.common.errors import InvalidInput, NotAllowed, NotFound
from tests import factories
from tests.concurrency import at_once

RULES = {
    "window_days": settings.NEWSDESK_CONFLICT_WINDOW_DAYS,
    "tolerance": settings.NEWSDESK_CONFLICT_TOLERANCE,
}
TERRITORY = "territory-outside-state-control"
MORE_THAN_40 = {"value_low": 40.0, "value_high": None, "hedge": "more_than"}
A_THIRD = {"value_low": 30.3, "value_high": 36.7, "hedge": "about"}


# --- Local helpers ----------------------------------------------------------------------------


def burkina() -> Entity:
    return Entity.objects.get_or_create(name="Burkina Faso", defaults={"kind": "country"})[0]


def article(text: str, **fields):
    return factories.ArticleFactory(body=text, **fields)


def fact(**values) -> dict:
    base = {
        "entity_id": burkina().pk,
        "measure_id": factories.measure(TERRITORY).pk,
        "unit": "percent",
        "value_low": None,
        "value_high": None,
        "hedge": "",
        "event_start": None,
        "event_end": None,
        "scope_start": None,
        "scope_end": None,
    }
    base.update(values)
    return base


def create_claim(editor, text: str, **values) -> Claim:
    """A claim created the way editors do, through the service (the check runs on commit)."""
    source = article(f"{text} Reported on {random.random()}.")
    return services.claim_create(
        article_id=source.pk, author=editor, quote=text, fact=fact(**values)
    )


def flags(**filters) -> list[tuple]:
    return sorted(
        Conflict.objects.filter(**filters).values_list("claim_a_id", "claim_b_id", "kind", "status")
    )


@pytest.fixture
def conflicting(editor, django_capture_on_commit_callbacks):
    """Two articles whose claims conflict, created through the service (check runs eagerly)."""
    with django_capture_on_commit_callbacks(execute=True):
        a = create_claim(
            editor, "More than 40% of Burkina's territory is outside state control.", **MORE_THAN_40
        )
    with django_capture_on_commit_callbacks(execute=True):
        b = create_claim(
            editor, "A third of Burkina's territory is outside state control.", **A_THIRD
        )
    return a, b


# --- The incremental check -----------------------------------------------------------------------


def test_two_articles_with_conflicting_claims_raise_one_open_flag(conflicting):
    a, b = conflicting
    assert flags() == [(a.pk, b.pk, "value", "open")]
    flag = Conflict.objects.get()
    assert flag.detected_by == "check"
    assert flag.severity in {"low", "medium", "high"}
    explanation = flag.explanation
    assert explanation["a"]["claim"] == a.pk and explanation["b"]["claim"] == b.pk
    assert explanation["a"]["interval"] == [40.0, None]
    assert explanation["b"]["interval"] == [30.3, 36.7]
    assert explanation["a"]["hedge"] == "more_than" and explanation["b"]["unit"] == "percent"
    assert "8.25% apart" in explanation["sentence"]


def test_an_edit_that_makes_them_agree_resolves_the_flag(
    conflicting, editor, django_capture_on_commit_callbacks
):
    _, b = conflicting
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(
            claim_id=b.pk, version=b.version, actor=editor, value_low=42.0, value_high=48.0
        )
    flag = Conflict.objects.get()
    assert flag.status == Conflict.Status.RESOLVED
    assert flag.resolution == "auto: no longer conflicting after edit"
    assert flag.resolved_at is not None and flag.resolved_by is None


def test_an_auto_resolved_flag_reopens_when_the_conflict_returns(
    conflicting, editor, django_capture_on_commit_callbacks
):
    _, b = conflicting
    with django_capture_on_commit_callbacks(execute=True):
        b = services.claim_update(
            claim_id=b.pk, version=b.version, actor=editor, value_low=42.0, value_high=48.0
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(
            claim_id=b.pk, version=b.version, actor=editor, value_low=20.0, value_high=20.0
        )
    flag = Conflict.objects.get()
    assert (flag.status, flag.resolution, flag.resolved_at) == ("open", "", None)
    assert flag.explanation["b"]["interval"] == [20.0, 20.0]


def test_a_dismissed_flag_is_never_reopened(
    conflicting, editor, django_capture_on_commit_callbacks
):
    a, b = conflicting
    flag = Conflict.objects.get()
    conflict_services.conflict_dismiss(
        conflict_id=flag.pk, actor=editor, note="Different definitions."
    )
    for claim in (a, b):
        assert detection.conflict_check_claim(claim_id=claim.pk)["created"] == 0
    detection.conflict_sweep_all(shards=3)
    flag.refresh_from_db()
    assert flag.status == Conflict.Status.DISMISSED and flag.note == "Different definitions."


def test_running_the_check_twice_changes_nothing(conflicting):
    a, b = conflicting
    before = list(Conflict.objects.values())
    for claim in (a, b, a):
        counts = detection.conflict_check_claim(claim_id=claim.pk)
        assert counts == {"created": 0, "reopened": 0, "updated": 0, "unchanged": 1, "resolved": 0}
    assert list(Conflict.objects.values()) == before


def test_a_changed_figure_refreshes_the_open_flag(
    conflicting, editor, django_capture_on_commit_callbacks
):
    _, b = conflicting
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(
            claim_id=b.pk, version=b.version, actor=editor, value_low=10.0, value_high=10.0
        )
    flag = Conflict.objects.get()
    assert flag.status == "open" and flag.severity == "high"
    assert flag.explanation["b"]["interval"] == [10.0, 10.0]


def test_a_retracted_claim_stops_conflicting(conflicting):
    a, b = conflicting
    Claim.objects.filter(pk=b.pk).update(status=Claim.Status.RETRACTED)
    assert detection.conflict_check_claim(claim_id=a.pk)["resolved"] == 1
    assert flags() == [(a.pk, b.pk, "value", "resolved")]


def test_a_change_over_time_is_not_a_conflict(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create_claim(
            editor,
            "In 2019 a third of the territory was outside state control.",
            scope_start=date(2019, 1, 1),
            scope_end=date(2019, 12, 31),
            **A_THIRD,
        )
    with django_capture_on_commit_callbacks(execute=True):
        create_claim(
            editor,
            "Today more than 40% of the territory is outside state control.",
            scope_start=date(2022, 3, 1),
            scope_end=date(2022, 3, 1),
            **MORE_THAN_40,
        )
    assert flags() == []


def test_the_check_of_a_claim_without_a_key_flags_nothing(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create_claim(editor, "More than 40% of the territory is lost.", **MORE_THAN_40)
    with django_capture_on_commit_callbacks(execute=True):
        create_claim(editor, "A third of the territory is lost.", **{**A_THIRD, "entity_id": None})
    assert flags() == []


def test_verified_claims_rated_oppositely_conflict_on_verdict(
    editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = create_claim(
            editor, "More than 40% of the territory is outside state control.", **MORE_THAN_40
        )
        b = create_claim(
            editor,
            "Some 45% of the territory is outside state control.",
            value_low=42.75,
            value_high=47.25,
            hedge="about",
        )
    Claim.objects.filter(pk=a.pk).update(status="verified", rating="true")
    Claim.objects.filter(pk=b.pk).update(status="verified", rating="false")
    assert detection.conflict_check_claim(claim_id=b.pk)["created"] == 1
    assert flags() == [(a.pk, b.pk, "verdict", "open")]


def test_corroborations_are_computed_on_read(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = create_claim(
            editor, "More than 40% of the territory is outside state control.", **MORE_THAN_40
        )
        b = create_claim(
            editor,
            "About 45% of the territory is outside state control.",
            value_low=42.75,
            value_high=47.25,
            hedge="about",
        )
        create_claim(editor, "A third of the territory is outside state control.", **A_THIRD)
    found = selectors.corroborations_of(a)
    assert [claim.pk for claim, _ in found] == [b.pk]
    assert found[0][1]["kind"] == "corroboration" and "agree" in found[0][1]["sentence"]
    assert Conflict.objects.filter(kind="corroboration").count() == 0


# --- The sweep ---------------------------------------------------------------------------------


def make_corpus(n: int, *, seed: int = 7) -> list[Claim]:
    """`n` claims over a few blocks with hedged figures, points, ranges, events and verdicts."""
    rng = random.Random(seed)
    author = factories.UserFactory(username=f"corpus-{seed}")
    entities = [Entity.objects.get_or_create(name=f"Corpus entity {seed}-{i}")[0] for i in range(3)]
    measures = {
        "share": factories.measure(TERRITORY),
        "displaced": factories.measure("displaced"),
        "coup": factories.measure("coup"),
    }
    articles = [article(f"Corpus {seed} article {i}: figures and dates.") for i in range(8)]
    day0 = date(2021, 1, 1)
    rows = []
    for i in range(n):
        values: dict = {}
        kind = "" if rng.random() < 0.03 else rng.choice(["share", "displaced", "coup"])
        unit = {"share": "percent", "displaced": "count", "coup": ""}.get(kind, "percent")
        if kind == "coup":
            start = day0 + timedelta(rng.randrange(0, 200))
            values.update(event_start=start, event_end=start + timedelta(rng.choice([0, 9, 30])))
        else:
            base = 40.0 if unit == "percent" else 20_000.0
            low = base * rng.uniform(0.7, 1.3)
            high = low * rng.choice([1.0, 1.05, 1.2])
            shape = rng.random()
            values.update(
                value_low=None if shape < 0.1 else round(low, 2),
                value_high=None if 0.1 <= shape < 0.2 else round(high, 2),
            )
        scope = rng.random()
        if scope < 0.5:
            day = day0 + timedelta(rng.randrange(0, 400))
            values.update(scope_start=day, scope_end=day)
        elif scope < 0.7:
            day = day0 + timedelta(rng.randrange(0, 400))
            values.update(scope_start=day, scope_end=day + timedelta(rng.randrange(0, 90)))
        status, rating = "draft", ""
        if rng.random() < 0.15:
            status, rating = (
                "verified",
                rng.choice(["true", "mostly_true", "false", "mostly_false"]),
            )
        elif rng.random() < 0.03:
            status = "retracted"
        source = rng.choice(articles)
        rows.append(
            Claim(
                article=source,
                start=0,
                end=6,
                exact=source.body[:6],
                statement=f"Claim {i}",
                author=author,
                status=status,
                rating=rating,
                measure=measures.get(kind),
                unit=unit,
                entity=None if rng.random() < 0.03 else rng.choice(entities),
                **values,
            )
        )
    return Claim.objects.bulk_create(rows)


def brute_force() -> set[tuple]:
    facts = [FactView(*row) for row in Claim.objects.values_list(*FACT_COLUMNS)]
    return {(c.a_id, c.b_id, c.kind, c.severity) for c in conflicts_among(facts, **RULES)}


def open_flags() -> set[tuple]:
    return set(
        Conflict.objects.filter(status="open").values_list(
            "claim_a_id", "claim_b_id", "kind", "severity"
        )
    )


@pytest.mark.django_db
def test_the_sweep_finds_exactly_the_flags_of_all_pairs():
    make_corpus(500)
    expected = brute_force()
    assert len(expected) > 100  # the corpus is a real test: many conflicts, of each kind
    assert {kind for _, _, kind, _ in expected} == {"value", "date", "verdict", "revision"}
    counts = detection.conflict_sweep_all(shards=4)
    assert open_flags() == expected
    assert counts["created"] == len(expected) and counts["resolved"] == 0
    assert counts["scanned"] == Claim.objects.count()  # each claim read once
    assert Conflict.objects.count() == len(expected)
    # The explanation and detected_by of a sweep flag.
    flag = Conflict.objects.first()
    assert flag.detected_by == "sweep" and flag.explanation["sentence"]


@pytest.mark.django_db
def test_running_the_sweep_twice_changes_nothing():
    make_corpus(200)
    first = detection.conflict_sweep_all(shards=3)
    before = list(Conflict.objects.order_by("pk").values())
    second = detection.conflict_sweep_all(shards=3)
    assert list(Conflict.objects.order_by("pk").values()) == before
    assert second["created"] == second["resolved"] == second["updated"] == 0
    assert second["unchanged"] == first["created"] > 0


@pytest.mark.django_db
def test_the_sweep_follows_edits_made_behind_its_back():
    claims = make_corpus(300)
    detection.conflict_sweep_all(shards=4)
    # Edits that skip the incremental check: the sweep must catch up with them.
    rng = random.Random(3)
    for claim in rng.sample(claims, 40):
        Claim.objects.filter(pk=claim.pk).update(
            value_low=5.0, value_high=5.0, event_start=None, event_end=None
        )
    for claim in rng.sample(claims, 10):
        Claim.objects.filter(pk=claim.pk).update(status="retracted")
    counts = detection.conflict_sweep_all(shards=4)
    assert counts["resolved"] > 0 and counts["created"] > 0
    assert open_flags() == brute_force()
    resolved = Conflict.objects.filter(status="resolved")
    assert set(resolved.values_list("resolution", flat=True)) == {
        "auto: no longer conflicting (sweep)"
    }
    # Shard count does not matter: another split finds the same flags.
    detection.conflict_sweep_all(shards=7)
    assert open_flags() == brute_force()


@pytest.mark.django_db
def test_the_shards_split_the_claims():
    make_corpus(200)
    totals = [detection.conflict_sweep_shard(shard=s, shards=5)["scanned"] for s in range(5)]
    assert sum(totals) == Claim.objects.count()  # every claim in exactly one shard
    assert open_flags() == brute_force()
    with pytest.raises(InvalidInput):
        detection.conflict_sweep_shard(shard=5, shards=5)


@pytest.mark.django_db
def test_the_fan_out_runs_every_shard_in_process_when_celery_is_eager():
    make_corpus(150)
    assert detection.conflict_sweep_fan_out(shards=3) == 3
    assert open_flags() == brute_force()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_create_no_duplicate_and_no_error():
    make_corpus(400, seed=11)
    expected = brute_force()
    results = at_once(lambda: detection.conflict_sweep_all(shards=2), [(), ()])
    assert open_flags() == expected
    assert Conflict.objects.count() == len(expected)
    # Each flag was created by exactly one of the two.
    assert sum(r["created"] for r in results) == len(expected)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_checks_at_once_create_no_duplicate(editor):
    a = create_claim(
        editor, "More than 40% of the territory is outside state control.", **MORE_THAN_40
    )
    b = create_claim(editor, "A third of the territory is outside state control.", **A_THIRD)
    Conflict.objects.all().delete()
    at_once(
        lambda claim_id: detection.conflict_check_claim(claim_id=claim_id),
        [(a.pk,), (b.pk,), (a.pk,), (b.pk,)],
    )
    assert flags() == [(a.pk, b.pk, "value", "open")]


# --- Staff actions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, kwargs",
    [
        (conflict_services.conflict_confirm, {}),
        (conflict_services.conflict_dismiss, {"note": "Not the same measure."}),
        (conflict_services.conflict_resolve, {}),
    ],
)
def test_only_staff_act_on_conflicts(conflicting, outsider, action, kwargs):
    flag = Conflict.objects.get()
    with pytest.raises(NotAllowed):
        action(conflict_id=flag.pk, actor=outsider, **kwargs)
    flag.refresh_from_db()
    assert flag.status == "open"


def test_confirm_then_resolve(conflicting, editor, reviewer):
    flag = Conflict.objects.get()
    conflict_services.conflict_confirm(conflict_id=flag.pk, actor=reviewer, note="Checked both.")
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by, flag.note) == ("confirmed", reviewer, "Checked both.")
    with pytest.raises(ConflictError):
        conflict_services.conflict_confirm(conflict_id=flag.pk, actor=reviewer)
    conflict_services.conflict_resolve(conflict_id=flag.pk, actor=editor, note="Corrected claim B.")
    flag.refresh_from_db()
    assert flag.status == "resolved" and flag.resolved_by == editor and flag.resolved_at
    assert flag.note == "Checked both.\nCorrected claim B."
    # A person resolved it: jobs leave it alone even though the claims still conflict.
    detection.conflict_sweep_all(shards=2)
    flag.refresh_from_db()
    assert flag.status == "resolved"
    with pytest.raises(ConflictError):
        conflict_services.conflict_dismiss(conflict_id=flag.pk, actor=editor, note="too late")


def test_dismiss_needs_a_note(conflicting, editor):
    flag = Conflict.objects.get()
    with pytest.raises(InvalidInput):
        conflict_services.conflict_dismiss(conflict_id=flag.pk, actor=editor, note="  ")
    conflict_services.conflict_dismiss(
        conflict_id=flag.pk, actor=editor, note="Same figure, two definitions."
    )
    flag.refresh_from_db()
    assert flag.status == "dismissed" and flag.resolution.startswith("dismissed by")


def test_acting_on_a_missing_conflict_is_not_found(db, editor):
    with pytest.raises(NotFound):
        conflict_services.conflict_resolve(conflict_id=999_999, actor=editor)


# --- Possibly the same fact ----------------------------------------------------------------------


def test_same_fact_proposals_are_similar_claims_of_another_measure(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = create_claim(
            editor, "More than 40% of Burkina's territory is outside state control.", **MORE_THAN_40
        )
        similar = create_claim(
            editor,
            "More than 40 percent of Burkina's territory is outside government control.",
            **{**MORE_THAN_40, "measure_id": factories.measure("territory-controlled").pk},
        )
        create_claim(
            editor,
            "Burkina's gold exports rose sharply last year.",
            **{**MORE_THAN_40, "measure_id": factories.measure("revenue").pk},
        )
        create_claim(
            editor,
            "About 45% of Burkina's territory is outside state control.",
            value_low=42.75,
            value_high=47.25,
        )  # the same measure: a corroboration instead
        other_entity = Entity.objects.create(name="Mali test entity")
        create_claim(
            editor,
            "More than 40% of Mali's territory is outside state control.",
            **{**MORE_THAN_40, "entity_id": other_entity.pk},
        )
    assert same_fact_candidates(claim) == [similar]
    assert Conflict.objects.count() == 0  # proposed, never flagged


# --- The API -------------------------------------------------------------------------------------


def make_flags(n: int) -> list[Conflict]:
    """`n` value flags between claims of one block, written straight to the tables."""
    author = factories.UserFactory(username="flag-author")
    source = article("A body for many claims. More text here.")
    claims = Claim.objects.bulk_create(
        Claim(
            article=source,
            start=0,
            end=6,
            exact=source.body[:6],
            statement=f"Claim {i}",
            author=author,
            entity=burkina(),
            measure=factories.measure(TERRITORY),
            unit="percent",
            value_low=float(10 * (i + 1)),
            value_high=float(10 * (i + 1)),
        )
        for i in range(n + 1)
    )
    return Conflict.objects.bulk_create(
        Conflict(claim_a=claims[0], claim_b=c, kind="value", explanation={"sentence": "x"})
        for c in claims[1:]
    )


URL = "/api/v1/conflicts/"


def test_the_api_is_for_staff_only(client, outsider, editor, conflicting):
    assert client.get(URL).status_code == 401  # no credentials: asked for a key
    outsider.save()  # the factory sets its password without saving it
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
    client.force_login(editor)
    assert client.get(URL).status_code == 200


def test_the_api_lists_flags_with_both_claims(client, editor, conflicting):
    a, b = conflicting
    client.force_login(editor)
    body = client.get(URL).json()
    (item,) = body["results"]
    assert item["claim_a"] == a.pk and item["claim_b"] == b.pk
    assert item["claim_a_detail"] == {
        "id": a.pk,
        "statement": a.statement,
        "article_id": a.article_id,
        "status": "draft",
    }
    assert item["claim_b_detail"]["id"] == b.pk
    assert item["kind"] == "value" and item["status"] == "open"
    assert item["explanation"]["a"]["interval"] == [40.0, None]
    assert set(item) == {
        "id",
        "claim_a",
        "claim_b",
        "claim_a_detail",
        "claim_b_detail",
        "kind",
        "status",
        "severity",
        "explanation",
        "detected_at",
        "resolved_at",
        "resolution",
    }


def test_the_api_filters(client, editor, conflicting):
    a, b = conflicting
    extra = make_flags(3)
    client.force_login(editor)

    def ids(query: str) -> set[int]:
        return {item["id"] for item in client.get(URL + query).json()["results"]}

    mine = Conflict.objects.get(claim_b=b).pk
    assert ids(f"?claim={a.pk}") == {mine}
    assert ids(f"?claim={b.pk}") == {mine}
    assert ids(f"?claim={extra[0].claim_a_id}") == {f.pk for f in extra}
    assert ids("?kind=date") == set()
    assert len(ids("?kind=value&status=open")) == 4
    conflict_services.conflict_dismiss(conflict_id=mine, actor=editor, note="no")
    assert ids("?status=dismissed") == {mine}
    assert ids(f"?entity={burkina().pk}") == {mine, *(f.pk for f in extra)}
    assert ids("?entity=999999") == set()
    assert client.get(URL + "?kind=bogus").status_code == 400


def test_the_api_runs_a_constant_number_of_queries_per_page(client, editor):
    make_flags(30)
    client.force_login(editor)
    counts = []
    for size in (2, 25):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page_size": size})
        assert response.status_code == 200 and len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_api_pages_newest_first_without_gaps(client, editor):
    flags_made = make_flags(7)
    client.force_login(editor)
    seen, url = [], URL + "?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(f.pk for f in flags_made)
    assert seen == [f.pk for f in Conflict.objects.order_by("-detected_at", "-id")]


# --- The command ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_sweeps_and_reports():
    make_corpus(150)
    expected = brute_force()
    out = io.StringIO()
    call_command("detect_conflicts", "--shards", "3", "--no-progress", stdout=out)
    text = out.getvalue()
    assert f"Scanned {Claim.objects.count()} claims" in text
    assert f"Flags: {len(expected)} created" in text and "0 resolved" in text
    assert open_flags() == expected
    out = io.StringIO()
    call_command("detect_conflicts", "--shards", "3", "--no-progress", stdout=out)
    assert f"Flags: 0 created, 0 reopened, 0 updated, {len(expected)} unchanged" in out.getvalue()
