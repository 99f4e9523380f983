"""A fact's identity: (subject, measure, time scope or event), read from the sentence and its
article, never from the words next to the number alone (pure: no ORM, no settings).

- **Head figure and measure**: the cue phrase nearest a figure whose unit fits the cue's
  measure ("2,053 people were dead" -> deaths). Figures that describe the event (a
  magnitude, a depth, a wind speed) are the head only when nothing else is measured.
- **Subject**: a place or an organisation, as the measure wants, named in the quote, else
  in its sentence, else in the article's title, lead and dateline, else the entity the
  article names most. Cities and regions count for their country (the most specific place is
  kept as the locality); demonyms for their country ("Nigerien"). Whoever is only cited
  ("according to the UN") is not the subject of a place measure.
- **Time**: the fact's own time, not the statement's. A date next to a reporting verb ("said
  on Sunday", "in a statement late on Sunday") is when it was said: for a toll it is the
  as-of day, for anything else it is used only when the fact has no date of its own. A toll's
  scope runs from its event's date (when known) to its as-of day; a flow's scope is its
  period; a level's is its date. Without a date, the publication day.
- **Event**: what the figure belongs to (an earthquake, a flood, an election), from the
  sentence or else the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .extraction import extract
from .extraction.entities import AliasIndex
from .extraction.numbers import wordlist
from .extraction.records import DateSpan, EntityMention, Extraction, Quantity
from .measures import DESCRIPTIVE, CueMatch, MeasureInfo, MeasureVocabulary, unit_dimensions
from .places import PlaceIndex, PlaceMention

TOLL, LEVEL, FLOW, RATE = "toll", "level", "flow", "rate"
COUNTRY, ORGANISATION = "country", "organisation"

# What a figure may belong to: a word -> the event's kind.
EVENT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        wordlist(
            """earthquake earthquakes quake quakes tremor tremors aftershock aftershocks séisme
    séismes tremblement"""
        ),
        "earthquake",
    ),
    **dict.fromkeys(
        wordlist(
            """cyclone cyclones hurricane hurricanes typhoon typhoons storm storms tornado
    tornadoes ouragan tempête"""
        ),
        "storm",
    ),
    **dict.fromkeys(
        wordlist("""flood floods flooding floodwaters inondations crue crues"""), "flood"
    ),
    **dict.fromkeys(
        wordlist("""wildfire wildfires fire fires blaze blazes bushfire incendie incendies feu"""),
        "fire",
    ),
    **dict.fromkeys(
        ["stampede", "crush", "bousculade"],
        "crowd crush",
    ),
    **dict.fromkeys(
        wordlist("""shipwreck capsized sank sinking boat vessel naufrage chavirement"""),
        "shipwreck",
    ),
    **dict.fromkeys(
        wordlist("""crash collision derailment accident train plane déraillement"""), "crash"
    ),
    **dict.fromkeys(["landslide", "landslides", "mudslide", "glissement"], "landslide"),
    **dict.fromkeys(["heatwave", "heat", "canicule"], "heatwave"),
    **dict.fromkeys(
        wordlist("""outbreak epidemic cholera mpox ebola measles pandemic covid épidémie"""),
        "outbreak",
    ),
    **dict.fromkeys(
        wordlist("""attack attacks bombing explosion blast ambush massacre attentat attaque"""),
        "attack",
    ),
    **dict.fromkeys(
        wordlist("""election elections polls vote referendum élection élections scrutin"""),
        "election",
    ),
    **dict.fromkeys(
        wordlist(
            """protest protests march rally demonstration demonstrations manifestation
    manifestations"""
        ),
        "protest",
    ),
    **dict.fromkeys(["war", "invasion", "guerre"], "war"),
}
_EVENT_RE = re.compile(r"\b(" + "|".join(sorted(EVENT_WORDS, key=len, reverse=True)) + r")\b", re.I)

_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|announced|announces|reported|reports|confirmed|confirms|"
    r"stated|added|declared|revised|clarified|estimated|according|statement|quoted|quoting|"
    r"briefing|update|updated|disclosed|put|a dit|a déclaré|a annoncé|ont annoncé|selon|"
    r"a indiqué|a précisé|communiqué)\b",
    re.I,
)
_AS_OF = re.compile(r"\b(?:as of|as at|by|so far|until|to date|jusqu'au|au)\s*$", re.I)
_CLAUSE = re.compile(r"[,;:()—–]|\s-\s")
_CONJUNCTION = re.compile(r"\b(?:and|while|whereas|but|or|et|mais|tandis que|alors que)\b", re.I)
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|across|within|among|inside|near|from|dans|parmi|en|au|aux)\s*$", re.I
)
_DURATIONS = frozenset({"year", "month", "day", "hour", "minute", "second"})
_CITED = re.compile(
    r"\b(?:according to|told|said|says|cited|citing|quoted|quoting|selon|d'après)\b", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“‘«(]?[A-Z0-9À-Ý])|\n+")


@dataclass(frozen=True)
class ArticleContext:
    """What the article says around a claim: its title, text and publication day."""

    title: str = ""
    body: str = ""
    published: date | None = None
    language: str = "en"
    title_cased: bool = True  # False for a headline taken from a web address


@dataclass(frozen=True)
class Subject:
    entity: str | None = None
    locality: str = ""


@dataclass(frozen=True)
class Identity:
    """What a claim's fact is about, and its figure or date."""

    entity: str | None
    locality: str
    measure: MeasureInfo | None
    event: str
    quantity: Quantity | None
    value_date: DateSpan | None
    scope_start: date | None
    scope_end: date | None
    cue: str = ""
    reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Resources:
    """The desk's vocabularies identity reads with."""

    aliases: AliasIndex
    places: PlaceIndex
    measures: MeasureVocabulary
    entity_kinds: dict[str, str]  # entity name -> kind (country, region, organisation...)
    country_names: dict[str, str]  # ISO alpha-2 -> the country entity's name


# --------------------------------------------------------------------------- sentences


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Col|Lt|Capt|Sgt|Prof|Inc|Ltd|Co|Corp|"
    r"No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)


def _boundaries(body: str, start: int = 0):
    """Sentence boundaries, but not after an abbreviation ("the U.N. Humanitarian Office")."""
    for m in _SENTENCE.finditer(body, start):
        if m.group(0).startswith("\n") or not _ABBREVIATION.search(body, 0, m.start()):
            yield m


def sentence_around(body: str, start: int, end: int) -> tuple[str, int]:
    """The sentence of `body` holding [start, end) (the quote may span several), and its
    offset in `body`."""
    left = 0
    for m in _boundaries(body):
        if m.end() > start:
            break
        left = m.end()
    right = len(body)
    m = next(_boundaries(body, end), None)
    if m is not None:
        right = m.start()
    return body[left:right], left


def lead(body: str, sentences: int = 2) -> str:
    text = body[:1500]
    cuts = [m.start() for m in _boundaries(text)][:sentences]
    return text[: cuts[-1]] if len(cuts) >= sentences else text


# --------------------------------------------------------------------------- head and measure


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _crosses_clause(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    return bool(_CLAUSE.search(text, lo, hi)) if lo < hi else False


def _between(text: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    return text[lo:hi] if lo < hi else ""


def _score(text: str, quantity: Quantity, cue: CueMatch, within: tuple[int, int]) -> float:
    """How well `cue` announces `quantity`: characters apart, plus penalties for what lies
    between them (another clause, a conjunction, a preposition of place before the figure)
    and a bonus for a cue inside the quote and for a specific (longer) cue."""
    span, cue_span = (quantity.start, quantity.end), (cue.start, cue.end)
    score = float(_distance(span, cue_span))
    between = _between(text, span, cue_span)
    if _crosses_clause(text, span, cue_span):
        score += 60
    if _CONJUNCTION.search(between):
        score += 40  # "56 killed and nearly 25,000 cases": the cue is another figure's
    if cue.end <= quantity.start and _PLACE_PREPOSITION.search(between):
        score += 30  # "destroyed in 20 villages": the figure counts the places
    if within[0] <= cue.start and cue.end <= within[1]:
        score -= 15  # the editor's selection holds it
    if text[quantity.end : quantity.end + 1] == "-":
        score += 80  # "the 20- to 30-metre-long vessel": a modifier, not a count
    return score - 2 * len(cue.phrase.split())


def head_and_measure(
    text: str, ex: Extraction, cues: list[CueMatch], *, within: tuple[int, int]
) -> tuple[Quantity | None, MeasureInfo | None, CueMatch | None]:
    """The figure the claim is about (inside `within`) and the measure its cue announces.

    Every figure of the sentence is paired with the cue that fits it best, the best pairs
    first and each cue used once ("one in seven people of Hong Kong's 7.48 million
    population, attended the march": "population" goes to 7.48 million, "attended" to the
    crowd); the claim's figure is then the quote's figure with the best pair."""
    pairs = []
    for q_index, quantity in enumerate(ex.quantities):
        dimensions = unit_dimensions(quantity.unit)
        for c_index, cue in enumerate(cues):
            for measure in cue.measures:
                if measure.dimension not in dimensions:
                    continue
                score = _score(text, quantity, cue, within)
                if measure.dimension in DESCRIPTIVE:
                    score += 200  # the head is what happened, not how strong it was
                pairs.append((score, q_index, c_index, measure))
    pairs.sort(key=lambda p: (p[0], p[1], p[2]))
    assigned: dict[int, tuple[float, MeasureInfo, CueMatch]] = {}
    used: set[int] = set()
    for score, q_index, c_index, measure in pairs:
        if q_index in assigned or c_index in used:
            continue
        assigned[q_index] = (score, measure, cues[c_index])
        used.add(c_index)
    inside = [
        i for i, q in enumerate(ex.quantities) if within[0] <= q.start and q.end <= within[1]
    ] or list(range(len(ex.quantities)))
    with_cue = [i for i in inside if i in assigned]
    if with_cue:
        best = min(with_cue, key=lambda i: (assigned[i][0], i))
        return ex.quantities[best], assigned[best][1], assigned[best][2]
    plain = [ex.quantities[i] for i in inside if ex.quantities[i].unit not in _DURATIONS]
    candidates = plain or [ex.quantities[i] for i in inside]
    return (candidates[0] if candidates else None), None, None


def date_measure(
    text: str, dates: list[DateSpan], cues: list[CueMatch], *, within: tuple[int, int]
) -> tuple[DateSpan | None, MeasureInfo | None, CueMatch | None]:
    """For a sentence with no figure: the date and the measure of what happened then."""
    candidates = [d for d in dates if within[0] <= d.start and d.end <= within[1]] or dates
    best = None
    for order, span in enumerate(candidates):
        for cue in cues:
            for measure in cue.measures:
                if measure.dimension != "date":
                    continue
                score = _distance((span.start, span.end), (cue.start, cue.end))
                if best is None or (score, order) < (best[0], best[1]):
                    best = (score, order, span, measure, cue)
    if best is not None:
        return best[2], best[3], best[4]
    return (candidates[0] if candidates else None), None, None


# --------------------------------------------------------------------------- subject


def _country_of(mention: EntityMention, resources: Resources) -> str | None:
    return mention.entity if resources.entity_kinds.get(mention.entity) == COUNTRY else None


def _cited(text: str, start: int) -> bool:
    """Whether the name at `start` is who said it ("according to the UN", "told Reuters")."""
    before = text[max(0, start - 30) : start]
    return bool(_CITED.search(before)) and not _CLAUSE.search(before[-12:])


def subject_in(
    text: str,
    resources: Resources,
    *,
    wants: str,
    cased: bool = True,
    near: int | None = None,
    countries: frozenset[str] = frozenset(),
) -> Subject | None:
    """The subject named in `text`: for a place measure the place nearest `near` (the head
    figure), for an organisation measure the first organisation; None if there is none."""
    entities = resources.aliases.find(text)
    if wants == ORGANISATION:
        orgs = [
            e
            for e in entities
            if resources.entity_kinds.get(e.entity) == ORGANISATION and not _cited(text, e.start)
        ]
        if orgs:
            return Subject(orgs[0].entity)
        if wants == ORGANISATION:
            return None
    taken = [(e.start, e.end) for e in entities]
    candidates: list[tuple[int, int, Subject]] = []
    for e in entities:
        country = _country_of(e, resources)
        kind = resources.entity_kinds.get(e.entity)
        if country:
            candidates.append((e.start, e.end, Subject(country)))
        elif kind == "region":
            candidates.append((e.start, e.end, Subject(None, e.entity)))
    known = frozenset(countries) | {
        code
        for code, name in resources.country_names.items()
        for c in candidates
        if c[2].entity == name
    }
    for place in resources.places.find(text, cased=cased, countries=known):
        if any(place.start < e and s < place.end for s, e in taken):
            continue
        country = resources.country_names.get(place.place.country)
        if country:
            candidates.append((place.start, place.end, Subject(country, _place_name(place))))
    if not candidates:
        return None
    if near is None:
        candidates.sort(key=lambda c: c[0])
    else:
        candidates.sort(key=lambda c: (_distance((c[0], c[1]), (near, near)), c[0]))
    chosen = candidates[0][2]
    if chosen.entity is None:
        return None
    if not chosen.locality:
        # A place inside the same country, named too, is the locality.
        for _s, _e, other in candidates[1:]:
            if other.entity == chosen.entity and other.locality:
                return Subject(chosen.entity, other.locality)
    return chosen


def _place_name(mention: PlaceMention) -> str:
    return mention.place.name


def _unpossess(headline: str, resources: Resources) -> str:
    """A headline spelt in an address lost its apostrophes ("greeces evros region"): give a
    name back its own form where the word minus its "s" is one ("greece")."""
    words = headline.split()
    for i, word in enumerate(words):
        if len(word) > 3 and word.endswith("s"):
            found = resources.aliases.find(word[:-1])
            if found and found[0].start == 0 and found[0].end == len(word) - 1:
                words[i] = word[:-1]
    return " ".join(words)


def most_named(text: str, resources: Resources, *, wants: str) -> Subject | None:
    counts: dict[str, int] = {}
    for e in resources.aliases.find(text):
        kind = resources.entity_kinds.get(e.entity)
        if (wants == ORGANISATION and kind == ORGANISATION) or (
            wants != ORGANISATION and kind == COUNTRY
        ):
            counts[e.entity] = counts.get(e.entity, 0) + 1
    if not counts:
        return None
    return Subject(max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0])


def resolve_subject(
    quote: str,
    sentence: str,
    quote_at: int,
    context: ArticleContext,
    resources: Resources,
    *,
    wants: str,
    head: int | None,
) -> tuple[Subject, str]:
    """The subject and where it was found (quote, sentence, title, lead, article)."""
    found = subject_in(
        quote, resources, wants=wants, near=None if head is None else head - quote_at
    )
    if found:
        return found, "quote"
    found = subject_in(sentence, resources, wants=wants, near=head)
    if found:
        return found, "sentence"
    if context.title:
        title = context.title if context.title_cased else _unpossess(context.title, resources)
        found = subject_in(title, resources, wants=wants, cased=context.title_cased)
        if found:
            return found, "title"
    if context.body:
        found = subject_in(lead(context.body), resources, wants=wants)
        if found:
            return found, "lead"
        found = most_named(context.body[:20_000], resources, wants=wants)
        if found:
            return found, "article"
    if wants == ORGANISATION:
        # An organisation measure about a place ("the budget of Kenya").
        return resolve_subject(
            quote, sentence, quote_at, context, resources, wants="place", head=head
        )
    return Subject(), ""


# --------------------------------------------------------------------------- time


def is_statement_date(text: str, span: DateSpan) -> bool:
    """Whether the date says when something was said rather than when the fact held."""
    before = text[max(0, span.start - 40) : span.start]
    after = text[span.end : span.end + 25]
    last_clause = _CLAUSE.split(before)[-1]
    words_before = last_clause.split()
    if _REPORTING.search(" ".join(words_before[-4:])):
        return True
    first_clause = _CLAUSE.split(after)[0]
    return bool(_REPORTING.search(" ".join(first_clause.split()[:3])))


def _in_coordinated_clause(text: str, span: DateSpan, within: tuple[int, int]) -> bool:
    """Whether the date stands after the quote in a clause of its own that a conjunction
    opens (", and not 79 as reported yesterday"): it says when something else was said."""
    if span.start < within[1]:
        return False
    boundaries = list(_CLAUSE.finditer(text, within[1], span.start))
    if not boundaries:
        return False
    clause = text[boundaries[-1].end() : span.start].lstrip()
    return bool(re.match(r"(?:and|but|while|whereas|or|et|mais)\b", clause, re.I))


def is_as_of_date(text: str, span: DateSpan) -> bool:
    return bool(_AS_OF.search(text[max(0, span.start - 15) : span.start]))


def _same_clause(text: str, span: DateSpan, within: tuple[int, int]) -> bool:
    if within[0] <= span.start and span.end <= within[1]:
        return True
    if span.end <= within[0]:
        return not _CLAUSE.search(text, span.end, within[0])
    return not _CLAUSE.search(text, within[1], span.start)


def resolve_time(
    text: str,
    dates: list[DateSpan],
    *,
    kind: str,
    within: tuple[int, int],
    published: date | None,
    value_date: DateSpan | None = None,
) -> tuple[date | None, date | None]:
    """The fact's time scope (see the module's docstring)."""
    said = [
        d
        for d in dates
        if d is not value_date
        and is_statement_date(text, d)
        and not _in_coordinated_clause(text, d, within)
    ]
    as_of = [d for d in dates if d is not value_date and is_as_of_date(text, d)]
    own = [
        d
        for d in dates
        if d is not value_date
        and d not in said
        and d not in as_of
        and _same_clause(text, d, within)
    ]
    if kind == TOLL:
        stamp = as_of[0].end_date if as_of else said[0].end_date if said else published
        if stamp is None and own:
            stamp = own[-1].end_date
        start = min(
            (d.start_date for d in own if stamp is None or d.start_date <= stamp), default=stamp
        )
        return start, stamp
    if own:
        if kind == FLOW:
            periods = [d for d in own if d.start_date != d.end_date] or own
            return periods[0].start_date, periods[0].end_date
        return own[0].start_date, own[0].end_date
    for group in (as_of, said):
        if group:
            return group[0].start_date, group[0].end_date
    return published, published


# --------------------------------------------------------------------------- event


_ORDINALS = {
    word: n
    for n, word in enumerate(
        wordlist("first second third fourth fifth sixth seventh eighth ninth tenth"), start=1
    )
}
_PART = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2})(?:st|nd|rd|th)?"
    r"\s+(phase|round|stage|leg)\b|\b(phase|round|stage|leg)\s+(\d{1,2})\b",
    re.I,
)


def event_of(*texts: str) -> str:
    """The kind of event the first text that names one belongs to ("" if none), with the
    part of it the figure is about ("election, phase 7": a phase is not the whole)."""
    part = next((p for p in map(_PART.search, texts) if p), None)
    for text in texts:
        m = _EVENT_RE.search(text or "")
        if m:
            event = EVENT_WORDS[m.group(1).lower()]
            if part:
                number = part.group(1) or part.group(4)
                n = _ORDINALS.get(number.lower(), number) if number else ""
                event = f"{event}, {(part.group(2) or part.group(3)).lower()} {n}"
            return event
    return ""


# --------------------------------------------------------------------------- all together


def identify(
    quote: str,
    *,
    context: ArticleContext,
    resources: Resources,
    quote_start: int | None = None,
) -> Identity:
    """The identity of the fact stated by `quote` (at `quote_start` in `context.body`)."""
    if quote_start is not None and context.body:
        sentence, offset = sentence_around(context.body, quote_start, quote_start + len(quote))
        quote_at = quote_start - offset
    else:
        sentence, quote_at = quote, 0
    if sentence[quote_at : quote_at + len(quote)] != quote:
        sentence, quote_at = quote, 0
    within = (quote_at, quote_at + len(quote))
    ex = extract(
        sentence,
        published=context.published,
        aliases=resources.aliases,
        language=context.language,
    )
    cues = resources.measures.find(sentence, context.language)
    quantity, measure, cue = head_and_measure(sentence, ex, cues, within=within)
    value_date = None
    if quantity is None:
        value_date, measure, cue = date_measure(sentence, ex.dates, cues, within=within)
    kind = measure.kind if measure else LEVEL
    wants = ORGANISATION if measure and measure.subject == ORGANISATION else "place"
    head = quantity.start if quantity else (value_date.start if value_date else None)
    subject, where = resolve_subject(
        quote, sentence, quote_at, context, resources, wants=wants, head=head
    )
    if value_date is not None and measure is not None:
        scope: tuple[date | None, date | None] = (None, None)
    else:
        scope = resolve_time(
            sentence,
            ex.dates,
            kind=kind,
            within=within,
            published=context.published,
            value_date=value_date,
        )
    event = event_of(sentence, context.title) if kind in (TOLL, LEVEL) else ""
    reasons = tuple(
        r
        for r in (
            f"measure from {cue.phrase!r}" if cue else "",
            f"subject from the {where}" if where else "",
        )
        if r
    )
    return Identity(
        entity=subject.entity,
        locality=subject.locality,
        measure=measure,
        event=event,
        quantity=quantity,
        value_date=value_date,
        scope_start=scope[0],
        scope_end=scope[1],
        cue=cue.phrase if cue else "",
        reasons=reasons,
    )
