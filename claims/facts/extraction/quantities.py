"""Quantities: numbers with their hedge, unit and interval.

Hedges and the intervals they give (``X`` is the value as written):

=====================  ==========================================================
``exact``              ``X`` ± half a unit of its last significant digit
                       (see :mod:`claims.facts.extraction.numbers`)
``about``              [0.9X, 1.1X] -- about, around, roughly, some, an estimated
``nearly``             [0.9X, X] -- nearly, almost, just under, close to
``more_than``          [X, None] -- more than, over, above, upwards of, in excess of
``at_least``           [X, None] -- at least, no fewer than, or more, +
``less_than``          [0, X] -- less than, under, fewer than, below
``up_to``              [0, X] -- up to, at most, as many as, a maximum of
``between``            [X, Y] -- between X and Y, X-Y, X to Y, from X to Y
``order_of_magnitude`` dozens [24, 100), hundreds [200, 1000), thousands
                       [2000, 1e6), millions [2e6, 1e9), tens of thousands
                       [2e4, 1e5) ... (the upper bound is exclusive)
=====================  ==========================================================

``less_than``/``up_to`` have no lower bound (``None``) for units that can be
negative (temperatures, percentage points).  Bounds are converted to the
normalised unit of :mod:`claims.facts.extraction.units`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from .hedges import hedge_after, hedge_before
from .numbers import NumberMatch, scan_numbers, wordlist
from .records import Quantity
from .spans import SpanMask
from .units import COUNT, UnitMatch, can_be_negative, match_currency_before, match_unit_after

_ORDER_OF_MAGNITUDE = {
    "dozens": (24, 100),
    "scores": (40, 100),
    "hundreds": (200, 10**3),
    "thousands": (2000, 10**6),
    "millions": (2 * 10**6, 10**9),
    "billions": (2 * 10**9, 10**12),
    "trillions": (2 * 10**12, 10**15),
}
_OM_RE = re.compile(
    r"\b(?:(?P<mult>tens|hundreds)\s+of\s+(?P<big>thousands|millions|billions)"
    r"|(?P<single>dozens|hundreds|thousands|millions|billions|trillions|scores(?=\s+of\b)))\b",
    re.IGNORECASE,
)
_LABELS = frozenset(
    wordlist(
        """level levels tier tiers stage stages phase district page pages prop proposition bill
    article articles section sections chapter chapters route flight episode top season part
    act room gate terminal platform line volume vol issue grade class category type version
    model series ward zone highway interstate exit channel paragraph clause resolution
    amendment rule figure table item step division league round game match day week
    covid sars mk no nos number"""
    )
)
_CASE_SENSITIVE_LABELS = frozenset({"no", "nos", "number"})
_CURRENCY_CODES = frozenset(
    wordlist("USD EUR GBP JPY XOF XAF CHF CNY INR NGN ZAR CAD AUD GHS KES NZD HKD CFA FCFA")
)
_CHANGE_WORDS = frozenset(
    wordlist(
        """rose risen rise rises rising increase increased increases increasing fell fall falls
    falling fallen dropped drop drops dropping declined decline declines declining grew grow
    grows growing grown climbed climb climbing jumped jump jumping surged soared plunged
    slipped slid went go goes going up down raised raise cut cuts reduced reduce lowered
    doubled tripled halved moved shifted changed swung by"""
    )
)
_SINGULAR_COUNT_NOUNS = frozenset(
    wordlist(
        """death person case child man woman soldier vote job attack victim student patient
    casualty refugee civilian fighter officer worker resident member household family
    house home village school company country state city infection arrest"""
    )
)
_PHONE_RE = re.compile(
    r"(?:\(\d{3}\)[ \t]*|\b\d{3}[-. ])?\b\d{3}-\d{4}\b|\b\d+(?:-\d+){2,}\b|\b\d{3}\.\d{3}\.\d{4}\b"
)
# "25.9 new cases per 100,000 people", "119 per 100,000": a rate over a population. There is
# no rate unit, and reading the numerator as a count would be wrong: nothing is read. (A
# rate per period, "25 bodies a week", stays a count: the fact's time scope holds the period.)
_PER_DENOMINATOR_RE = re.compile(
    r"(?:[ \t\u00a0]+[A-Za-z][A-Za-z-]*){0,3}[ \t\u00a0]+per[ \t\u00a0]+"
    r"(?:\d|(?:one|ten|hundred|thousand|million)\b|a[ \t\u00a0]+(?:hundred|thousand|million)\b)",
    re.I,
)
# "Bill Turnbull, 64, gives an update": a whole number set off by commas after a word is a
# person's age in news style, not a count.
_AGE_BEFORE_RE = re.compile(r"[A-Za-z)][ \t\u00a0]*,[ \t\u00a0]+$")
_PREV_WORD_RE = re.compile(r"([A-Za-z]+)(\.?)[ \t\u00a0\"'“‘]*$")
_CONNECTOR_RE = re.compile(
    r"[ \t\u00a0]*(?:(?P<dash>-|–|—)|(?P<word>to|and|or))[ \t\u00a0]*", re.IGNORECASE
)
_OPENER_RE = re.compile(r"(?i)\b(?P<w>between|from)[ \t\u00a0]+$")

_DIGIT_BEFORE_RE = re.compile(r"\d\s*$")
_OF_RE = re.compile(r"\s+of\s+")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]+(?:new\s+|more\s+)?([a-z]+)")

Interval = tuple[Decimal | None, Decimal | None]


def _prev_word(text: str, pos: int) -> tuple[str, str] | None:
    m = _PREV_WORD_RE.search(text, max(0, pos - 30), pos)
    return (m.group(1), m.group(2)) if m else None


def _keep(text: str, n: NumberMatch, blocked: SpanMask) -> bool:
    """Whether a scanned number may be a quantity (not a label, name, phone number...)."""
    if not blocked.free(n.start, n.end) or n.capitalised:
        return False
    currency = match_currency_before(text, n.start)
    prev = _prev_word(text, currency[1] if currency else n.start)
    if prev is not None and not currency:
        word, dot = prev
        low = word.lower()
        if low in _LABELS and (low not in _CASE_SENSITIVE_LABELS or word[0].isupper() or dot):
            return False
        if low == "per" or (
            n.kind == "digits"
            and len(word) >= 2
            and word.isupper()
            and word not in _CURRENCY_CODES
            and not dot
        ):
            return False  # "per 100,000", "NHS 111", "COVID 19"
    if text[n.start - 1 : n.start] == "#":
        return False
    if (
        n.kind == "digits"
        and text[n.end : n.end + 1] == ","
        and re.fullmatch(r"\d{1,3}", text[n.start : n.end])
        and _AGE_BEFORE_RE.search(text, max(0, n.start - 8), n.start)
    ):
        return False  # an age: "Tyler Ferguson, 45, and his husband, 35, are"
    if n.kind == "digits" and (
        re.match(r"[ \t]\d", text[n.end : n.end + 2])
        or re.fullmatch(r"\d[ \t]", text[max(0, n.start - 2) : n.start])
    ):
        return False  # spaced digit groups: "0845 46 47"
    if n.kind == "words" and n.value == 0 and text[n.end : n.end + 1] == "-":
        return False  # "zero-hours contracts"
    # "17-beta", "four-term": a compound that is not "15-year-old" or "20-odd"
    return not (
        re.match(r"-[A-Za-z]", text[n.end : n.end + 2])
        and not match_unit_after(text, n.end, allow_filler=False)
        and not hedge_after(text, n.end)
    )


def _interval(n: NumberMatch, value: Decimal, hedge: str, signed: bool) -> Interval:
    if hedge == "exact":
        if n.bounds is not None:
            return n.bounds
        if n.step is None:
            return value, value
        low = value - n.step / 2
        return (low if signed else max(low, Decimal(0))), value + n.step / 2
    if hedge == "about":
        return value * Decimal("0.9"), value * Decimal("1.1")
    if hedge == "nearly":
        return value * Decimal("0.9"), value
    if hedge in ("more_than", "at_least"):
        return value, None
    if hedge in ("less_than", "up_to"):
        return (None if signed else Decimal(0)), value
    raise ValueError(hedge)


def _to_float(value: Decimal | None, factor: Decimal) -> float | None:
    return None if value is None else float(value * factor)


def _unit_for(text: str, n: NumberMatch) -> tuple[str, Decimal, int, int] | None:
    """Return (unit, factor, currency start, end) for a single number, None to drop it."""
    currency = match_currency_before(text, n.start)
    start = currency[1] if currency else n.start
    if n.share:
        return "percent", Decimal(1), start, n.end
    found: UnitMatch | None = match_unit_after(text, n.end)
    if currency:
        if found is not None and found.unit == currency[0]:
            return currency[0], Decimal(1), start, found.end
        return currency[0], Decimal(1), start, n.end
    if found is not None:
        return found.unit, found.factor, start, found.end
    if n.needs_unit:
        nxt = _NEXT_WORD_RE.match(text, n.end)
        if not nxt or nxt.group(1) not in _SINGULAR_COUNT_NOUNS:
            return None
    if _PER_DENOMINATOR_RE.match(text, n.end):
        return None
    return COUNT, Decimal(1), start, n.end


def _single(text: str, n: NumberMatch) -> Quantity | None:
    unit_info = _unit_for(text, n)
    if unit_info is None:
        return None
    unit, factor, start, end = unit_info
    value = n.value
    if value < 0 and not can_be_negative(unit):
        value = -value  # a dash, not a minus sign
        start = start + 1 if start == n.start else start
    hedge = "exact"
    before = hedge_before(text, start)
    if before:
        hedge, start = before
    else:
        after = hedge_after(text, end)
        if after:
            hedge, end = after
    low, high = _interval(n, value, hedge, can_be_negative(unit))
    if low is not None and high is not None and low > high:
        low, high = high, low  # negative values: "about -5C"
    return Quantity(
        text[start:end], start, end, _to_float(low, factor), _to_float(high, factor), unit, hedge
    )


def _range(text: str, a: NumberMatch, b: NumberMatch) -> Quantity | Literal["skip"] | None:
    """Read "between A and B", "A-B", "A to B", "from A to B", "A or B" as one interval."""
    if a.share or b.share or (a.needs_unit and b.needs_unit):
        return None
    unit_a = match_unit_after(text, a.end, allow_filler=False)
    pos = unit_a.end if unit_a else a.end
    currency_b = match_currency_before(text, b.start)
    b_start = currency_b[1] if currency_b else b.start
    connector = _CONNECTOR_RE.fullmatch(text, pos, b_start)
    if connector is None:
        return None
    currency_a = match_currency_before(text, a.start)
    a_start = currency_a[1] if currency_a else a.start
    opener = _OPENER_RE.search(text, max(0, a_start - 12), a_start)
    word = (connector.group("word") or "").lower()
    dash = connector.group("dash") is not None
    if word == "and" and (opener is None or opener.group("w").lower() != "between"):
        return None
    if word == "to" or (opener is not None and opener.group("w").lower() == "from"):
        prev = _prev_word(text, opener.start() if opener else a_start)
        if prev is not None and prev[0].lower() in _CHANGE_WORDS:
            if unit_a is None and _PER_DENOMINATOR_RE.match(text, b.end):
                return "skip"  # "increased from 43 to 66 per 100,000 people": two rates
            return None  # "increasing from 3.9 per cent to 5.8 per cent": a change
    low_value = a.value
    if a.scale == 1 and b.scale > 1 and a.value < b.value / b.scale:
        low_value = a.value * b.scale  # "between 2 and 3 million"
    if low_value >= b.value:
        tight = dash and not unit_a and text[a.end : b.start] in ("-", "–")
        return "skip" if tight and a.kind == b.kind == "digits" else None  # "7-2" score
    unit_b = match_unit_after(text, b.end)
    currency = currency_a or currency_b
    if unit_a and (unit_b is None or unit_a.unit != unit_b.unit):
        return None  # "three weeks to 16.8 million" is not a range
    end = b.end
    factor_a = factor_b = Decimal(1)
    unit = COUNT
    if currency:
        unit = currency[0]
        if unit_b is not None and unit_b.unit == unit:
            end = unit_b.end
    elif unit_b or unit_a:
        chosen = unit_b or unit_a
        assert chosen is not None
        unit = chosen.unit
        factor_a = (unit_a or chosen).factor
        factor_b = chosen.factor
        if unit_b:
            end = unit_b.end
    if low_value * factor_a >= b.value * factor_b:
        return None
    if unit == COUNT and _PER_DENOMINATOR_RE.match(text, end):
        return "skip"  # "between 40 and 60 deaths per 1,000 births": rates, not counts
    start = opener.start() if opener else a_start
    return Quantity(
        text[start:end],
        start,
        end,
        float(low_value * factor_a),
        float(b.value * factor_b),
        unit,
        "between",
    )


def _order_of_magnitude(text: str, m: re.Match[str]) -> Quantity:
    if m.group("single"):
        low, high = _ORDER_OF_MAGNITUDE[m.group("single").lower()]
    else:
        small = 10 if m.group("mult").lower() == "tens" else 100
        big = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}[m.group("big").lower()]
        low, high = 2 * small * big, 10 * small * big
    unit, factor, end = COUNT, Decimal(1), m.end()
    of = _OF_RE.match(text, m.end())
    if of:
        found = match_unit_after(text, of.end(), allow_filler=False)
        if found is not None:
            unit, factor, end = found.unit, found.factor, found.end
    start = m.start()
    return Quantity(
        text[start:end],
        start,
        end,
        float(low * factor),
        float(high * factor),
        unit,
        "order_of_magnitude",
    )


# An open range: a figure, then a vague upper end ("between 200 and several hundred").
_OPEN_RANGE_RE = re.compile(
    r"(?i)\bbetween[ \u00a0]+(?P<low>\d{1,3}(?:,\d{3})+|\d+)[ \u00a0]+and[ \u00a0]+"
    r"(?P<vague>several|a[ \u00a0]+few|many)[ \u00a0]+(?P<scale>hundred|thousand|million)s?\b"
)
# How far a vague count reaches: "several hundred" up to 900, "a few thousand" up to 5,000.
_VAGUE_REACH = {"several": 9, "many": 9, "a few": 5}
_VAGUE_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6}


def _open_range(text: str, m: re.Match[str]) -> Quantity | None:
    low = float(m.group("low").replace(",", ""))
    vague = " ".join(m.group("vague").lower().split())
    high = float(_VAGUE_REACH[vague] * _VAGUE_SCALE[m.group("scale").lower()])
    if low >= high:
        return None
    return Quantity(text[m.start() : m.end()], m.start(), m.end(), low, high, COUNT, "between")


def find_quantities(text: str, masked: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Return the quantities in ``text``, ignoring numbers inside ``masked`` spans."""
    blocked = SpanMask(len(text), masked or ())
    for m in _PHONE_RE.finditer(text):
        blocked.add(*m.span())
    found: list[Quantity] = []
    for m in _OPEN_RANGE_RE.finditer(text):
        if blocked.free(m.start(), m.end()) and (q := _open_range(text, m)) is not None:
            found.append(q)
            blocked.add(q.start, q.end)
    for m in _OM_RE.finditer(text):
        if blocked.free(m.start(), m.end()) and not _DIGIT_BEFORE_RE.search(
            text, max(0, m.start() - 10), m.start()
        ):
            q = _order_of_magnitude(text, m)
            found.append(q)
            blocked.add(q.start, q.end)
    numbers = [n for n in scan_numbers(text) if _keep(text, n, blocked)]
    i = 0
    while i < len(numbers):
        a = numbers[i]
        if i + 1 < len(numbers):
            ranged = _range(text, a, numbers[i + 1])
            if ranged is not None:
                if ranged != "skip":
                    found.append(ranged)
                i += 2
                continue
        single = _single(text, a)
        if single is not None:
            found.append(single)
        i += 1
    found.sort(key=lambda q: q.start)
    return found
