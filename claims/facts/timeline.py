"""A server-side SVG timeline of one fact's values across articles and outlets (pure).

x is when the figure holds (the middle of its time scope, else the article's publication
date), y the value interval drawn as a vertical bar from low to high; an open end runs to
the edge of the plot and ends in an arrow. Bars are coloured by outlet (with a legend);
claims in an open or confirmed conflict get a red outline. No JavaScript, no CDN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
)
CONFLICT_COLOUR = "#d62728"
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 24, 36, 40
LEGEND_ROW = 18
BAR_WIDTH = 8
MIN_BAR_HEIGHT = 3
ARROW = 6


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One claim on the chart. `low` / `high` None mean unbounded on that side."""

    claim_id: int
    when: date
    low: float | None
    high: float | None
    outlet: str
    label: str = ""
    until: date | None = None  # the end of the time scope when it is a range
    conflicting: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 5 × 10^n steps) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(start: date, end: date) -> list[date]:
    """Month starts for short spans, year starts for long ones; at most ~10 ticks."""
    days = (end - start).days
    if days > 3 * 365:
        step_years = max(1, math.ceil(days / 365 / 8))
        years = range(start.year + 1, end.year + 1, step_years)
        return [date(y, 1, 1) for y in years if start <= date(y, 1, 1) <= end]
    step_months = max(1, math.ceil(days / 30 / 8))
    ticks = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        tick = date(year, month, 1)
        if tick > end:
            return ticks[::step_months]
        ticks.append(tick)


def format_value(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def _centre(point: TimelinePoint) -> date:
    if point.until and point.until > point.when:
        return point.when + (point.until - point.when) / 2
    return point.when


def render_timeline_svg(
    points: Sequence[TimelinePoint],
    *,
    title: str = "",
    unit: str = "",
    width: int = 880,
    height: int = 380,
) -> str:
    """The chart as an SVG document (a string; every text is escaped)."""
    outlets = sorted({p.outlet for p in points})
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(outlets)}
    legend_rows = math.ceil((len(outlets) + 2) / 4)
    total_height = height + legend_rows * LEGEND_ROW + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
        f'height="{total_height}" viewBox="0 0 {width} {total_height}" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="{MARGIN_LEFT}" y="20" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    plot_left, plot_right = MARGIN_LEFT, width - MARGIN_RIGHT
    plot_top, plot_bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    if not points:
        parts.append(
            f'<text x="{plot_left}" y="{(plot_top + plot_bottom) / 2}">No figures to show.</text>'
        )
        parts.append("</svg>")
        return "".join(parts)

    # Scales.
    days = [p.when for p in points] + [p.until for p in points if p.until]
    first, last = min(days), max(days)
    pad = max(timedelta(days=15), (last - first) * 0.04)
    first, last = first - pad, last + pad
    finite = [v for p in points for v in (p.low, p.high) if v is not None and math.isfinite(v)]
    y_low, y_high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if y_high == y_low:
        y_low, y_high = y_low - (abs(y_low) * 0.1 or 1), y_high + (abs(y_high) * 0.1 or 1)
    margin = (y_high - y_low) * 0.1
    y_low, y_high = y_low - margin, y_high + margin
    span_days = max(1, (last - first).days)

    def x_of(day: date) -> float:
        return plot_left + (day - first).days / span_days * (plot_right - plot_left)

    def y_of(value: float) -> float:
        return plot_bottom - (value - y_low) / (y_high - y_low) * (plot_bottom - plot_top)

    # Axes, grid and ticks.
    parts.append(
        f'<g class="axes" stroke="#999"><line x1="{plot_left}" y1="{plot_bottom}" '
        f'x2="{plot_right}" y2="{plot_bottom}"/><line x1="{plot_left}" y1="{plot_top}" '
        f'x2="{plot_left}" y2="{plot_bottom}"/></g>'
    )
    for tick in nice_ticks(y_low, y_high):
        y = y_of(tick)
        parts.append(
            f'<line x1="{plot_left}" y1="{y:.1f}" x2="{plot_right}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{plot_left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
    for tick in date_ticks(first, last):
        x = x_of(tick)
        label = str(tick.year) if tick.month == 1 else tick.strftime("%b %Y")
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_bottom}" x2="{x:.1f}" y2="{plot_bottom + 4}" '
            f'stroke="#999"/><text x="{x:.1f}" y="{plot_bottom + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if unit:
        parts.append(
            f'<text x="14" y="{(plot_top + plot_bottom) / 2}" text-anchor="middle" '
            f'transform="rotate(-90 14 {(plot_top + plot_bottom) / 2})">{escape(unit)}</text>'
        )

    # One bar per claim.
    for point in sorted(points, key=lambda p: (_centre(p), p.claim_id)):
        colour = colours[point.outlet]
        x = x_of(_centre(point))
        top = plot_top if point.high is None else y_of(point.high)
        bottom = plot_bottom if point.low is None else y_of(point.low)
        if bottom - top < MIN_BAR_HEIGHT:
            middle = (top + bottom) / 2
            top, bottom = middle - MIN_BAR_HEIGHT / 2, middle + MIN_BAR_HEIGHT / 2
        classes = "bar conflict" if point.conflicting else "bar"
        stroke = f' stroke="{CONFLICT_COLOUR}" stroke-width="2"' if point.conflicting else ""
        tooltip = f"#{point.claim_id} {point.outlet}: {point.label}"
        parts.append(
            f'<g class="claim" data-claim="{point.claim_id}"><title>{escape(tooltip)}</title>'
        )
        if point.until and point.until > point.when:
            y = (top + bottom) / 2
            parts.append(
                f'<line class="scope" x1="{x_of(point.when):.1f}" y1="{y:.1f}" '
                f'x2="{x_of(point.until):.1f}" y2="{y:.1f}" stroke="{colour}" '
                'stroke-opacity="0.4" stroke-width="2"/>'
            )
        parts.append(
            f'<rect class="{classes}" x="{x - BAR_WIDTH / 2:.1f}" y="{top:.1f}" '
            f'width="{BAR_WIDTH}" height="{bottom - top:.1f}" fill="{colour}" '
            f'fill-opacity="0.8"{stroke}/>'
        )
        if point.high is None:
            parts.append(_arrow(x, plot_top, up=True, colour=colour))
        if point.low is None:
            parts.append(_arrow(x, plot_bottom, up=False, colour=colour))
        parts.append("</g>")

    # Legend: outlets, then the marks.
    entries = [(f'<rect width="10" height="10" fill="{colours[o]}"/>', o) for o in outlets]
    entries.append(
        (
            f'<rect width="10" height="10" fill="none" stroke="{CONFLICT_COLOUR}" '
            'stroke-width="2"/>',
            "in conflict",
        )
    )
    entries.append((_arrow(5, 7, up=True, colour="#555"), "open-ended (more than / up to)"))
    column = (width - MARGIN_LEFT) / 4
    for i, (swatch, name) in enumerate(entries):
        x = MARGIN_LEFT + (i % 4) * column
        y = height + (i // 4) * LEGEND_ROW
        parts.append(
            f'<g class="legend" transform="translate({x:.1f},{y})">{swatch}'
            f'<text x="16" y="9">{escape(name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _arrow(x: float, y: float, *, up: bool, colour: str) -> str:
    tip = y - ARROW if up else y + ARROW
    base = y + ARROW / 2 if up else y - ARROW / 2
    return (
        f'<polygon class="open-end" points="{x - ARROW / 2 - 1:.1f},{base:.1f} '
        f'{x + ARROW / 2 + 1:.1f},{base:.1f} {x:.1f},{tip:.1f}" fill="{colour}"/>'
    )
