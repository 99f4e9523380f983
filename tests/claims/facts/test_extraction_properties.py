"""Property tests for claims.facts.extraction (hypothesis)."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from hypothesis import assume, example, given
from hypothesis import strategies as st

from claims.facts.extraction import AliasIndex, Quantity, extract

HEDGE_PHRASES = {
    "": "exact",
    "about ": "about",
    "around ": "about",
    "some ": "about",
    "an estimated ": "about",
    "nearly ": "nearly",
    "almost ": "nearly",
    "close to ": "nearly",
    "more than ": "more_than",
    "over ": "more_than",
    "upwards of ": "more_than",
    "at least ": "at_least",
    "no fewer than ": "at_least",
    "less than ": "less_than",
    "under ": "less_than",
    "up to ": "up_to",
    "as many as ": "up_to",
}
UNITS = ["people", "km", "kilometres", "%", "per cent", "tonnes", "years", "dollars", "hectares"]
SCALES = ["", " thousand", " million", " billion"]

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """Spell 1..999 in English (written independently of the extractor)."""
    parts = []
    if n >= 100:
        parts.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not parts:
        parts.append(_ONES[n])
    return " ".join(parts)


def written(value: Decimal) -> str:
    """Digits with thousands separators, e.g. Decimal('12500.5') -> '12,500.5'."""
    integer = int(value)
    fraction = str(value).partition(".")[2]
    return f"{integer:,}" + (f".{fraction}" if fraction else "")


# Positive numbers with 0-2 decimals, written with commas (so never a bare year).
numbers = st.builds(
    lambda k, places: Decimal(k).scaleb(-places),
    st.integers(min_value=1, max_value=99_999_999),
    st.sampled_from([0, 0, 1, 2]),
)


def only_quantity(text: str) -> Quantity:
    found = extract(text).quantities
    assert len(found) == 1, (text, found)
    return found[0]


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


@given(
    numbers, st.sampled_from(sorted(HEDGE_PHRASES)), st.sampled_from(UNITS), st.sampled_from(SCALES)
)
def test_intervals_are_ordered_and_hedges_named(
    value: Decimal, hedge: str, unit: str, scale: str
) -> None:
    qty = only_quantity(f"{hedge}{written(value)}{scale} {unit}")
    assert qty.hedge == HEDGE_PHRASES[hedge]
    if qty.low is not None and qty.high is not None:
        assert qty.low <= qty.high
    assert qty.low is not None or qty.high is not None


@given(numbers, st.sampled_from(UNITS))
def test_nearly_is_inside_about(value: Decimal, unit: str) -> None:
    nearly = only_quantity(f"nearly {written(value)} {unit}")
    about = only_quantity(f"about {written(value)} {unit}")
    assert nearly.unit == about.unit
    assert nearly.low is not None and nearly.high is not None
    assert about.low is not None and about.high is not None
    assert about.low <= nearly.low <= nearly.high <= about.high


@given(numbers, st.sampled_from(["more than", "over", "above", "in excess of", "at least"]))
def test_more_than_excludes_smaller_values(value: Decimal, phrase: str) -> None:
    qty = only_quantity(f"{phrase} {written(value)} people")
    assert qty.high is None
    assert qty.low is not None and qty.low >= float(value) * (1 - 1e-12)


@given(numbers, st.sampled_from(["less than", "under", "up to", "at most", "fewer than"]))
def test_upper_bounded_hedges_start_at_zero(value: Decimal, phrase: str) -> None:
    qty = only_quantity(f"{phrase} {written(value)} people")
    assert qty.low == 0
    assert qty.high is not None and math.isclose(qty.high, float(value))


@given(numbers, st.sampled_from(UNITS))
def test_exact_contains_written_value(value: Decimal, unit: str) -> None:
    qty = only_quantity(f"{written(value)} {unit}")
    assert qty.hedge == "exact"
    factor = {"km": 1000, "kilometres": 1000, "tonnes": 1000, "hectares": 10_000}.get(unit, 1)
    assert qty.low is not None and qty.high is not None
    assert qty.low <= float(value) * factor <= qty.high
    assert qty.low < qty.high


@given(numbers, st.sampled_from(["about ", "nearly ", "more than ", "up to ", "at least "]))
def test_kilometres_are_thousand_metres(value: Decimal, hedge: str) -> None:
    km = only_quantity(f"{hedge}{written(value)} km")
    metres = only_quantity(f"{hedge}{written(value * 1000)} metres")
    assert (km.unit, metres.unit) == ("m", "m")
    assert close(km.low, metres.low) and close(km.high, metres.high)


@given(
    st.integers(min_value=1, max_value=99_999).filter(lambda k: k % 10),
    st.sampled_from([0, 1, 2]),
)
def test_exact_kilometres_are_thousand_metres(k: int, places: int) -> None:
    # Same precision when the last written digit is not 0 and the value is >= 1 km.
    value = Decimal(k).scaleb(-places)
    assume(value >= 1)
    km = only_quantity(f"{written(value)} km")
    metres = only_quantity(f"{written(value * 1000)} m")
    assert close(km.low, metres.low) and close(km.high, metres.high)


@given(numbers, st.sampled_from(sorted(HEDGE_PHRASES)))
def test_unit_spellings_agree(value: Decimal, hedge: str) -> None:
    spellings = ["kilometres", "kilometers", "km", "kilometre"]
    found = [only_quantity(f"{hedge}{written(value)} {s}") for s in spellings]
    first = found[0]
    for other in found[1:]:
        assert (other.unit, other.hedge) == (first.unit, first.hedge)
        assert close(other.low, first.low) and close(other.high, first.high)


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(SCALES),
    st.sampled_from(["", "about ", "more than ", "nearly "]),
    st.sampled_from(["people", "%", "km"]),
)
@example(2, " million", "some ", "people")
@example(24, "", "", "people")
def test_words_and_digits_agree(n: int, scale: str, hedge: str, unit: str) -> None:
    # a bare "one" is only read before a unit or a singular noun ("one death")
    assume(not (n == 1 and scale == "" and unit == "people"))
    in_digits = only_quantity(f"{hedge}{n:,}{scale} {unit}")
    spelled = only_quantity(f"{hedge}{in_words(n)}{scale} {unit}")
    assert (spelled.unit, spelled.hedge) == (in_digits.unit, in_digits.hedge)
    assert close(spelled.low, in_digits.low) and close(spelled.high, in_digits.high)


@given(numbers, numbers, st.sampled_from(["between {} and {}", "from {} to {}", "{}-{}"]))
def test_ranges_are_ordered(a: Decimal, b: Decimal, template: str) -> None:
    assume(a < b)
    qty = only_quantity(template.format(written(a), written(b)) + " people")
    assert qty.hedge == "between"
    assert qty.low is not None and qty.high is not None
    assert math.isclose(qty.low, float(a)) and math.isclose(qty.high, float(b))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_written_days_and_months(day: date) -> None:
    month = day.strftime("%B")
    (span,) = extract(f"on {month} {day.day}, {day.year}").dates
    assert (span.start_date, span.end_date, span.granularity) == (day, day, "day")
    (span,) = extract(f"in {month} {day.year}").dates
    assert span.granularity == "month"
    assert span.start_date.day == 1 and span.start_date <= day <= span.end_date
    assert (span.end_date.replace(day=28) - span.start_date).days == 27


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["early", "mid", "late"]),
)
def test_year_less_parts_resolve_before_publication(published: date, part: str) -> None:
    month = published.strftime("%B")
    (span,) = extract(f"in {part}-{month}", published=published).dates
    assert span.granularity == "part_of_month"
    assert span.start_date.month == published.month
    assert span.start_date.year in (published.year, published.year - 1)
    assert span.start_date <= span.end_date


@given(st.text(max_size=200))
def test_never_crashes_and_spans_match(text: str) -> None:
    ex = extract(text, published=date(2022, 9, 4))
    for item in [*ex.quantities, *ex.dates]:
        assert text[item.start : item.end] == item.text
    for span in ex.dates:
        assert span.start_date <= span.end_date
    for qty in ex.quantities:
        if qty.low is not None and qty.high is not None:
            assert qty.low <= qty.high


@given(st.text(max_size=50))
def test_normalise_is_idempotent(alias: str) -> None:
    once = AliasIndex.normalise(alias)
    assert AliasIndex.normalise(once) == once


@given(
    st.text(alphabet="abcdeéèçïôABCDE", min_size=2, max_size=12),
    st.sampled_from(["{} said", "in {}.", "{}’s army", "(“{}”)"]),
)
def test_alias_is_found_in_context(name: str, template: str) -> None:
    index = AliasIndex([(name, "ENTITY")])
    text = template.format(name.upper())
    found = index.find(text)
    assert [m.entity for m in found] == ["ENTITY"]
    assert AliasIndex.normalise(found[0].text) == AliasIndex.normalise(name)
