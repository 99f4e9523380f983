"""Turning one sentence into a draft structured fact (``propose_fact``)."""

from __future__ import annotations

import re
from datetime import date

from . import extract
from .entities import AliasIndex
from .numbers import is_sentence_start, wordlist
from .records import DateSpan, Extraction, ProposedFact, Quantity
from .units import DURATION_UNITS

_STOPWORDS = frozenset(
    wordlist(
        """a about above after again against all almost also am among an and any approximately
    are around as at be because been before being below between both but by can could
    did do does doing down during each estimated few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just least
    less let like many may me might more most much must my myself near nearly no nor not
    now of off on once one only or other our ours ourselves out over own per roughly same
    say said says she should since so some such than that the their theirs them themselves
    then there these they this those through to too two under until up upon upwards very
    was we were what when where which while who whom why will with within would yet you
    your yours yourself yourselves three four five six seven eight nine ten hundred
    thousand thousands million millions billion billions dozens half third quarter
    according already another around still even ever every whose been being got get gets
    made make makes including include includes"""
    )
)
# Clause boundaries when reading words after a quantity.
_STOP_AFTER = frozenset(
    wordlist(
        """and but or while which who that according by when where as than since because
    after before until whereas although though if"""
    )
)
# Heads too generic to name an attribute: "a total of 6,000 masks" -> "masks".
_GENERIC_HEADS = frozenset(
    wordlist(
        """total number majority minority average figure sum amount tally count estimate
    maximum minimum record range"""
    )
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_BOUNDARY_RE = re.compile(r"[,;:.!?()\[\]\"“”—–]")
_MAX_WORDS = 4


def _excluded(ex: Extraction) -> list[tuple[int, int]]:
    spans = [(q.start, q.end) for q in ex.quantities]
    spans += [(d.start, d.end) for d in ex.dates]
    spans += [(e.start, e.end) for e in ex.entities]
    return spans


def _clean(word: str) -> str:
    norm = AliasIndex.normalise(word)
    for suffix in ("'s", "'"):
        if norm.endswith(suffix):
            norm = norm[: -len(suffix)]
    return norm


def _content(text: str, m: re.Match[str], excluded: list[tuple[int, int]]) -> str | None:
    """The normalised word, or None if it is a stop-word, a name or inside a span."""
    if any(s <= m.start() < e for s, e in excluded):
        return None
    word = m.group(0)
    if word[0].isupper() and not is_sentence_start(text, m.start()):
        return None  # a proper name
    norm = _clean(word)
    if not norm or norm in _STOPWORDS or len(norm) < 2:
        return None
    return norm


def _words_after(text: str, pos: int, excluded: list[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    for m in _WORD_RE.finditer(text, pos):
        if _BOUNDARY_RE.search(text, pos, m.start()):
            break
        pos = m.end()
        if m.group(0).lower() in _STOP_AFTER and out:
            break
        word = _content(text, m, excluded)
        if word:
            out.append(word)
            if len(out) >= _MAX_WORDS:
                break
    return out


def _words_before(text: str, pos: int, excluded: list[tuple[int, int]], limit: int) -> list[str]:
    out: list[str] = []
    matches = list(_WORD_RE.finditer(text, 0, pos))
    end = pos
    for m in reversed(matches):
        if _BOUNDARY_RE.search(text, m.end(), end):
            break
        end = m.start()
        word = _content(text, m, excluded)
        if word:
            out.insert(0, word)
            if len(out) >= limit:
                break
    return out


def _head_before_of(text: str, pos: int, excluded: list[tuple[int, int]]) -> list[str]:
    """For "a border of nearly 600 km", return ["border"]."""
    m = re.search(r"([^\W\d_]+(?:[ \t]+[^\W\d_]+)?)[ \t]+of[ \t]+$", text[max(0, pos - 60) : pos])
    if not m:
        return []
    start = max(0, pos - 60) + m.start(1)
    head: list[str] = []
    for w in _WORD_RE.finditer(text, start, start + len(m.group(1))):
        word = _content(text, w, excluded)
        head = [*head, word] if word else []
    if head and head[-1] in _GENERIC_HEADS:
        return []
    return head[-2:]


def _attribute(text: str, start: int, end: int, ex: Extraction) -> str:
    excluded = _excluded(ex)
    words = _head_before_of(text, start, excluded)
    if not words:
        words = _words_after(text, end, excluded)
    if not words:
        words = _words_before(text, start, excluded, _MAX_WORDS)
    return " ".join(words)


def _main_quantity(quantities: list[Quantity]) -> Quantity | None:
    for q in quantities:
        if q.unit not in DURATION_UNITS:
            return q
    return quantities[0] if quantities else None


def _scope(dates: list[DateSpan], published: date | None) -> tuple[date | None, date | None]:
    if dates:
        return dates[0].start_date, dates[0].end_date
    if published is not None:
        return published, published
    return None, None


def propose_fact(
    text: str, *, published: date | None = None, aliases: AliasIndex | None = None
) -> ProposedFact:
    """Propose a draft fact: the main quantity (else the main date as an event),
    the first entity, a normalised attribute key and the time scope."""
    ex = extract(text, published=published, aliases=aliases)
    entity = ex.entities[0].entity if ex.entities else None
    quantity = _main_quantity(ex.quantities)
    if quantity is not None:
        scope_start, scope_end = _scope(ex.dates, published)
        return ProposedFact(
            entity=entity,
            attribute=_attribute(text, quantity.start, quantity.end, ex),
            value_low=quantity.low,
            value_high=quantity.high,
            unit=quantity.unit,
            hedge=quantity.hedge,
            event_start=None,
            event_end=None,
            event_granularity="",
            scope_start=scope_start,
            scope_end=scope_end,
        )
    event = ex.dates[0] if ex.dates else None
    scope_start, scope_end = _scope(ex.dates[1:], published)
    if event is not None:
        excluded = _excluded(ex)
        words = _words_before(text, event.start, excluded, _MAX_WORDS)
        attribute = " ".join(words or _words_after(text, event.end, excluded))
    else:
        attribute = " ".join(_words_after(text, 0, _excluded(ex)))
    return ProposedFact(
        entity=entity,
        attribute=attribute,
        value_low=None,
        value_high=None,
        unit="",
        hedge="",
        event_start=event.start_date if event else None,
        event_end=event.end_date if event else None,
        event_granularity=event.granularity if event else "",
        scope_start=scope_start,
        scope_end=scope_end,
    )
