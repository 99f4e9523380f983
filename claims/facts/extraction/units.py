"""Unit vocabulary: what may follow (or, for money, precede) a number.

Every unit is normalised to a small vocabulary and the value converted to it:

* ``percent`` (``%``, "per cent", "percent"), ``percentage_point``;
* ``m`` for any length, ``m2`` for any area, ``kg`` for any mass, ``m/s`` for any
  speed, ``W`` for power;
* ISO 4217 codes for money (values stay in that currency);
* durations: ``year`` (years, decades, centuries), ``month``, ``day`` (days, weeks),
  ``hour``, ``minute``, ``second`` -- calendar months and years are not fixed
  numbers of days, so these are not converted into each other;
* ``degC``, ``degF``, ``degree`` (unspecified scale), ``dB``, ``times`` ("three times");
* ``count`` for anything else (a plain number, usually followed by a noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

COUNT = "count"
DURATION_UNITS = frozenset({"year", "month", "day", "hour", "minute", "second"})
# Units whose values may be negative: "less than X" then has no lower bound.
SIGNED_UNITS = frozenset({"degC", "degF", "degree", "percentage_point"})


@dataclass(frozen=True)
class UnitMatch:
    """A unit found right after a number: normalised unit, factor to it, and span end."""

    unit: str
    factor: Decimal
    end: int


_D = Decimal
_LEN = r"(?:er|re)s?"

# (pattern, unit, factor). Order matters: longer / more specific phrases first.
# Patterns are case-insensitive unless listed in _CASE_SENSITIVE.
# A flow is a volume per second: "3800 m3/s", "3,000 litres of water per second".
_PER_SECOND = r"(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?\s*(?:/\s*s\b|(?:per|a|every)\s+second\b)"
_CUBIC_METRE = r"(?:m3|m³|cubic\s+met(?:er|re)s?)"

_UNIT_TABLE: list[tuple[str, str, Decimal]] = [
    (rf"{_CUBIC_METRE}{_PER_SECOND}", "m3/s", _D(1)),
    (rf"(?:lit(?:er|re)s?){_PER_SECOND}", "m3/s", _D("0.001")),
    (rf"{_CUBIC_METRE}(?!\w)", "m3", _D(1)),
    (r"lit(?:er|re)s?\b", "m3", _D("0.001")),
    (r"%", "percent", _D(1)),
    (r"percentage[ -]points?\b", "percentage_point", _D(1)),
    (r"per\s*cent\b", "percent", _D(1)),
    (r"percent\b", "percent", _D(1)),
    (r"pct\b|pc\b", "percent", _D(1)),
    # speed before length ("km/h"), area before length ("square kilometres")
    (rf"(?:km/h|kph|kmh|kilomet{_LEN}\s+(?:per|an)\s+hour)\b", "m/s", _D(1000) / _D(3600)),
    (r"(?:mph|miles\s+(?:per|an)\s+hour)\b", "m/s", _D("0.44704")),
    (r"knots?\b", "m/s", _D(1852) / _D(3600)),
    (rf"square\s+kilomet{_LEN}\b", "m2", _D(10) ** 6),
    (rf"sq\.?\s*(?:km|kilomet{_LEN})\b", "m2", _D(10) ** 6),
    (r"km2\b|km²", "m2", _D(10) ** 6),
    (r"square\s+miles?\b|sq\.?\s*mi(?:les?)?\b", "m2", _D("2589988.110336")),
    (rf"square\s+met{_LEN}\b|sq\.?\s*m\b|m2\b|m²", "m2", _D(1)),
    (r"square\s+f(?:ee|oo)t\b|sq\.?\s*ft\b", "m2", _D("0.09290304")),
    (r"hectares?\b|ha\b", "m2", _D(10000)),
    (r"acres?\b", "m2", _D("4046.8564224")),
    (r"nautical\s+miles?\b", "m", _D(1852)),
    (rf"kilomet{_LEN}\b|kms?\b", "m", _D(1000)),
    (r"miles?\b", "m", _D("1609.344")),
    (rf"centimet{_LEN}\b|cm\b", "m", _D("0.01")),
    (rf"millimet{_LEN}\b|mm\b", "m", _D("0.001")),
    (rf"met{_LEN}\b", "m", _D(1)),
    (r"feet\b|foot\b|ft\b", "m", _D("0.3048")),
    (r"inch(?:es)?\b", "m", _D("0.0254")),
    (r"yards?\b", "m", _D("0.9144")),
    (r"(?:metric\s+)?tonnes?\b|(?:metric\s+)?tons?\b", "kg", _D(1000)),
    (r"kilo(?:gram(?:me)?s?|s)?\b|kgs?\b", "kg", _D(1)),
    (r"gram(?:me)?s?\b", "kg", _D("0.001")),
    (r"pounds?\s+sterling\b", "GBP", _D(1)),
    (r"pounds?\b|lbs?\b", "kg", _D("0.45359237")),
    (r"(?:us|u\.s\.|american)\s+dollars?\b", "USD", _D(1)),
    (r"canadian\s+dollars?\b", "CAD", _D(1)),
    (r"australian\s+dollars?\b", "AUD", _D(1)),
    (r"hong\s+kong\s+dollars?\b", "HKD", _D(1)),
    (r"dollars?\b", "USD", _D(1)),
    (r"euros?\b", "EUR", _D(1)),
    (r"cfa\s+francs?\b|francs?\s+cfa\b|fcfa\b", "XOF", _D(1)),
    (r"swiss\s+francs?\b", "CHF", _D(1)),
    (r"francs?\b", "XOF", _D(1)),
    (r"yen\b", "JPY", _D(1)),
    (r"yuan\b|renminbi\b", "CNY", _D(1)),
    (r"rupees?\b", "INR", _D(1)),
    (r"naira\b", "NGN", _D(1)),
    (r"cedis?\b", "GHS", _D(1)),
    (r"rand\b", "ZAR", _D(1)),
    (r"years?(?:[\s-]+old)?\b|yrs?\b", "year", _D(1)),
    (r"decades?\b", "year", _D(10)),
    (r"centur(?:y|ies)\b", "year", _D(100)),
    (r"months?\b", "month", _D(1)),
    (r"fortnights?\b", "day", _D(14)),
    (r"weeks?\b", "day", _D(7)),
    (r"days?\b", "day", _D(1)),
    (r"hours?\b|hrs?\b", "hour", _D(1)),
    (r"minutes?\b|mins?\b", "minute", _D(1)),
    (r"seconds?\b|secs?\b", "second", _D(1)),
    (r"°\s*C\b|degrees?\s+(?:celsius|centigrade)\b|degrees?\s+C\b(?!\.\w)", "degC", _D(1)),
    (r"°\s*F\b|degrees?\s+fahrenheit\b|degrees?\s+F\b(?!\.\w)", "degF", _D(1)),
    (r"degrees?\b|°", "degree", _D(1)),
    (r"gigawatts?\b", "W", _D(10) ** 9),
    (r"megawatts?\b", "W", _D(10) ** 6),
    (r"kilowatts?\b", "W", _D(1000)),
    (r"watts?\b", "W", _D(1)),
    (r"decibels?\b", "dB", _D(1)),
    (r"times\b|-?fold\b", "times", _D(1)),
]

_CASE_SENSITIVE: list[tuple[str, str, Decimal]] = [
    (r"(?:USD|EUR|GBP|JPY|XOF|XAF|CHF|CNY|INR|NGN|ZAR|CAD|AUD|GHS|KES)\b", "", _D(1)),
    (r"GW\b", "W", _D(10) ** 9),
    (r"MW\b", "W", _D(10) ** 6),
    (r"kW\b", "W", _D(1000)),
    (r"dB\b", "dB", _D(1)),
    (r"m\b(?!\.\w)", "m", _D(1)),
]

# Only directly attached to the digits ("10C", "14F").
_ATTACHED_ONLY: list[tuple[str, str, Decimal]] = [
    (r"C\b", "degC", _D(1)),
    (r"F\b", "degF", _D(1)),
]

_COMPILED: list[tuple[re.Pattern[str], str, Decimal, bool]] = (
    [(re.compile(p, re.IGNORECASE), u, f, False) for p, u, f in _UNIT_TABLE]
    + [(re.compile(p), u, f, False) for p, u, f in _CASE_SENSITIVE]
    + [(re.compile(p), u, f, True) for p, u, f in _ATTACHED_ONLY]
)

# Words that may sit between a number and its unit: "20 more years".
_FILLER = re.compile(
    r"(?:more|additional|extra|further|other|long|straight|consecutive|full|whole)\s+",
    re.IGNORECASE,
)
_GAP = re.compile(r"[ \t\u00a0]*(?:-[ \t]*)?")


def match_unit_after(text: str, pos: int, *, allow_filler: bool = True) -> UnitMatch | None:
    """Return the unit written right after ``pos`` (the end of a number), if any."""
    gap = _GAP.match(text, pos)
    starts = [(gap.end() if gap else pos, gap is not None and gap.end() > pos)]
    if allow_filler:
        filler = _FILLER.match(text, starts[0][0])
        if filler:
            starts.append((filler.end(), True))
    for start, spaced in starts:
        for rx, unit, factor, attached_only in _COMPILED:
            if attached_only and (spaced or start != pos):
                continue
            m = rx.match(text, start)
            if m and m.end() > start:
                return UnitMatch(unit or m.group(0), factor, m.end())
    return None


_PREFIX_CURRENCY = {
    "US$": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₦": "NGN",
    "₹": "INR",
    "₵": "GHS",
    "CFA": "XOF",
    "FCFA": "XOF",
    "Rs": "INR",
    "Rs.": "INR",
}
_CODES = "USD|EUR|GBP|JPY|XOF|XAF|CHF|CNY|INR|NGN|ZAR|CAD|AUD|GHS|KES|NZD|HKD"
_CURRENCY_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?P<sym>(?:US|U\.S\.|HK|CA|C|AU|A|NZ|S|R)?\$|€|£|¥|₦|₹|₵)"
    rf"|(?<![A-Za-z])(?P<code>{_CODES}|FCFA|CFA|Rs\.?)[ \u00a0]?)[ \u00a0]?$"
)


def match_currency_before(text: str, pos: int) -> tuple[str, int] | None:
    """Return ``(iso_code, start)`` for a currency sign or code right before ``pos``."""
    m = _CURRENCY_BEFORE.search(text, max(0, pos - 8), pos)
    if not m:
        return None
    token = m.group("sym") or m.group("code")
    return _PREFIX_CURRENCY.get(token, token), m.start()


def can_be_negative(unit: str) -> bool:
    """Whether values in ``unit`` can be below zero (then "under X" has no lower bound)."""
    return unit in SIGNED_UNITS


# Every unit the extractor can put on a quantity (the claim service must accept each).
UNIT_VOCABULARY = frozenset(
    {COUNT}
    | {u for _, u, _ in (*_UNIT_TABLE, *_CASE_SENSITIVE, *_ATTACHED_ONLY) if u}
    | set(_PREFIX_CURRENCY.values())
    | set(_CODES.split("|"))
)
