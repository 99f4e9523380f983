"""Table tests for the grammar of issue 14: lower-bound and approaching hedges, shares
written as ratios, lakh and crore, thousands grouped by spaces or periods, fractions of a
scale or unit, day ranges, relative weeks and days, quarters.

Phrases follow the wording of real reporting (the issue's examples and the dev set's
kinds); the publication date anchors the relative dates.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from claims.facts.extraction import extract

PUB = date(2021, 6, 21)  # a Monday

QUANTITIES = [
    ("the toll climbed past 7,200", (7200, None, "count", "more_than")),
    ("deaths surpassing three thousand", (3000, None, "count", "more_than")),
    ("the number rose to beyond 1.4 million", (1.4e6, None, "count", "more_than")),
    ("temperatures approaching 45 degrees Celsius", (40.5, 45, "degC", "nearly")),
    ("temperatures nearing 50 degree C", (45, 50, "degC", "nearly")),
    ("one in every nine voters", (100 / 9.5, 100 / 8.5, "percent", "exact")),
    ("fewer than four out of 10 adults", (0, 40, "percent", "less_than")),
    ("3.1 in every ten households", (31 / 1.05, 31 / 0.95, "percent", "exact")),
    ("almost two out of ten adults", (18, 20, "percent", "nearly")),
    ("22 out of 26 districts", (100 * 22 / 26 * 0.995, 100 * 22 / 26 * 1.005, "percent", "exact")),
    ("4.6 crore voters", (4.55e7, 4.65e7, "count", "exact")),
    ("Over 2 lakh people", (2e5, None, "count", "more_than")),
    ("Rs 10 lakhs as ex gratia", (9.5e5, 1.05e6, "INR", "exact")),
    ("about 655 000 refugees", (0.9 * 655000, 1.1 * 655000, "count", "about")),
    ("more than 160.000 people", (160000, None, "count", "more_than")),
    ("raised it to a quarter of a million", (250000, 250000, "count", "exact")),
    ("a third of a metre less", (1 / 3, 1 / 3, "m", "exact")),
    ("3,000 litres of water per second", (2.5, 3.5, "m3/s", "exact")),
    ("a flow of 3800 m3/s", (3750, 3850, "m3/s", "exact")),
    ("more than 1,200 cubic metres per second", (1200, None, "m3/s", "more_than")),
    ("500 litres of fuel", (0.4995, 0.5005, "m3", "exact")),
]

DATES = [
    ("between 12 and 15 June 2021", ("2021-06-12", "2021-06-15")),
    ("from May 1 to September 30, 2021", ("2021-05-01", "2021-09-30")),
    ("From January 1 through September 13, 2020", ("2020-01-01", "2020-09-13")),
    ("between May 1 and 7", ("2021-05-01", "2021-05-07")),
    ("17 to 29 May 2023", ("2023-05-17", "2023-05-29")),
    ("last weekend", ("2021-06-19", "2021-06-20")),
    ("Last week", ("2021-06-14", "2021-06-20")),
    ("last Monday", ("2021-06-14", "2021-06-14")),
    ("on Sunday", ("2021-06-20", "2021-06-20")),
    ("three weeks ago", ("2021-05-31", "2021-05-31")),
    ("on the 3rd", ("2021-06-03", "2021-06-03")),
    ("Q2 of 2021", ("2021-04-01", "2021-06-30")),
    ("the first quarter of 2023", ("2023-01-01", "2023-03-31")),
    ("Quarter 4 (Oct to Dec) 2023", ("2023-10-01", "2023-12-31")),
    ("the third quarter a year ago", ("2020-07-01", "2020-09-30")),
]


def _close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(("phrase", "want"), QUANTITIES, ids=[p for p, _ in QUANTITIES])
def test_quantities(phrase, want):
    found = extract(phrase, published=PUB).quantities
    assert len(found) == 1, found
    q = found[0]
    assert (q.unit, q.hedge) == want[2:], q
    assert _close(q.low, want[0]) and _close(q.high, want[1]), q


@pytest.mark.parametrize(("phrase", "want"), DATES, ids=[p for p, _ in DATES])
def test_dates(phrase, want):
    found = extract(phrase, published=PUB).dates
    assert [(d.start_date.isoformat(), d.end_date.isoformat()) for d in found] == [want]


def test_and_joins_days_only_after_between():
    ex = extract("on May 1 and 7 people died", published=PUB)
    assert [(d.start_date, d.end_date) for d in ex.dates] == [(date(2021, 5, 1), date(2021, 5, 1))]
    assert [q.low for q in ex.quantities] == [6.5]


def test_a_range_start_keeps_an_earlier_comparison_apart():
    ex = extract("cases in January (17 078) compared to December", published=date(2023, 2, 9))
    assert [d.start_date for d in ex.dates] == [date(2023, 1, 1), date(2022, 12, 1)]
