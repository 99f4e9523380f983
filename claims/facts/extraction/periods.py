"""Calendar arithmetic for date expressions: month and year parts, year resolution."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_part(year: int, month: int, part: str) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    p = " ".join(part.lower().split()).removeprefix("the ")
    if p.startswith("first half"):
        lo, hi = 1, 15
    elif p.startswith("second half"):
        lo, hi = 16, last
    elif p in ("early", "beginning of", "start of") or p.startswith("first"):
        lo, hi = 1, 10
    elif p in ("mid", "middle of"):
        lo, hi = 11, 20
    else:  # late, end of, last week/days of
        lo, hi = 21, last
    return date(year, month, lo), date(year, month, hi)


def year_part(year: int, part: str) -> tuple[date, date]:
    p = " ".join(part.lower().split()).removeprefix("the ")
    spans = {
        "early": (1, 4),
        "mid": (5, 8),
        "middle of": (5, 8),
        "late": (9, 12),
        "end of": (10, 12),
        "start of": (1, 3),
        "beginning of": (1, 3),
        "first half of": (1, 6),
        "second half of": (7, 12),
    }
    lo, hi = spans.get(p, (1, 12))
    return date(year, lo, 1), month_span(year, hi)[1]


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day(month: int, day: int, published: date, forward: bool) -> date | None:
    candidates = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := safe_date(y, month, day))
    ]
    if forward:
        future = [d for d in candidates if d >= published]
        return min(future) if future else None
    past = [d for d in candidates if d <= published + timedelta(days=7)]
    return max(past) if past else None


def resolve_month_year(month: int, published: date, forward: bool) -> int:
    if forward:
        last = month_span(published.year, month)[1]
        return published.year if last >= published else published.year + 1
    return published.year if date(published.year, month, 1) <= published else published.year - 1
