"""Structured-fact extraction from English news sentences.

Pure Python (stdlib only).  Public API::

    from claims.facts.extraction import (
        extract, Quantity, DateSpan, EntityMention, Extraction, AliasIndex,
    )

``extract`` proposes quantities (intervals with a hedge and a normalised unit),
dates (intervals with a granularity) and entity mentions (via an
:class:`AliasIndex`). Which of them a claim is about -- its subject, measure and time -- is
read by :mod:`claims.facts.identity`.  The reading rules are documented in the
submodules: ``numbers`` (written precision), ``quantities`` (hedges), ``units`` (unit
vocabulary) and ``dates`` (date resolution).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .dates import find_dates
from .entities import AliasIndex
from .french import to_english
from .hedges import HEDGE_VOCABULARY
from .quantities import find_quantities
from .records import DateSpan, EntityMention, Extraction, Quantity
from .units import UNIT_VOCABULARY

__all__ = [
    "HEDGE_VOCABULARY",
    "UNIT_VOCABULARY",
    "AliasIndex",
    "DateSpan",
    "EntityMention",
    "Extraction",
    "Quantity",
    "extract",
]


def extract(
    text: str,
    *,
    published: date | None = None,
    aliases: AliasIndex | None = None,
    language: str = "en",
) -> Extraction:
    """Read quantities, dates and (with ``aliases``) entity mentions from ``text``.

    ``published`` anchors relative and year-less dates ("yesterday", "mid-May").
    Numbers inside dates and entity mentions are not read as quantities. ``language`` is
    the article's language: French text ("fr") is read through :mod:`.french`.
    """
    if (language or "en")[:2].lower() == "fr":
        return _extract_french(text, published=published, aliases=aliases)
    dates, masked = find_dates(text, published)
    entities = aliases.find(text) if aliases is not None else []
    masked = masked + [(e.start, e.end) for e in entities]
    quantities = find_quantities(text, masked)
    return Extraction(text=text, quantities=quantities, dates=dates, entities=entities)


def _extract_french(text: str, *, published: date | None, aliases: AliasIndex | None) -> Extraction:
    english, start_of, end_of = to_english(text)
    inverse: dict[int, int] = {}
    for b, p in enumerate(start_of):
        inverse.setdefault(p, b)
    entities = aliases.find(text) if aliases is not None else []
    dates, masked = find_dates(english, published)
    masked = masked + [
        (inverse.get(e.start, 0), inverse.get(e.end, len(english))) for e in entities
    ]
    found = find_quantities(english, masked)

    def back(item):
        start, end = start_of[item.start], end_of[item.end]
        return replace(item, text=text[start:end], start=start, end=end)

    return Extraction(
        text=text,
        quantities=[back(q) for q in found],
        dates=[back(d) for d in dates],
        entities=entities,
    )
