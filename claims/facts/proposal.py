"""The draft fact the desk proposes for a quote: its identity and its figure or date, for an
editor to confirm or correct (pure: the caller passes the article and the vocabularies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .identity import ArticleContext, Resources, identify


@dataclass(frozen=True)
class ProposedFact:
    """A draft structured fact: names, not ids (the caller resolves them)."""

    entity: str | None
    locality: str
    measure: str | None  # a measure's slug
    event: str
    value_low: float | None
    value_high: float | None
    unit: str
    hedge: str
    event_start: date | None
    event_end: date | None
    event_granularity: str
    scope_start: date | None
    scope_end: date | None
    cue: str = ""
    reasons: tuple[str, ...] = ()


def propose_fact(
    quote: str,
    *,
    resources: Resources,
    context: ArticleContext | None = None,
    quote_start: int | None = None,
) -> ProposedFact:
    """Propose the fact `quote` states: the figure the measure is about (else the date of
    what happened), the subject, the measure, the event and the time scope."""
    context = context or ArticleContext()
    found = identify(quote, context=context, resources=resources, quote_start=quote_start)
    q, d = found.quantity, found.value_date
    return ProposedFact(
        entity=found.entity,
        locality=found.locality,
        measure=found.measure.slug if found.measure else None,
        event=found.event,
        value_low=q.low if q else None,
        value_high=q.high if q else None,
        unit=q.unit if q else "",
        hedge=q.hedge if q else "",
        event_start=d.start_date if d and not q else None,
        event_end=d.end_date if d and not q else None,
        event_granularity=d.granularity if d and not q else "",
        scope_start=found.scope_start,
        scope_end=found.scope_end,
        cue=found.cue,
        reasons=found.reasons,
    )
