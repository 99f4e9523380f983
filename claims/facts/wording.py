"""A fact in words, as people read it: "more than 40%", "about 2 million people",
"50,000, rounded (45,000–55,000)", "May 2021" (pure)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

_UNIT_WORDS = {
    "percent": "%",
    "percentage_point": " percentage points",
    "m": " m",
    "m2": " m²",
    "m3": " m³",
    "kg": " kg",
    "m/s": " m/s",
    "m3/s": " m³/s",
    "degC": " °C",
    "degF": " °F",
    "count": "",
    "": "",
}
_HEDGE_WORDS = {
    "about": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "up_to": "up to",
}


def number(x: float) -> str:
    """1234567 -> "1.2 million", 45000 -> "45,000", 39.4 -> "39.4"."""
    if math.isinf(x):
        return "∞"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            value = x / size
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def _with_unit(text: str, unit: str) -> str:
    if unit in _UNIT_WORDS:
        return text + _UNIT_WORDS[unit]
    if len(unit) == 3 and unit.isupper():
        return f"{text} {unit}"
    return f"{text} {unit}".rstrip()


def describe_value(fact: Any) -> str:
    """The figure (or the date) of a claim or anything with its fact fields, in words."""
    low, high = fact.value_low, fact.value_high
    unit, hedge = fact.unit or "", fact.hedge or ""
    if low is None and high is None:
        return describe_dates(fact.event_start, fact.event_end, fact.event_granularity or "")
    if hedge in ("more_than", "at_least") and low is not None:
        return f"{_HEDGE_WORDS[hedge]} {_with_unit(number(low), unit)}"
    if hedge in ("less_than", "up_to") and high is not None:
        return f"{_HEDGE_WORDS[hedge]} {_with_unit(number(high), unit)}"
    if low is None or high is None:
        side = "at least" if high is None else "at most"
        return f"{side} {_with_unit(number(low if high is None else high), unit)}"
    if hedge in ("about", "nearly"):
        middle = high if hedge == "nearly" else (low + high) / 2
        return f"{hedge} {_with_unit(number(_round(middle)), unit)}"
    if low == high:
        return _with_unit(number(low), unit)
    span = f"{number(low)}–{number(high)}"
    if hedge == "exact" and high - low <= max(abs(low), abs(high)) * 1e-9 + 1:
        return _with_unit(number((low + high) / 2), unit)
    if hedge in ("exact", ""):
        # a figure written round ("50,000 volunteers"): shown as written and marked rounded,
        # which is not a hedge -- the interval is the rounding's, not the writer's doubt
        return f"{_with_unit(number((low + high) / 2), unit)}, rounded ({span})"
    return _with_unit(span, unit)


def _round(x: float) -> float:
    if x == 0:
        return 0
    digits = 2 - math.floor(math.log10(abs(x)))
    return round(x, digits)


def describe_dates(start: date | None, end: date | None, granularity: str = "") -> str:
    if start is None and end is None:
        return "—"
    if start is not None and end is not None:
        if start == end:
            return start.strftime("%-d %B %Y")
        if granularity == "month" or (start.day == 1 and start.month == end.month):
            return start.strftime("%B %Y")
        if granularity == "year" or (start.timetuple().tm_yday == 1 and start.year == end.year):
            return str(start.year)
        return f"{start.isoformat()} to {end.isoformat()}"
    if start is not None:
        return f"since {start.isoformat()}"
    assert end is not None  # both missing was answered above
    return f"until {end.isoformat()}"


# --- Why a sentence was suggested, what an edit changed ------------------------------------

_REASON_WORDS = {
    "figure": "has a figure ({})",
    "date": "gives a date ({})",
    "comparison": "compares (“{}”)",
    "entity": "names {}",
    "attribution": "is attributed to someone (“{}”)",
}


def describe_reasons(reasons: list[str] | tuple[str, ...]) -> str:
    """["figure: two", "entity: Kenya"] -> "Has a figure (two); names Kenya." (a suggestion's
    reasons as a sentence; unknown reasons are kept as they are)."""
    parts = []
    for reason in reasons:
        kind, _, detail = str(reason).partition(": ")
        template = _REASON_WORDS.get(kind)
        parts.append(template.format(detail) if template and detail else str(reason))
    if not parts:
        return "—"
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def person(user: Any) -> str:
    """A person's name as the desk shows it: full name, else username; "the system" if none."""
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, float):
        return number(value)
    text = str(value)
    return f"“{text[:117]}…”" if len(text) > 120 else f"“{text}”"


def describe_changes(changes: dict[str, Any], *, label: Any = None, value: Any = None) -> list[str]:
    """An edit's {field: [before, after]} as sentences: "Rating: (empty) → “False”".

    `label(field)` names a field and `value(field, raw)` words a stored value (a choice's
    label, an entity's name); both default to the raw text."""
    lines = []
    for field, pair in sorted((changes or {}).items()):
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        name = label(field) if label else field.replace("_", " ").capitalize()
        if value:
            before, after = value(field, before), value(field, after)
        lines.append(f"{name}: {_shown(before)} → {_shown(after)}")
    return lines
