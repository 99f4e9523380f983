"""When two claims state the same fact: their identity and their times (pure, no ORM).

A fact's identity is (subject, measure, time scope or event). `FactView` holds what is
needed to tell, one row of `FACT_COLUMNS`; `matches` says whether two facts are the same
fact, as their measure's kind understands time (see `claims.conflicts.rules`, which then
compares their figures).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, NamedTuple

INF = math.inf
Interval = tuple[float, float]
TOLL, LEVEL, FLOW, RATE = "toll", "level", "flow", "rate"
RETRACTED = "retracted"
VERIFIED = "verified"
POSITIVE_RATINGS = frozenset({"true", "mostly_true"})
NEGATIVE_RATINGS = frozenset({"false", "mostly_false"})
# Two periods are the same period when both ends are this close (calendar slack).
PERIOD_SLACK_DAYS = 3
# Levels of one event (a march's crowd, a vote's turnout) hold on its day: two such figures
# dated further apart than this are of two events (two marches a week apart).
EVENT_DAY_DAYS = 2


class FactView(NamedTuple):
    """The fields of a claim needed to compare it with another (one row of `FACT_COLUMNS`).

    A named tuple: built straight from a `values_list` row, cheap by the million.
    """

    id: int
    entity_id: int | None
    measure_id: int | None
    unit: str = ""
    value_low: float | None = None
    value_high: float | None = None
    hedge: str = ""
    event_start: date | None = None
    event_end: date | None = None
    scope_start: date | None = None
    scope_end: date | None = None
    status: str = "draft"
    rating: str = ""
    kind: str | None = LEVEL  # the measure's kind (None: no measure, read as a level)
    event: str = ""
    locality: str = ""

    @classmethod
    def from_obj(cls, obj: Any) -> FactView:
        """A FactView of a Claim instance (or anything with the same attributes)."""
        values = {name: getattr(obj, name, None) for name in cls._fields}
        if values["kind"] is None and values["measure_id"] is not None:
            values["kind"] = obj.measure.kind  # a Claim: its measure's kind
        values["kind"] = values["kind"] or LEVEL
        for name in ("event", "locality", "hedge", "unit", "rating"):
            values[name] = values[name] or ""
        return cls(**values)  # type: ignore[arg-type]  # the Claim's own field types

    @property
    def blocking_key(self) -> tuple[int, int, str] | None:
        """(entity, measure, unit), or None when the claim can never match anything."""
        if self.entity_id is None or self.measure_id is None or self.status == RETRACTED:
            return None
        return (self.entity_id, self.measure_id, self.unit)

    @property
    def has_value(self) -> bool:
        return self.value_low is not None or self.value_high is not None

    @property
    def has_event(self) -> bool:
        return self.event_start is not None or self.event_end is not None

    @property
    def verdict_side(self) -> int:
        """+1 for a verified true / mostly true, -1 for verified false / mostly false, else 0."""
        if self.status != VERIFIED:
            return 0
        if self.rating in POSITIVE_RATINGS:
            return 1
        if self.rating in NEGATIVE_RATINGS:
            return -1
        return 0


# The Claim columns, in FactView order: `Claim.objects.values_list(*FACT_COLUMNS)`.
FACT_COLUMNS: tuple[str, ...] = tuple(
    "measure__kind" if name == "kind" else name for name in FactView._fields
)


def _ordinal(day: date | None, default: float) -> float:
    return default if day is None else day.toordinal()


def value_interval(fact: FactView) -> Interval | None:
    """[value_low, value_high] with None read as unbounded; None for a fact without a value."""
    if not fact.has_value:
        return None
    low = -INF if fact.value_low is None else fact.value_low
    high = INF if fact.value_high is None else fact.value_high
    return (low, high)


def scope_interval(fact: FactView, window_days: int) -> Interval:
    """The days (as ordinals) over which the fact holds; a point is widened by the window."""
    low = _ordinal(fact.scope_start, -INF)
    high = _ordinal(fact.scope_end, INF)
    if fact.scope_start is not None and fact.scope_start == fact.scope_end:
        low, high = low - window_days, high + window_days
    return (low, high)


def event_interval(fact: FactView) -> Interval | None:
    """[event_start, event_end] as day ordinals, None when the fact has no event date."""
    if not fact.has_event:
        return None
    return (_ordinal(fact.event_start, -INF), _ordinal(fact.event_end, INF))


def overlaps(a: Interval, b: Interval) -> bool:
    """Closed intervals share at least one point."""
    return a[0] <= b[1] and b[0] <= a[1]


def scopes_overlap(a: FactView, b: FactView, window_days: int) -> bool:
    return overlaps(scope_interval(a, window_days), scope_interval(b, window_days))


def same_or_unknown(a: str, b: str) -> bool:
    return not a or not b or a.casefold() == b.casefold()


def _is_point(fact: FactView) -> bool:
    return fact.scope_start is not None and fact.scope_start == fact.scope_end


def _timeless(fact: FactView) -> bool:
    return fact.scope_start is None and fact.scope_end is None


def _same_period(a: FactView, b: FactView) -> bool:
    ends = ((a.scope_start, b.scope_start), (a.scope_end, b.scope_end))
    return all(
        x is not None and y is not None and abs(x.toordinal() - y.toordinal()) <= PERIOD_SLACK_DAYS
        for x, y in ends
    )


def times_match(a: FactView, b: FactView, window_days: int) -> bool:
    """Whether two facts of one measure hold at the same time, as its kind understands it."""
    if _timeless(a) or _timeless(b):
        return True
    kind = a.kind or LEVEL
    if kind == FLOW and not (_is_point(a) and _is_point(b)):
        return _same_period(a, b)  # a quarter is not its year; an unknown period is not one
    if kind == LEVEL and a.event and b.event and _is_point(a) and _is_point(b):
        window_days = min(window_days, EVENT_DAY_DAYS)
    return overlaps(scope_interval(a, window_days), scope_interval(b, window_days))


def matches(a: FactView, b: FactView, *, window_days: int) -> bool:
    """Same blocking key, neither retracted, the same event and place, times that match."""
    key = a.blocking_key
    return (
        a.id != b.id
        and key is not None
        and key == b.blocking_key
        and same_or_unknown(a.event, b.event)
        and same_or_unknown(a.locality, b.locality)
        and times_match(a, b, window_days)
    )
