"""The rules of conflict detection, as pure functions (no ORM, no settings).

A fact's identity is (subject, measure, time scope or event). Two facts **match** when they
share the blocking key (entity, measure, unit), neither is retracted, their events and
localities agree (equal, or unknown on one side), and their times go together as their
measure's kind says:

- a **level** or a **rate** (a state at a point in time): their time scopes overlap. A scope
  that is a point in time (scope_start == scope_end, e.g. a publication date) is widened by
  ±`window_days`; a missing bound means "unbounded on that side", so a NULL scope is
  timeless and overlaps everything;
- a **flow** (over a period): the same period (a quarter is not its year), or two unknown
  periods (points) within the window;
- a **toll** (cumulative over an event): scopes run from the event to the day the count was
  given (its as-of day); overlapping scopes are one series. Two counts as of the same day are
  compared; on different days the later one updates the earlier: no flag when it is higher,
  a corroboration when they overlap, and a **revision** flag (low severity) when the later
  count is entirely below the earlier one (a toll does not fall: one of them is wrong).

Matching facts then:
- conflict on **value** when their value intervals are disjoint beyond the tolerance;
- conflict on **date** when their event date intervals are disjoint;
- conflict on **verdict** when they agree on the fact but are both verified with ratings
  on opposite sides (true / mostly true vs false / mostly false);
- otherwise **corroborate** each other (when there was a value or a date to compare).

Intervals already say how precise a figure is (a rounded "100,000" is 90,000–110,000, a
precise "39.4%" is 39.35–39.45: see `claims.facts.extraction`), so the tolerance defaults to
none. Set, it is the relative gap two figures may have and still agree: each endpoint of an
interval is widened by half of it (``x ± tolerance / 2 × |x|``) so that the two widened
intervals of figures `tolerance` apart just touch. A total is never compared with a rate:
their units differ, and the unit is part of the blocking key.

`sweep_block` finds every conflict of a block in O(n log n + k) for n facts and k conflicts:
it never enumerates the (possibly quadratic) agreeing pairs.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from claims.facts.matching import (
    INF,
    RETRACTED,
    TOLL,
    FactView,
    Interval,
    event_interval,
    overlaps,
    same_or_unknown,
    times_match,
    value_interval,
)

VALUE, DATE, VERDICT, CORROBORATION = "value", "date", "verdict", "corroboration"
REVISION = "revision"
LOW, MEDIUM, HIGH = "low", "medium", "high"
# Bump when the explanation's content or wording changes: jobs then rewrite every flag.
RULES_VERSION = 2
# Severity thresholds: relative gap for values, days for dates.
VALUE_SEVERITY = ((0.5, HIGH), (0.15, MEDIUM))
DATE_SEVERITY_DAYS = ((180, HIGH), (30, MEDIUM))


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing two matching facts; `a_id < b_id`.

    The explanation is built on demand: the sweep classifies many pairs and writes only
    the flags that are new or changed.
    """

    kind: str
    a_id: int
    b_id: int
    severity: str = ""
    a: FactView | None = field(default=None, compare=False, repr=False)
    b: FactView | None = field(default=None, compare=False, repr=False)
    window_days: int = field(default=0, compare=False, repr=False)
    tolerance: float = field(default=0.0, compare=False, repr=False)

    @property
    def is_conflict(self) -> bool:
        return self.kind != CORROBORATION

    @property
    def key(self) -> tuple[int, int, str]:
        """The flag's identity: unique (claim_a, claim_b, kind) in the database."""
        return (self.a_id, self.b_id, self.kind)

    @property
    def explanation(self) -> dict[str, Any]:
        """Both sides (intervals, units, hedges, scopes...), the gap and a sentence."""
        return explain(self)

    @property
    def fingerprint(self) -> str:
        """A stable digest of what the explanation is made of (facts, rules, version).

        Stored in the explanation, so a job can tell an unchanged flag without reading
        and parsing every stored explanation.
        """
        material = "|".join(
            map(
                str,
                (
                    RULES_VERSION,
                    self.kind,
                    self.window_days,
                    self.tolerance,
                    *(self.a or ()),
                    *(self.b or ()),
                ),
            )
        )
        return hashlib.blake2b(material.encode(), digest_size=10).hexdigest()


# --- Intervals -------------------------------------------------------------------------


def tolerance_bounds(interval: Interval, tolerance: float) -> Interval:
    """Widen each endpoint by half the tolerance times its magnitude (infinite ends stay)."""
    low, high = interval
    half = tolerance / 2
    return (
        low - half * abs(low) if low != -INF else low,
        high + half * abs(high) if high != INF else high,
    )


def gap(a: Interval, b: Interval) -> float:
    """Distance between two closed intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return 0.0


def relative_gap(a: Interval, b: Interval) -> float:
    """The gap divided by the larger magnitude of the two facing endpoints."""
    if a[1] < b[0]:
        near = (a[1], b[0])
    elif b[1] < a[0]:
        near = (b[1], a[0])
    else:
        return 0.0
    magnitude = max(abs(near[0]), abs(near[1]))
    return INF if magnitude == 0 else (near[1] - near[0]) / magnitude


def values_conflict(a: Interval, b: Interval, tolerance: float) -> bool:
    """Disjoint even after widening both intervals by the tolerance."""
    return not overlaps(tolerance_bounds(a, tolerance), tolerance_bounds(b, tolerance))


# --- Explanations --------------------------------------------------------------------------


def _jsonable(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) else value


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def format_number(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def describe_interval(interval: Interval, unit: str) -> str:
    """ "40 percent", "30–36.67 percent", "over 40 percent", "at most 600 m"."""
    low, high = interval
    suffix = f" {unit}" if unit else ""
    if low == high:
        return f"{format_number(low)}{suffix}"
    if high == INF and low == -INF:
        return f"any value{suffix}"
    if high == INF:
        return f"over {format_number(low)}{suffix}"
    if low == -INF:
        return f"at most {format_number(high)}{suffix}"
    return f"{format_number(low)}–{format_number(high)}{suffix}"


def describe_scope(fact: FactView, window_days: int) -> str:
    if fact.scope_start is None and fact.scope_end is None:
        return "always"
    if fact.scope_start is not None and fact.scope_start == fact.scope_end:
        return f"{fact.scope_start.isoformat()} ±{window_days} d"
    return f"{_iso(fact.scope_start) or '…'} to {_iso(fact.scope_end) or '…'}"


def describe_dates(fact: FactView) -> str:
    if fact.event_start is not None and fact.event_start == fact.event_end:
        return fact.event_start.isoformat()
    return f"{_iso(fact.event_start) or '…'} to {_iso(fact.event_end) or '…'}"


def _side(fact: FactView) -> dict[str, Any]:
    """One claim's half of an explanation (a fresh dict; the parts are cached)."""
    return dict(_side_cached(fact))


# A claim is usually in several flags (an outlier conflicts with all its neighbours):
# its half of the explanation is built once per batch, not once per flag.
@lru_cache(maxsize=16_384)
def _side_cached(fact: FactView) -> dict[str, Any]:
    interval = value_interval(fact)
    return {
        "claim": fact.id,
        "interval": [_jsonable(interval[0]), _jsonable(interval[1])] if interval else None,
        "unit": fact.unit,
        "hedge": fact.hedge,
        "event": [_iso(fact.event_start), _iso(fact.event_end)] if fact.has_event else None,
        "scope": [_iso(fact.scope_start), _iso(fact.scope_end)],
        "status": fact.status,
        "rating": fact.rating,
    }


def _graded(amount: float, thresholds: tuple[tuple[float, str], ...]) -> str:
    for threshold, severity in thresholds:
        if amount > threshold:
            return severity
    return LOW


@lru_cache(maxsize=16_384)
def _says(fact: FactView) -> str:
    interval = value_interval(fact)
    text = describe_interval(interval, fact.unit) if interval else "no figure"
    hedge = fact.hedge.replace("_", " ")
    return f"{text} (hedge: {hedge})" if hedge and interval else text


def _percent(x: float) -> str:
    if math.isinf(x):
        return "infinitely"
    return f"{x * 100:.3g}%"


def explain(result: Comparison) -> dict[str, Any]:
    """The explanation JSON of a comparison (see `Comparison.explanation`)."""
    a, b = result.a, result.b
    if a is None or b is None:
        return {"kind": result.kind}
    window_days, tolerance = result.window_days, result.tolerance
    extra: dict[str, Any] = {}
    if result.kind == VALUE:
        va, vb = value_interval(a), value_interval(b)
        if va is None or vb is None:  # a value conflict is only found between two values
            return {"kind": result.kind}
        rel = relative_gap(va, vb)
        scopes = f"{describe_scope(a, window_days)} vs {describe_scope(b, window_days)}"
        beyond = f", beyond the {_percent(tolerance)} tolerance" if tolerance else ""
        sentence = (
            f"Claim #{a.id} says {_says(a)} but claim #{b.id} says {_says(b)} for "
            f"overlapping time scopes ({scopes}): {_percent(rel)} apart{beyond}."
        )
        extra = {"gap": gap(va, vb), "relative_gap": _jsonable(rel)}
    elif result.kind == DATE:
        ea, eb = event_interval(a), event_interval(b)
        if ea is None or eb is None:  # a date conflict is only found between two dates
            return {"kind": result.kind}
        days = int(gap(ea, eb))
        sentence = (
            f"Claim #{a.id} dates it {describe_dates(a)} but claim #{b.id} dates it "
            f"{describe_dates(b)}: {days} day{'s' if days != 1 else ''} apart."
        )
        extra = {"gap_days": days}
    elif result.kind == REVISION:
        earlier, later = (a, b) if (a.scope_end or date.min) < (b.scope_end or date.min) else (b, a)
        sentence = (
            f"The toll fell: claim #{earlier.id} counts {_says(earlier)} as of "
            f"{_iso(earlier.scope_end)}, but claim #{later.id} counts {_says(later)} as of "
            f"{_iso(later.scope_end)}. A toll only grows, so one of them is wrong (or was "
            "revised down)."
        )
    elif result.kind == VERDICT:
        sentence = (
            f"Claim #{a.id} ({_says(a)}) is rated {a.rating.replace('_', ' ')} but claim "
            f"#{b.id} ({_says(b)}), the same fact, is rated {b.rating.replace('_', ' ')}."
        )
    else:
        what = "figures" if a.has_value and b.has_value else "dates"
        sentence = f"Claims #{a.id} and #{b.id} agree on the {what} ({_says(a)} / {_says(b)})."
    return {
        "kind": result.kind,
        "sentence": sentence,
        "a": _side(a),
        "b": _side(b),
        "tolerance": tolerance,
        "window_days": window_days,
        **extra,
        "fingerprint": result.fingerprint,
    }


# --- Comparing two facts -------------------------------------------------------------------


def compare(
    a: FactView, b: FactView, *, window_days: int, tolerance: float, linked: bool = False
) -> Comparison | None:
    """Compare two facts: a value / date / verdict / revision conflict, a corroboration, or
    None.

    None when they don't match (different identity, retracted, times apart, a toll that
    rose) or when they match but there is nothing to compare (no figure or date on one side,
    and no verdicts that contradict). `linked`: an editor said they are the same fact, so
    their identities are not compared, only their times. One kind per pair, in this order:
    revision, value, date, verdict — a verdict conflict is two opposite ratings of facts
    that *agree*, since facts that disagree on the figure are expected to be rated
    differently.
    """
    if a.id == b.id or a.status == RETRACTED or b.status == RETRACTED:
        return None
    if not linked and (
        a.entity_id is None
        or a.entity_id != b.entity_id
        or a.measure_id is None
        or a.measure_id != b.measure_id
        or a.unit != b.unit
        or not same_or_unknown(a.event, b.event)
        or not same_or_unknown(a.locality, b.locality)
    ):
        return None
    if not times_match(a, b, window_days):
        return None  # a change over time, not a conflict
    if b.id < a.id:
        a, b = b, a
    compared = False
    kind, severity = CORROBORATION, ""

    va, vb = value_interval(a), value_interval(b)
    ea, eb = event_interval(a), event_interval(b)
    series = (
        a.kind == TOLL
        and b.kind == TOLL
        and a.scope_end is not None
        and b.scope_end is not None
        and a.scope_end != b.scope_end
    )
    if va is not None and vb is not None:
        compared = True
        if series:
            earlier, later = (va, vb) if a.scope_end < b.scope_end else (vb, va)  # type: ignore[operator]
            if values_conflict(earlier, later, tolerance):
                if later[1] >= earlier[0]:
                    return None  # the toll rose: an update, shown on the timeline
                kind, severity = REVISION, LOW
        elif values_conflict(va, vb, tolerance):
            kind, severity = VALUE, _graded(relative_gap(va, vb), VALUE_SEVERITY)
    if kind == CORROBORATION and ea is not None and eb is not None:
        compared = True
        if not overlaps(ea, eb):
            kind, severity = DATE, _graded(gap(ea, eb), DATE_SEVERITY_DAYS)
    if kind == CORROBORATION and a.verdict_side * b.verdict_side < 0:
        both_firm = a.rating in ("true", "false") and b.rating in ("true", "false")
        both_soft = a.rating.startswith("mostly_") and b.rating.startswith("mostly_")
        kind, severity = VERDICT, HIGH if both_firm else LOW if both_soft else MEDIUM
    elif kind == CORROBORATION and not compared:
        return None
    return Comparison(kind, a.id, b.id, severity, a, b, window_days, tolerance)


def conflicts_among(
    facts: Iterable[FactView], *, window_days: int, tolerance: float
) -> list[Comparison]:
    """Every conflict among the facts by comparing all pairs: O(n²), the reference."""
    facts = list(facts)
    found = []
    for i, a in enumerate(facts):
        for b in facts[i + 1 :]:
            result = compare(a, b, window_days=window_days, tolerance=tolerance)
            if result is not None and result.is_conflict:
                found.append(result)
    return found


# --- The sweep ------------------------------------------------------------------------------

# Blocks this small are compared pair by pair: a bounded amount of work per claim, and
# cheaper than setting up the sweep.
SMALL_BLOCK = 3


def _pairwise(live: Sequence[FactView], *, window_days: int, tolerance: float) -> list[Comparison]:
    found = []
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            result = compare(a, b, window_days=window_days, tolerance=tolerance)
            if result is not None and result.kind != CORROBORATION:
                found.append(result)
    return found


def sweep_block(
    facts: Sequence[FactView], *, window_days: int, tolerance: float
) -> list[Comparison]:
    """Every conflict among facts of one block, in O(n log n + k) for n facts, k conflicts.

    A sweep over time: facts enter the active set at the start of their (widened) scope
    and leave after its end, so a fact entering meets exactly the active facts whose scope
    overlaps its own. The active facts are kept in lists sorted by their widened value
    bounds, so those entirely below the newcomer are a prefix of one list and those
    entirely above a suffix of the other: every fact reported that way is a conflict, and
    agreeing pairs (corroborations), however many, are never enumerated. Date conflicts
    use the event intervals the same way. Verdict candidates are the active
    oppositely-rated facts whose low bound is at most the newcomer's high: each either
    agrees with it (a verdict conflict) or lies below it (a value conflict), so that
    enumeration is paid for by flags too. `compare` confirms every candidate and decides
    its kind, so the result is exactly that of comparing all pairs (`conflicts_among`).
    """
    live = [f for f in facts if f.blocking_key is not None]
    n = len(live)
    if n < 2:
        return []
    if n <= SMALL_BLOCK:
        return _pairwise(live, window_days=window_days, tolerance=tolerance)

    half = tolerance / 2
    value_low: list[float | None] = [None] * n  # widened bounds, None without a value
    value_high: list[float] = [INF] * n
    event_low: list[float | None] = [None] * n
    event_high: list[float] = [INF] * n
    side = [0] * n
    points: list[tuple[float, int, int]] = []
    for i, f in enumerate(live):
        start, end = f.scope_start, f.scope_end
        low = -INF if start is None else start.toordinal()
        high = INF if end is None else end.toordinal()
        if start is not None and start == end:
            low -= window_days
            high += window_days
        points.append((low, 0, i))  # starts sort before ends on the same day
        points.append((high, 1, i))
        if f.value_low is not None or f.value_high is not None:
            v = f.value_low
            value_low[i] = -INF if v is None else v - half * abs(v)
            v = f.value_high
            value_high[i] = INF if v is None else v + half * abs(v)
        if f.event_start is not None or f.event_end is not None:
            event_low[i] = -INF if f.event_start is None else f.event_start.toordinal()
            event_high[i] = INF if f.event_end is None else f.event_end.toordinal()
        side[i] = f.verdict_side
    points.sort()

    # The active facts: (key, index) sorted by key.
    by_value_high: list[tuple[float, int]] = []
    by_value_low: list[tuple[float, int]] = []
    by_event_high: list[tuple[float, int]] = []
    by_event_low: list[tuple[float, int]] = []
    by_verdict: dict[int, list[tuple[float, int]]] = {1: [], -1: []}  # (widened low, index)
    found: list[Comparison] = []

    for _, is_end, i in points:
        vlow, elow, s = value_low[i], event_low[i], side[i]
        if is_end:
            if vlow is not None:
                del by_value_high[bisect_left(by_value_high, (value_high[i], i))]
                del by_value_low[bisect_left(by_value_low, (vlow, i))]
            if elow is not None:
                del by_event_high[bisect_left(by_event_high, (event_high[i], i))]
                del by_event_low[bisect_left(by_event_low, (elow, i))]
            if s:
                verdicts = by_verdict[s]
                del verdicts[bisect_left(verdicts, (-INF if vlow is None else vlow, i))]
            continue

        candidates: list[tuple[float, int]] = []
        if vlow is not None:
            vhigh = value_high[i]
            candidates += by_value_high[: bisect_left(by_value_high, (vlow, -1))]
            candidates += by_value_low[bisect_right(by_value_low, (vhigh, n)) :]
        if elow is not None:
            ehigh = event_high[i]
            candidates += by_event_high[: bisect_left(by_event_high, (elow, -1))]
            candidates += by_event_low[bisect_right(by_event_low, (ehigh, n)) :]
        if s:
            opposite = by_verdict[-s]
            bound = INF if vlow is None else value_high[i]
            candidates += opposite[: bisect_right(opposite, (bound, n))]
        if candidates:
            fact = live[i]
            for j in sorted({j for _, j in candidates}):
                result = compare(live[j], fact, window_days=window_days, tolerance=tolerance)
                if result is not None and result.kind != CORROBORATION:
                    found.append(result)

        if vlow is not None:
            insort(by_value_high, (value_high[i], i))
            insort(by_value_low, (vlow, i))
        if elow is not None:
            insort(by_event_high, (event_high[i], i))
            insort(by_event_low, (elow, i))
        if s:
            insort(by_verdict[s], (-INF if vlow is None else vlow, i))
    return found
