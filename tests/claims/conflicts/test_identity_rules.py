"""How a measure's kind reads time: toll series, flows over periods, one event's day; events
and localities that must agree; an editor's link (pure rules, no database)."""

from __future__ import annotations

from datetime import date

from claims.conflicts.rules import CORROBORATION, LOW, REVISION, VALUE, compare
from claims.facts.matching import FactView, matches

RULES = {"window_days": 15, "tolerance": 0.0}
DEATHS, TURNOUT, GDP_GROWTH, CROWD = 1, 2, 3, 4
_ids = iter(range(1, 10**9))


def fact(low, high=None, *, on=None, until=None, kind="level", **fields) -> FactView:
    values = {
        "id": next(_ids),
        "entity_id": 7,
        "measure_id": fields.pop("measure_id", DEATHS),
        "unit": "count",
        "value_low": low,
        "value_high": low if high is None else high,
        "scope_start": on,
        "scope_end": until or on,
        "kind": kind,
    }
    values.update(fields)
    return FactView(**values)


def toll(low, high=None, *, on, since=None, **fields) -> FactView:
    return fact(low, high, on=since or on, until=on, kind="toll", **fields)


SUN, MON, WED = date(2022, 10, 2), date(2022, 10, 3), date(2022, 10, 5)


# --- Tolls: a series over an event -----------------------------------------------------------


def test_a_toll_that_rises_from_day_to_day_is_an_update_not_a_conflict():
    assert compare(toll(180, on=SUN), toll(260, on=MON), **RULES) is None
    assert compare(toll(125, on=SUN), toll(131, on=WED), **RULES) is None


def test_a_toll_that_falls_is_a_revision_of_low_severity():
    result = compare(toll(288, on=SUN), toll(275, on=MON), **RULES)
    assert (result.kind, result.severity) == (REVISION, LOW)
    assert "A toll only grows" in result.explanation["sentence"]
    # A later figure below an earlier "at least": the same.
    earlier = toll(79, float("inf"), on=SUN, hedge="at_least", value_high=None)
    assert compare(earlier, toll(78, on=MON), **RULES).kind == REVISION


def test_two_tolls_as_of_the_same_day_are_compared():
    assert compare(toll(2053, on=SUN), toll(1023, on=SUN), **RULES).kind == VALUE
    about_2000 = toll(1800, 2200, on=SUN, hedge="about")
    assert compare(about_2000, toll(2053, on=SUN), **RULES).kind == CORROBORATION


def test_counts_that_agree_on_different_days_corroborate():
    nearly_25000 = toll(22500, 25000, on=date(2024, 6, 3), hedge="nearly")
    assert compare(nearly_25000, toll(24849, on=date(2024, 6, 1)), **RULES).kind == CORROBORATION


def test_tolls_of_two_different_events_are_not_compared():
    quake = toll(300, on=SUN, event="earthquake")
    flood = toll(100, on=SUN, event="flood")
    assert compare(quake, flood, **RULES) is None
    assert compare(quake, toll(100, on=SUN), **RULES).kind == VALUE  # an unknown event may match


# --- Flows: a period ---------------------------------------------------------------------------


def test_a_quarter_is_not_its_year():
    q3 = fact(-0.1, on=date(2023, 7, 1), until=date(2023, 9, 30), kind="flow", unit="percent")
    year = fact(0.1, on=date(2023, 1, 1), until=date(2023, 12, 31), kind="flow", unit="percent")
    assert not matches(q3, year, window_days=15)
    assert compare(q3, year, **RULES) is None
    same_q3 = fact(0.2, on=date(2023, 7, 1), until=date(2023, 9, 30), kind="flow", unit="percent")
    assert compare(q3, same_q3, **RULES).kind == VALUE


def test_a_flow_without_its_period_is_not_compared_with_one_with_it():
    dated = fact(3.1, on=date(2023, 1, 1), until=date(2023, 12, 31), kind="flow", unit="percent")
    undated = fact(2.0, on=date(2024, 2, 1), kind="flow", unit="percent")
    assert compare(dated, undated, **RULES) is None


# --- Levels: a state at a time; one event's day -------------------------------------------------


def test_crowds_of_two_marches_a_week_apart_are_two_facts():
    first = fact(1_030_000, on=date(2019, 6, 10), event="protest", measure_id=CROWD)
    second = fact(2_000_000, on=date(2019, 6, 17), event="protest", measure_id=CROWD)
    assert compare(first, second, **RULES) is None
    # Without events, two levels a week apart are within the window: compared.
    assert compare(first._replace(event=""), second._replace(event=""), **RULES).kind == VALUE


def test_places_inside_one_country_must_agree():
    assam = fact(81, on=SUN, locality="Assam", measure_id=TURNOUT, unit="percent")
    lakshadweep = fact(84, on=SUN, locality="Lakshadweep", measure_id=TURNOUT, unit="percent")
    assert compare(assam, lakshadweep, **RULES) is None
    whole = fact(65.79, on=SUN, measure_id=TURNOUT, unit="percent")
    assert compare(assam, whole, **RULES).kind == VALUE  # an unknown place may match


def test_a_phase_of_an_election_is_not_the_whole():
    phase = fact(63.88, on=SUN, event="election, phase 7", measure_id=TURNOUT, unit="percent")
    whole = fact(65.79, on=SUN, event="election", measure_id=TURNOUT, unit="percent")
    assert compare(phase, whole, **RULES) is None


# --- An editor's link --------------------------------------------------------------------------


def test_a_link_makes_two_identities_comparable():
    a = fact(40, on=SUN, measure_id=1, unit="percent")
    b = fact(33, on=SUN, measure_id=2, unit="percent", entity_id=None)
    assert compare(a, b, **RULES) is None
    assert compare(a, b, linked=True, **RULES).kind == VALUE
    later = b._replace(scope_start=date(2023, 1, 1), scope_end=date(2023, 1, 1))
    assert compare(a, later, linked=True, **RULES) is None  # still a change over time
