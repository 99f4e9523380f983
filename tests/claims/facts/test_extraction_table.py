"""Table tests for claims.facts.extraction, on short phrases from real news text.

Every row of ``TABLE`` is a verbatim phrase (or exact sub-span) of one of the two
seed articles in ``seeds/`` or of the English news pages of the extraction-dev
evaluation set, with the quantities and dates the extractor must read from it.
``None`` in a row means "not checked"; ``[]`` means "nothing may be read".
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from claims.facts.extraction import (
    AliasIndex,
    DateSpan,
    EntityMention,
    Extraction,
    Quantity,
    extract,
)

QRow = tuple[float | None, float | None, str, str]
DRow = tuple[str, str, str]

# Publication dates of the sources the phrases come from.
SEED_SAHEL = date(2022, 9, 4)  # seeds/000: Mali and Burkina Faso military partnership
SEED_PACT = date(2023, 9, 17)  # seeds/001: Mali, Niger, Burkina Faso defence pact
BBC_NYC = date(2020, 4, 10)
CORK = date(2020, 10, 6)
GOTHAMIST = date(2023, 11, 8)
LETTERS = date(2023, 1, 16)
LATIMES = date(2020, 2, 19)
KXAN = date(2023, 11, 8)
STANDARD = date(2020, 10, 1)
MSN = date(2020, 10, 3)
WSVN = date(2023, 11, 8)


def q(low: float | None, high: float | None, unit: str, hedge: str) -> QRow:
    return (low, high, unit, hedge)


def d(start: str, end: str, granularity: str) -> DRow:
    return (start, end, granularity)


def row(
    phrase: str,
    published: date | None = None,
    quantities: list[QRow] | None = None,
    dates: list[DRow] | None = None,
) -> tuple[str, date | None, list[QRow] | None, list[DRow] | None]:
    return (phrase, published, quantities, dates)


TABLE = [
    # --- seeds/000 (published 2022-09-04) ---
    row(
        "More than 40% of Burkina’s territory is outside state control",
        SEED_SAHEL,
        [q(40, None, "percent", "more_than")],
        [],
    ),
    row(
        "a border of more than a thousand kilometers",
        None,
        [q(1_000_000, None, "m", "more_than")],
    ),
    row("a border of nearly 600 kilometers", None, [q(540_000, 600_000, "m", "nearly")]),
    row("some two million displaced", None, [q(1.8e6, 2.2e6, "count", "about")]),
    row("thousands of dead", None, [q(2000, 1e6, "count", "order_of_magnitude")]),
    row(
        "thousands of Burkinabè refugees",
        None,
        [q(2000, 1e6, "count", "order_of_magnitude")],
    ),
    row("after nine years of engagement", None, [q(8.5, 9.5, "year", "exact")]),
    row("two Sahelian countries plagued by attacks", None, [q(1.5, 2.5, "count", "exact")]),
    row("This is the first trip abroad", SEED_SAHEL, [], []),
    row("Mali decided to withdraw from the G5 Sahel", SEED_SAHEL, [], []),
    row("a “work and friendship visit” of a few hours", SEED_SAHEL, [], []),
    row(
        "who also came to power in a coup in May 2021",
        SEED_SAHEL,
        [],
        [d("2021-05-01", "2021-05-31", "month")],
    ),
    row(
        "which have been fighting there since 2015",
        SEED_SAHEL,
        [],
        [d("2015-01-01", "2022-09-04", "open")],
    ),
    row("fighting there since 2015", None, [], [d("2015-01-01", "2015-12-31", "open")]),
    row(
        "In mid-May, Mali decided to withdraw",
        SEED_SAHEL,
        [],
        [d("2022-05-11", "2022-05-20", "part_of_month")],
    ),
    row(
        "indicated, Sunday, September 4, the presidency of Burkina Faso",
        SEED_SAHEL,
        [],
        [d("2022-09-04", "2022-09-04", "day")],
    ),
    row(
        "An interview is scheduled for Monday, September 5",
        SEED_SAHEL,
        [],
        [d("2022-09-05", "2022-09-05", "day")],
    ),
    row(
        "who came to power in a putsch in January",
        SEED_SAHEL,
        [],
        [d("2022-01-01", "2022-01-31", "month")],
    ),
    row(
        "At the end of August, Burkina Faso and Niger",
        SEED_SAHEL,
        [],
        [d("2022-08-21", "2022-08-31", "part_of_month")],
    ),
    row(
        "left the country in August",
        SEED_SAHEL,
        [],
        [d("2022-08-01", "2022-08-31", "month")],
    ),
    row(
        "attacks have increased since the start of the year",
        SEED_SAHEL,
        [],
        [d("2022-01-01", "2022-09-04", "open")],
    ),
    # --- seeds/001 (published 2023-09-17) ---
    row(
        "spread to Niger and Burkina Faso in 2015.",
        SEED_PACT,
        [],
        [d("2015-01-01", "2015-12-31", "year")],
    ),
    row(
        "erupted in northern Mali in 2012",
        SEED_PACT,
        [],
        [d("2012-01-01", "2012-12-31", "year")],
    ),
    row(
        "All three countries have undergone coups since 2020",
        SEED_PACT,
        [q(2.5, 3.5, "count", "exact")],
        [d("2020-01-01", "2023-09-17", "open")],
    ),
    row(
        "announced in Mali’s capital Bamako yesterday",
        SEED_PACT,
        [],
        [d("2023-09-16", "2023-09-16", "day")],
    ),
    row(
        "where soldiers in July overthrew President Mohamed Bazoum",
        SEED_PACT,
        [],
        [d("2023-07-01", "2023-07-31", "month")],
    ),
    row(
        "pushed out France’s anti-jihadist force in 2022",
        SEED_PACT,
        [],
        [d("2022-01-01", "2022-12-31", "year")],
    ),
    row(
        "had in 2012 launched a rebellion",
        SEED_PACT,
        [],
        [d("2012-01-01", "2012-12-31", "year")],
    ),
    row("over the past week", SEED_PACT, [], []),
    row("to assist one another", SEED_PACT, [], []),
    row("© AFP 2023", SEED_PACT, [], [d("2023-01-01", "2023-12-31", "year")]),
    # --- abc7news: money and durations ---
    row("a $95 million investment", None, [q(94.5e6, 95.5e6, "USD", "exact")]),
    row("could bring $5B megaproject", None, [q(4.5e9, 5.5e9, "USD", "exact")]),
    row("a two-year negotiation", None, [q(1.5, 2.5, "year", "exact")]),
    # --- bbc.com: counts, hedges, ranges ---
    row("is nearly 162,000", None, [q(145_800, 162_000, "count", "nearly")]),
    row("of whom 7,844 have died", None, [q(7843.5, 7844.5, "count", "exact")]),
    row("about 157,000 cases", None, [q(141_300, 172_700, "count", "about")]),
    row("has nearly 83,000 cases", None, [q(74_700, 83_000, "count", "nearly")]),
    row("1.6 million cases", None, [q(1.55e6, 1.65e6, "count", "exact")]),
    row("more than 150 years", None, [q(150, None, "year", "more_than")]),
    row("about 25 bodies a week", None, [q(22.5, 27.5, "count", "about")]),
    row("around 24 burials each day", None, [q(21.6, 26.4, "count", "about")]),
    row(
        "between 100,000 and 200,000",
        None,
        [q(100_000, 200_000, "count", "between")],
    ),
    row(
        "between October 2019 to March 2020",
        None,
        [],
        [d("2019-10-01", "2020-03-31", "month")],
    ),
    row("about three times as contagious", None, [q(2.7, 3.3, "times", "about")]),
    row("2.2 million Americans", None, [q(2.15e6, 2.25e6, "count", "exact")]),
    row("had topped 6 million", None, [q(5.5e6, 6.5e6, "count", "exact")]),
    row("more than 70% of its deaths", None, [q(70, None, "percent", "more_than")]),
    row(
        "half of all the Illinois city's coronavirus cases",
        None,
        [q(50, 50, "percent", "exact")],
    ),
    row(
        "In late March, Dr Fauci estimated",
        BBC_NYC,
        [],
        [d("2020-03-21", "2020-03-31", "part_of_month")],
    ),
    row("until 30 April", BBC_NYC, [], [d("2020-04-30", "2020-04-30", "day")]),
    row("in 42 states", None, [q(41.5, 42.5, "count", "exact")]),
    row("from 21:00 local time on Thursday", BBC_NYC, [], [d("2020-04-09", "2020-04-09", "day")]),
    # --- breakingbelizenews ---
    row("more than 620 thousand new cases", None, [q(620_000, None, "count", "more_than")]),
    row("8.7 percent of sequences", None, [q(8.65, 8.75, "percent", "exact")]),
    row("Thursday, April 21, 2022", None, [], [d("2022-04-21", "2022-04-21", "day")]),
    row("Omicron BA.2 has already been detected", None, [], None),
    # --- cbsnews ---
    row("about 60% of Democrats here", None, [q(54, 66, "percent", "about")]),
    row(
        "fell from 54% in November to 35%",
        None,
        [q(53.5, 54.5, "percent", "exact"), q(34.5, 35.5, "percent", "exact")],
    ),
    row(
        "in front of millions of watchers",
        None,
        [q(2e6, 1e9, "count", "order_of_magnitude")],
    ),
    row("24/7 digital news network", None, [], None),
    # --- corkbeo ---
    row("no more than 15 customers at a time", None, [q(0, 15, "count", "up_to")]),
    row(
        "up to 2,300 new cases of coronavirus per day",
        None,
        [q(0, 2300, "count", "up_to")],
    ),
    row(
        "the loss of hundreds of thousands of jobs",
        None,
        [q(2e5, 1e6, "count", "order_of_magnitude")],
    ),
    row("more than 180,000 workers", None, [q(180_000, None, "count", "more_than")]),
    row("over 50,000 people", None, [q(50_000, None, "count", "more_than")]),
    row("lockdown for 3 or 4 weeks", None, [q(21, 28, "day", "between")]),
    row(
        "in place until the 27th of October",
        CORK,
        [],
        [d("2020-10-27", "2020-10-27", "day")],
    ),
    row("Cork will be moved into Level 3", None, [], None),
    row("NPHET have warned it may be down the line", CORK, [], []),
    row("May we take this opportunity", CORK, [], []),
    row(
        "Since June 29, restaurants",
        CORK,
        [],
        [d("2020-06-29", "2020-10-06", "open")],
    ),
    row(
        "One death and 432 new cases",
        None,
        [q(0.5, 1.5, "count", "exact"), q(431.5, 432.5, "count", "exact")],
    ),
    row("call NHS Direct on 0845 46 47", None, [], None),
    # --- dailymail ---
    row("As many as a million young people", None, [q(0, 1e6, "count", "up_to")]),
    row("68 per cent of people", None, [q(67.5, 68.5, "percent", "exact")]),
    row(
        "one in five (21 per cent)",
        None,
        [q(100 / 5.5, 100 / 4.5, "percent", "exact"), q(20.5, 21.5, "percent", "exact")],
    ),
    row("more than a million people", None, [q(1e6, None, "count", "more_than")]),
    row("up to a million chickens", None, [q(0, 1e6, "count", "up_to")]),
    row("26 September 2020", None, [], [d("2020-09-26", "2020-09-26", "day")]),
    # --- gothamist ---
    row("by more than 700 votes", None, [q(700, None, "count", "more_than")]),
    row(
        "Between 2014 and 2021, just 58 units",
        None,
        [q(57.5, 58.5, "count", "exact")],
        [d("2014-01-01", "2021-12-31", "year")],
    ),
    row(
        "earlier this year",
        GOTHAMIST,
        [],
        [d("2023-01-01", "2023-11-08", "part_of_year")],
    ),
    row("the rezoning last year", GOTHAMIST, [], [d("2022-01-01", "2022-12-31", "year")]),
    # --- independent / standard ---
    row("fined £1,000", None, [q(500, 1500, "GBP", "exact")]),
    row("between 10C and 14C", None, [q(10, 14, "degC", "between")]),
    # open ranges: a figure and a vague upper end
    row(
        "between 200 and several hundred people gathered",
        None,
        [q(200, 900, "count", "between")],
    ),
    row("between 2,000 and a few thousand homes", None, [q(2000, 5000, "count", "between")]),
    row("more than 30 degrees", None, [q(30, None, "degree", "more_than")]),
    row("above 85 decibels", None, [q(85, None, "dB", "more_than")]),
    row("a maximum of £10,000", None, [q(0, 10_000, "GBP", "up_to")]),
    row(
        "increasing from 3.9 per cent to 5.8 per cent",
        None,
        [q(3.85, 3.95, "percent", "exact"), q(5.75, 5.85, "percent", "exact")],
    ),
    row(
        "The seven-day rate of new Covid-19 infections per 100,000 people",
        None,
        [q(6.5, 7.5, "day", "exact")],
    ),
    row(
        "from 4am Saturday 3 October",
        STANDARD,
        [],
        [d("2020-10-03", "2020-10-03", "day")],
    ),
    row("due to the COVID 19 coronavirus", None, [], None),
    # --- japantimes ---
    row("A total of 6,000 surgical masks", None, [q(5500, 6500, "count", "exact")]),
    row("worth ¥40,000", None, [q(35_000, 45_000, "JPY", "exact")]),
    row("on the third floor", None, [], None),
    # --- kxan ---
    row("approximately 24,000 more yes votes", None, [q(21_600, 26_400, "count", "about")]),
    row("20 more years", None, [q(19.5, 20.5, "year", "exact")]),
    row(
        "Senate Bill 10 in May",
        KXAN,
        [],
        [d("2023-05-01", "2023-05-31", "month")],
    ),
    # --- latimes ---
    row(
        "in late November",
        LATIMES,
        [],
        [d("2019-11-21", "2019-11-30", "part_of_month")],
    ),
    row("as recently as 2015", None, [], [d("2015-01-01", "2015-12-31", "year")]),
    row("95% of", None, [q(94.5, 95.5, "percent", "exact")], []),
    row("in the late 1980s", None, [], []),
    # --- rates over a population (eval pages): no rate unit, so the numerator is not a count ---
    row("Poland also reported 25.9 new cases per 100,000 people", None, [], []),
    row(
        "a seven-day rate of 65.2 coronavirus cases per 100,000 people",
        None,
        [q(6.5, 7.5, "day", "exact")],
        [],
    ),
    row("This rate is 119 per 100,000", None, [], []),
    row("84 to 108 per 100,000.", None, [], []),
    row(
        "The 7-day increased from 43 to 66 per 100,000 people.",
        None,
        [q(6.5, 7.5, "day", "exact")],
        [],
    ),
    # --- ages set off by commas (eval pages): not counts ---
    row("Bill Turnbull, 64, gives an update", None, [], []),
    row("Tyler Ferguson, 45, and his husband, 35, are", None, [], []),
    # --- mercurynews letters ---
    row("60 to 100 dump trucks a day", None, [q(60, 100, "count", "between")]),
    row("for 40 to 80 years", None, [q(40, 80, "year", "between")]),
    row("Last October", LETTERS, [], [d("2022-10-01", "2022-10-31", "month")]),
    row("through February 2023", None, [], [d("2023-02-01", "2023-02-28", "month")]),
    row("Page A8, Jan. 13", LETTERS, [], [d("2023-01-13", "2023-01-13", "day")]),
    # --- msn ---
    row("at more than 60 institutions", None, [q(60, None, "count", "more_than")]),
    row("1,300 universities", None, [q(1250, 1350, "count", "exact")]),
    row("involving up to 200 students", None, [q(0, 200, "count", "up_to")]),
    row("On 30 September", MSN, [], [d("2020-09-30", "2020-09-30", "day")]),
    # --- nytimes ---
    row("reached 44,947 megawatts", None, [q(44_946.5e6, 44_947.5e6, "W", "exact")]),
    row("typical costs of under $100", None, [q(0, 100, "USD", "less_than")]),
    row(
        "thousands of dollars per megawatt-hour",
        None,
        [q(2000, 1e6, "USD", "order_of_magnitude")],
    ),
    row("At 6:36 p.m.", None, [], []),
    # --- reuters / telegraph ---
    row("$170 million Netflix gangster movie", None, [q(165e6, 175e6, "USD", "exact")]),
    row("All quotes delayed a minimum of 15 minutes", None, [q(15, None, "minute", "at_least")]),
    row("one year to run concurrently", None, [q(0.5, 1.5, "year", "exact")]),
    row("a majority verdict of 10-2", None, [], None),
    row("a gap of 22mm", None, [q(0.0215, 0.0225, "m", "exact")]),
    row("10 miles out at sea", None, [q(9.5 * 1609.344, 10.5 * 1609.344, "m", "exact")]),
    row("12 days earlier", None, [q(11.5, 12.5, "day", "exact")]),
    row(
        "on December 16, 2010",
        None,
        [],
        [d("2010-12-16", "2010-12-16", "day")],
    ),
    # --- theguardian ---
    row(
        "two-thirds of the total research staff",
        None,
        [q(200 / 3, 200 / 3, "percent", "exact")],
    ),
    row(
        "an estimated 6,500 were on zero-hours contracts",
        None,
        [q(5850, 7150, "count", "about")],
    ),
    row("increased by 21.9%", None, [q(21.85, 21.95, "percent", "exact")]),
    row(
        "between 2011-12 and 2017-18",
        None,
        [],
        [d("2011-01-01", "2018-12-31", "year")],
    ),
    row("Mon 20 Jan 2020 06.05 GMT", None, [], [d("2020-01-20", "2020-01-20", "day")]),
    # --- politico / wsvn / scmp ---
    row("12/30/2019 05:03 AM EST", None, [], [d("2019-12-30", "2019-12-30", "day")]),
    row("a 15-year-old boy", None, [q(14.5, 15.5, "year", "exact")]),
    row("at around 3 a.m., Wednesday", WSVN, [], [d("2023-11-08", "2023-11-08", "day")]),
    row("Published: 10:00am, 20 Jan, 2020", None, [], [d("2020-01-20", "2020-01-20", "day")]),
    row("in the 26 year-history", None, [q(25.5, 26.5, "year", "exact")]),
]


def _same(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


def _check_quantities(found: list[Quantity], want: list[QRow]) -> None:
    got = [(x.low, x.high, x.unit, x.hedge) for x in found]
    assert len(got) == len(want), got
    for g, w in zip(got, want, strict=True):
        assert g[2:] == w[2:], got
        assert _same(g[0], w[0]) and _same(g[1], w[1]), got


def _check_dates(found: list[DateSpan], want: list[DRow]) -> None:
    got = [(x.start_date.isoformat(), x.end_date.isoformat(), x.granularity) for x in found]
    assert got == want


@pytest.mark.parametrize(
    ("phrase", "published", "quantities", "dates"),
    TABLE,
    ids=[f"{i:03d}-{r[0][:40]}" for i, r in enumerate(TABLE)],
)
def test_table(
    phrase: str,
    published: date | None,
    quantities: list[QRow] | None,
    dates: list[DRow] | None,
) -> None:
    ex = extract(phrase, published=published)
    for found in [*ex.quantities, *ex.dates]:
        assert phrase[found.start : found.end] == found.text
    if quantities is not None:
        _check_quantities(ex.quantities, quantities)
    if dates is not None:
        _check_dates(ex.dates, dates)


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 80


# Number forms and rules named in the design brief (short made-up phrases).
SPEC_EXAMPLES = [
    ("700,000 people", q(650_000, 750_000, "count", "exact")),
    ("12,500 troops", q(12_450, 12_550, "count", "exact")),
    ("2.5 million people", q(2.45e6, 2.55e6, "count", "exact")),
    ("$9.5 billion", q(9.45e9, 9.55e9, "USD", "exact")),
    ("two million people", q(1.5e6, 2.5e6, "count", "exact")),
    ("a thousand people", q(500, 1500, "count", "exact")),
    ("a third of the vote", q(100 / 3, 100 / 3, "percent", "exact")),
    ("1.2bn people", q(1.15e9, 1.25e9, "count", "exact")),
    ("40% of", q(39.5, 40.5, "percent", "exact")),
    ("forty per cent of", q(39.5, 40.5, "percent", "exact")),
    ("dozens of attacks", q(24, 100, "count", "order_of_magnitude")),
    ("tens of thousands of people", q(2e4, 1e5, "count", "order_of_magnitude")),
    ("between 2 and 3 million people", q(2e6, 3e6, "count", "between")),
    ("2-3 million people", q(2e6, 3e6, "count", "between")),
    ("600 kilometers", q(599_500, 600_500, "m", "exact")),
    ("600 square kilometres", q(599.5e6, 600.5e6, "m2", "exact")),
    ("10 tonnes", q(9500, 10_500, "kg", "exact")),
    ("500 CFA francs", q(499.5, 500.5, "XOF", "exact")),
    ("€3bn", q(2.5e9, 3.5e9, "EUR", "exact")),
    ("at least 17 soldiers", q(17, None, "count", "at_least")),
    ("fewer than 20 people", q(0, 20, "count", "less_than")),
    ("just under 600 km", q(540_000, 600_000, "m", "nearly")),
    ("in excess of 2,000 people", q(2000, None, "count", "more_than")),
    ("2,000 or more people", q(2000, None, "count", "at_least")),
    ("below -5C", q(None, -5, "degC", "less_than")),
]


@pytest.mark.parametrize(("phrase", "want"), SPEC_EXAMPLES, ids=[p for p, _ in SPEC_EXAMPLES])
def test_spec_examples(phrase: str, want: QRow) -> None:
    _check_quantities(extract(phrase).quantities, [want])


@pytest.mark.parametrize(
    "phrase",
    ["they may decide", "40% of", "G5 Sahel", "the first trip", "the Level 3 rules", "No 10"],
)
def test_no_false_positives(phrase: str) -> None:
    ex = extract(phrase, published=SEED_SAHEL)
    assert ex.dates == []
    assert [x.text for x in ex.quantities] == (["40%"] if phrase == "40% of" else [])


def test_since_without_published_is_the_year_marked_open() -> None:
    (span,) = extract("since 2015").dates
    assert (span.start_date, span.end_date, span.granularity) == (
        date(2015, 1, 1),
        date(2015, 12, 31),
        "open",
    )


def test_relative_dates_need_published() -> None:
    ex = extract("yesterday, in mid-May and on Sunday, September 4")
    assert ex.dates == []
    assert ex.quantities == []  # the day number is still not a quantity


def test_early_and_late_year() -> None:
    ex = extract("early 2023 and late 2023")
    assert [(x.start_date, x.end_date, x.granularity) for x in ex.dates] == [
        (date(2023, 1, 1), date(2023, 4, 30), "part_of_year"),
        (date(2023, 9, 1), date(2023, 12, 31), "part_of_year"),
    ]


def test_iso_and_written_days_agree() -> None:
    ex = extract("September 4, 2022 or 4 September 2022 or 2022-09-04")
    assert {(x.start_date, x.end_date, x.granularity) for x in ex.dates} == {
        (date(2022, 9, 4), date(2022, 9, 4), "day")
    }


# --- entities ---

SAHEL_ALIASES = AliasIndex(
    [
        ("Burkina Faso", "Burkina Faso"),
        ("Burkina", "Burkina Faso"),
        ("Burkinabè", "Burkina Faso"),
        ("Mali", "Mali"),
        ("Malian", "Mali"),
        ("Niger", "Niger"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Ivorian", "Côte d'Ivoire"),
        ("G5 Sahel", "G5 Sahel"),
        ("Assimi Goïta", "Assimi Goïta"),
    ]
)

ENTITY_TABLE = [
    ("Burkina Faso and Mali share a border", ["Burkina Faso", "Mali"]),
    ("Burkina and Côte d’Ivoire share a border", ["Burkina Faso", "Côte d'Ivoire"]),
    ("thousands of Burkinabè refugees", ["Burkina Faso"]),
    ("the head of the Burkinabe junta", ["Burkina Faso"]),
    ("More than 40% of Burkina’s territory", ["Burkina Faso"]),
    ("his Malian counterpart Colonel Assimi Goïta", ["Mali", "Assimi Goïta"]),
    ("Mali’s junta leader Assimi Goita", ["Mali", "Assimi Goïta"]),
    ("withdraw from the G5 Sahel and its joint force", ["G5 Sahel"]),
    ("Nigeria and Niger", ["Niger"]),
    ("BURKINA FASO", ["Burkina Faso"]),
]


@pytest.mark.parametrize(("phrase", "want"), ENTITY_TABLE, ids=[p for p, _ in ENTITY_TABLE])
def test_entities(phrase: str, want: list[str]) -> None:
    found = SAHEL_ALIASES.find(phrase)
    assert [m.entity for m in found] == want
    for m in found:
        assert phrase[m.start : m.end] == m.text


def test_longest_alias_wins() -> None:
    (mention,) = SAHEL_ALIASES.find("in Burkina Faso.")
    assert mention == EntityMention("Burkina Faso", 3, 15, "Burkina Faso")


def test_normalise() -> None:
    assert AliasIndex.normalise("  Côte  d’Ivoire ") == "cote d'ivoire"
    assert AliasIndex.normalise("Burkinabè") == AliasIndex.normalise("BURKINABE")


def test_entities_hide_numbers() -> None:
    ex = extract("the G5 Sahel force", aliases=AliasIndex([("G5 Sahel", "G5 Sahel")]))
    assert ex.quantities == []
    assert [e.entity for e in ex.entities] == ["G5 Sahel"]


def test_as_json() -> None:
    ex = extract(
        "some two million displaced since 2015 in Mali",
        published=SEED_SAHEL,
        aliases=SAHEL_ALIASES,
    )
    assert isinstance(ex, Extraction)
    assert ex.as_json() == {
        "text": "some two million displaced since 2015 in Mali",
        "quantities": [
            {
                "text": "some two million",
                "low": 1_800_000.0,
                "high": 2_200_000.0,
                "unit": "count",
                "hedge": "about",
            }
        ],
        "dates": [
            {
                "text": "since 2015",
                "start": "2015-01-01",
                "end": "2022-09-04",
                "granularity": "open",
            }
        ],
        "entities": [{"text": "Mali", "entity": "Mali"}],
    }
