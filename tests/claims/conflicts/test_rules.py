"""The pure rules of conflict detection: matching, tolerance, windows, hedges, the sweep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.conflicts.rules import (
    CORROBORATION,
    DATE,
    HIGH,
    LOW,
    MEDIUM,
    VALUE,
    VERDICT,
    compare,
    conflicts_among,
    describe_interval,
    relative_gap,
    sweep_block,
    tolerance_bounds,
)
from claims.facts.matching import FactView, overlaps, scope_interval

RULES = {"window_days": 15, "tolerance": 0.05}
# Measure ids (the rules compare ids; which measure is which does not matter to them).
TERRITORY, BORDER, DISPLACED, POPULATION, COUP = 1, 2, 3, 4, 5
INF = float("inf")
PUBLISHED = date(2021, 6, 1)
_ids = iter(range(1, 10**9))


def fact(low=None, high=None, **fields) -> FactView:
    """A fact about Burkina's territory outside state control, in percent, timeless."""
    values = {
        "id": next(_ids),
        "entity_id": 1,
        "measure_id": TERRITORY,
        "unit": "percent",
        "value_low": low,
        "value_high": high,
    }
    values.update(fields)
    return FactView(**values)


def point(day: date) -> dict:
    return {"scope_start": day, "scope_end": day}


# Hedged figures from the issue.
MORE_THAN_40 = {"low": 40.0, "high": None, "hedge": "more_than"}
ABOUT_45 = {"low": 42.75, "high": 47.25, "hedge": "about"}
A_THIRD = {"low": 30.3, "high": 36.7, "hedge": "about"}


def test_more_than_40_agrees_with_about_45():
    result = compare(fact(**MORE_THAN_40), fact(**ABOUT_45), **RULES)
    assert result is not None and result.kind == CORROBORATION and not result.is_conflict


def test_more_than_40_conflicts_with_a_third():
    a, b = fact(**MORE_THAN_40), fact(**A_THIRD)
    result = compare(a, b, **RULES)
    assert result is not None and result.kind == VALUE
    assert (result.a_id, result.b_id) == (a.id, b.id)
    explanation = result.explanation
    assert explanation["a"]["interval"] == [40.0, None]  # unbounded: JSON null
    assert explanation["b"]["interval"] == [30.3, 36.7]
    assert explanation["a"]["hedge"] == "more_than" and explanation["b"]["unit"] == "percent"
    assert explanation["a"]["scope"] == [None, None]
    assert "40 percent" in explanation["sentence"] and "36.7" in explanation["sentence"]
    assert "\n" not in explanation["sentence"]
    assert explanation["relative_gap"] == pytest.approx((40 - 36.7) / 40)


def test_compare_is_symmetric():
    a, b = fact(**MORE_THAN_40), fact(**A_THIRD)
    assert compare(a, b, **RULES) == compare(b, a, **RULES)
    assert compare(a, b, **RULES).explanation == compare(b, a, **RULES).explanation


def test_nearly_600_km_agrees_with_580_and_not_with_700():
    nearly = fact(540.0, 600.0, hedge="nearly", unit="m", measure_id=BORDER)
    assert compare(nearly, fact(580e0, 580e0, unit="m", measure_id=BORDER), **RULES).kind == (
        CORROBORATION
    )
    assert compare(nearly, fact(700.0, 700.0, unit="m", measure_id=BORDER), **RULES).kind == (VALUE)


@pytest.mark.parametrize(
    "other, kind",
    [
        (104.0, CORROBORATION),  # 4% apart: within the 5% tolerance
        (104.9, CORROBORATION),
        (106.0, VALUE),  # 6% apart
        (96.0, CORROBORATION),
        (94.0, VALUE),
    ],
)
def test_tolerance_is_relative(other, kind):
    assert compare(fact(100.0, 100.0), fact(other, other), **RULES).kind == kind


def test_tolerance_is_a_setting():
    a, b = fact(100.0, 100.0), fact(110.0, 110.0)
    assert compare(a, b, window_days=15, tolerance=0.05).kind == VALUE
    assert compare(a, b, window_days=15, tolerance=0.2).kind == CORROBORATION


def test_negative_values_are_widened_by_their_magnitude():
    assert compare(fact(-100.0, -100.0), fact(-104.0, -104.0), **RULES).kind == CORROBORATION
    assert compare(fact(-100.0, -100.0), fact(-110.0, -110.0), **RULES).kind == VALUE
    assert tolerance_bounds((-10.0, 10.0), 0.1) == (-10.5, 10.5)
    assert tolerance_bounds((-INF, INF), 0.1) == (-INF, INF)


@pytest.mark.parametrize(
    "a, b, severity",
    [
        ((100.0, 100.0), (110.0, 110.0), LOW),  # 9% apart
        ((100.0, 100.0), (125.0, 125.0), MEDIUM),  # 20%
        ((100.0, 100.0), (300.0, 300.0), HIGH),  # 67%
        ((0.0, 0.0), (5.0, 5.0), HIGH),
    ],
)
def test_severity_grows_with_the_gap(a, b, severity):
    assert compare(fact(*a), fact(*b), **RULES).severity == severity


def test_relative_gap_uses_the_facing_endpoints():
    assert relative_gap((0.0, 10.0), (20.0, 30.0)) == pytest.approx(0.5)
    assert relative_gap((0.0, 10.0), (5.0, 30.0)) == 0.0


def test_up_to_and_at_least_are_half_open():
    up_to_10 = fact(None, 10.0, hedge="up_to")
    assert compare(up_to_10, fact(3.0, 3.0), **RULES).kind == CORROBORATION
    assert compare(up_to_10, fact(12.0, 12.0), **RULES).kind == VALUE
    assert compare(up_to_10, fact(20.0, None, hedge="at_least"), **RULES).kind == VALUE
    assert compare(up_to_10, fact(None, 2.0), **RULES).kind == CORROBORATION


def test_thousands_of_agrees_with_a_big_number_and_not_a_small_one():
    thousands = fact(2000.0, 1e6, hedge="order_of_magnitude", unit="count", measure_id=DISPLACED)
    assert compare(
        thousands, fact(5000.0, 5000.0, unit="count", measure_id=DISPLACED), **RULES
    ).kind == (CORROBORATION)
    assert compare(
        thousands, fact(300.0, 300.0, unit="count", measure_id=DISPLACED), **RULES
    ).kind == (VALUE)


# --- Matching: the blocking key and the time scope -------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"entity_id": 2}, {"measure_id": POPULATION}, {"unit": "count"}],
)
def test_different_keys_never_match(change):
    assert compare(fact(**MORE_THAN_40), fact(**{**A_THIRD, **change}), **RULES) is None


@pytest.mark.parametrize(
    "change", [{"entity_id": None}, {"measure_id": None}, {"status": "retracted"}]
)
def test_retracted_and_keyless_claims_never_match(change):
    a = fact(**MORE_THAN_40, **change)
    b = fact(**A_THIRD, **change)
    assert compare(a, b, **RULES) is None
    assert compare(fact(**MORE_THAN_40), b, **RULES) is None


def test_points_in_time_are_widened_by_the_window():
    a = fact(**MORE_THAN_40, **point(PUBLISHED))
    near = fact(**A_THIRD, **point(PUBLISHED + timedelta(days=30)))
    far = fact(**A_THIRD, **point(PUBLISHED + timedelta(days=31)))
    assert compare(a, near, **RULES).kind == VALUE  # windows of ±15 days touch
    assert compare(a, far, **RULES) is None  # a change over time, not a conflict
    assert compare(a, far, window_days=16, tolerance=0.05).kind == VALUE


def test_scope_ranges_are_not_widened():
    year = {"scope_start": date(2020, 1, 1), "scope_end": date(2020, 12, 31)}
    assert scope_interval(fact(**year), 15) == (
        date(2020, 1, 1).toordinal(),
        date(2020, 12, 31).toordinal(),
    )
    next_year = {"scope_start": date(2021, 1, 1), "scope_end": date(2021, 12, 31)}
    assert compare(fact(**MORE_THAN_40, **year), fact(**A_THIRD, **next_year), **RULES) is None
    inside = point(date(2020, 6, 1))
    assert compare(fact(**MORE_THAN_40, **year), fact(**A_THIRD, **inside), **RULES).kind == VALUE


def test_a_null_scope_is_timeless_and_overlaps_everything():
    timeless = fact(**MORE_THAN_40)
    assert compare(timeless, fact(**A_THIRD, **point(date(1990, 1, 1))), **RULES).kind == VALUE
    assert compare(timeless, fact(**A_THIRD, **point(date(2090, 1, 1))), **RULES).kind == VALUE
    open_ended = fact(**A_THIRD, scope_start=date(2020, 1, 1), scope_end=None)
    assert (
        compare(fact(**MORE_THAN_40, **point(date(2030, 1, 1))), open_ended, **RULES).kind == VALUE
    )
    assert compare(fact(**MORE_THAN_40, **point(date(2019, 1, 1))), open_ended, **RULES) is None


def test_overlaps_is_inclusive():
    assert overlaps((1, 2), (2, 3))
    assert not overlaps((1, 2), (2.5, 3))


# --- Dates ---------------------------------------------------------------------------------


def event(start: date, end: date, **fields) -> FactView:
    return fact(unit="", measure_id=COUP, event_start=start, event_end=end, **fields)


def test_disjoint_event_dates_conflict():
    may = event(date(2021, 5, 1), date(2021, 5, 31))
    june = event(date(2021, 6, 1), date(2021, 6, 30))
    mid_may = event(date(2021, 5, 11), date(2021, 5, 20))
    result = compare(may, june, **RULES)
    assert result.kind == DATE and result.severity == LOW
    assert result.explanation["a"]["event"] == ["2021-05-01", "2021-05-31"]
    assert result.explanation["gap_days"] == 1
    assert compare(may, mid_may, **RULES).kind == CORROBORATION
    assert compare(june, mid_may, **RULES).kind == DATE


def test_date_severity_in_days():
    a = event(date(2015, 1, 1), date(2015, 12, 31))
    assert compare(a, event(date(2016, 3, 1), date(2016, 3, 31)), **RULES).severity == MEDIUM
    assert compare(a, event(date(2021, 5, 1), date(2021, 5, 31)), **RULES).severity == HIGH


# --- Verdicts ------------------------------------------------------------------------------


def verified(rating: str, **values) -> FactView:
    return fact(**{**MORE_THAN_40, **values}, status="verified", rating=rating)


@pytest.mark.parametrize(
    "ra, rb, severity",
    [
        ("true", "false", HIGH),
        ("mostly_true", "false", MEDIUM),
        ("mostly_true", "mostly_false", LOW),
    ],
)
def test_opposite_verdicts_on_agreeing_facts_conflict(ra, rb, severity):
    result = compare(verified(ra), verified(rb, **ABOUT_45), **RULES)
    assert result.kind == VERDICT and result.severity == severity
    assert {result.explanation["a"]["rating"], result.explanation["b"]["rating"]} == {ra, rb}


def test_verdicts_need_both_claims_verified():
    assert (
        compare(verified("true"), fact(**ABOUT_45, rating="false"), **RULES).kind == CORROBORATION
    )


def test_same_side_and_misleading_are_not_verdict_conflicts():
    assert compare(verified("true"), verified("mostly_true"), **RULES).kind == CORROBORATION
    assert compare(verified("true"), verified("misleading"), **RULES).kind == CORROBORATION


def test_a_value_conflict_wins_over_opposite_ratings():
    assert compare(verified("true"), verified("false", **A_THIRD), **RULES).kind == VALUE


def test_facts_with_nothing_to_compare_are_neither():
    assert compare(fact(), fact(**MORE_THAN_40), **RULES) is None
    assert (
        compare(fact(status="verified", rating="true"), verified("false"), **RULES).kind == VERDICT
    )


def test_describe_interval():
    assert describe_interval((40.0, INF), "percent") == "over 40 percent"
    assert describe_interval((-INF, 600.0), "m") == "at most 600 m"
    assert describe_interval((1.8e6, 2.2e6), "count") == "1,800,000–2,200,000 count"
    assert describe_interval((33.333, 33.333), "") == "33.33"


# --- The sweep equals all pairs ------------------------------------------------------------


def _canonical(comparisons):
    return sorted((c.a_id, c.b_id, c.kind, c.severity) for c in comparisons)


days = st.integers(min_value=0, max_value=120).map(lambda n: date(2021, 1, 1) + timedelta(n))
values = st.one_of(st.none(), st.sampled_from([0.0, 10.0, 30.0, 33.0, 35.0, 40.0, 41.0, 45.0]))


@st.composite
def facts_strategy(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    out = []
    for ident in range(1, n + 1):
        low, high = draw(values), draw(values)
        if low is not None and high is not None and low > high:
            low, high = high, low
        scope = draw(st.sampled_from(["none", "point", "range", "open"]))
        start = draw(days)
        fields: dict = {}
        if scope == "point":
            fields = point(start)
        elif scope == "range":
            fields = {
                "scope_start": start,
                "scope_end": start + timedelta(draw(st.integers(0, 60))),
            }
        elif scope == "open":
            fields = {"scope_start": start, "scope_end": None}
        if draw(st.booleans()):
            e = draw(days)
            fields.update(event_start=e, event_end=e + timedelta(draw(st.integers(0, 20))))
        if draw(st.integers(0, 3)) == 0:
            fields.update(
                status=draw(st.sampled_from(["verified", "retracted", "draft"])),
                rating=draw(st.sampled_from(["true", "mostly_true", "false", "mostly_false", ""])),
            )
        out.append(FactView(ident, 1, "x", "percent", low, high, "", **fields))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_strategy(), st.sampled_from([0, 15]), st.sampled_from([0.0, 0.05, 0.3]))
def test_sweep_finds_exactly_the_conflicts_of_all_pairs(facts, window, tolerance):
    rules = {"window_days": window, "tolerance": tolerance}
    assert _canonical(sweep_block(facts, **rules)) == _canonical(conflicts_among(facts, **rules))


def test_sweep_does_not_enumerate_agreeing_pairs(monkeypatch):
    """1,000 agreeing timeless claims + 10 outliers: compare runs once per conflict."""
    import claims.conflicts.rules as rules_module

    facts = [fact(44.0, 46.0) for _ in range(1000)] + [fact(10.0, 10.0) for _ in range(10)]
    calls = []
    real = rules_module.compare

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules_module, "compare", counting)
    found = sweep_block(facts, **RULES)
    assert len(found) == 10 * 1000  # every outlier against every agreeing claim
    assert len(calls) == len(found)  # no corroboration was ever compared
