"""Result records shared by the extractor modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Quantity:
    """A number read from the text, as an interval in a normalised unit.

    ``low``/``high`` are ``None`` when the interval is unbounded on that side.
    ``hedge`` is one of ``exact``, ``about``, ``nearly``, ``more_than``,
    ``at_least``, ``less_than``, ``up_to``, ``between``, ``order_of_magnitude``.
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str
    hedge: str


@dataclass(frozen=True)
class DateSpan:
    """A date expression read as the closed interval ``start_date..end_date``.

    ``granularity`` is one of ``day``, ``month``, ``year``, ``part_of_month``,
    ``part_of_year`` or ``open`` (a "since ..." span).
    """

    text: str
    start: int
    end: int
    start_date: date
    end_date: date
    granularity: str


@dataclass(frozen=True)
class EntityMention:
    """A span of the text matched to a canonical entity name."""

    text: str
    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one piece of text."""

    text: str
    quantities: list[Quantity]
    dates: list[DateSpan]
    entities: list[EntityMention]

    def as_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary (dates as ISO strings)."""
        return {
            "text": self.text,
            "quantities": [
                {"text": q.text, "low": q.low, "high": q.high, "unit": q.unit, "hedge": q.hedge}
                for q in self.quantities
            ],
            "dates": [
                {
                    "text": d.text,
                    "start": d.start_date.isoformat(),
                    "end": d.end_date.isoformat(),
                    "granularity": d.granularity,
                }
                for d in self.dates
            ],
            "entities": [{"text": e.text, "entity": e.entity} for e in self.entities],
        }
