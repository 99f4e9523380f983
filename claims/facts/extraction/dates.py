"""Reading dates as intervals with a granularity.

Resolution rules (``published`` is the article's publication date):

* a year alone ("in 2015") is the whole year; "since 2015" is an ``open`` span
  from 2015-01-01 to ``published`` -- or, without a publication date, the year
  itself (2015-01-01..2015-12-31) with granularity ``open``;
* a month or part of a month without a year ("in August", "mid-May") is the most
  recent such month that starts on or before ``published``;
* a day without a year ("Sunday, September 4") is the latest such date not after
  ``published`` + 7 days;
* after "until", "till", "next", "ahead of", "scheduled for" the earliest such
  month/day ending on or after ``published`` is taken instead;
* a weekday alone ("on Friday") is the most recent one on or before ``published``
  (the next one after "next", "until", "ahead of" ...);
* parts: early = days 1-10, mid = 11-20, late / end of = 21-end of a month;
  early = Jan-Apr, mid = May-Aug, late = Sep-Dec, start of = Jan-Mar,
  end of = Oct-Dec, first/second half of a year;
* "today", "yesterday", "last year", "this month", "earlier this year" ... are
  relative to ``published``.

Expressions that need ``published`` but have none are not emitted; their span
is still reported as masked so that their numbers are not read as quantities.
Clock times, decades ("the 1990s") and ambiguous numeric dates are masked too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .hedges import hedge_before
from .numbers import is_sentence_start, wordlist
from .periods import (
    MONTHS,
    WEEKDAYS,
    month_num,
    month_part,
    month_span,
    resolve_day,
    resolve_month_year,
    safe_date,
    year_part,
)
from .records import DateSpan
from .spans import SpanMask
from .units import match_currency_before, match_unit_after

_FULL_MONTH = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH = rf"(?P<mon>(?:{_FULL_MONTH})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_WEEKDAY = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?)"
)
_WD_PREFIX = rf"(?:(?P<wd>{_WEEKDAY}),?[ \u00a0]+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:,.]\d|\w)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\w%]|[.,]\d)"
_SP = r"[ \u00a0]+"
_MONTH_PART = (
    r"(?P<part>(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|(?:the\s+)?(?:first|second|last)\s+(?:half|week|days?)\s+of))"
)
_YEAR_PART = (
    r"(?P<part>(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|(?:the\s+)?(?:first|second)\s+half\s+of))"
)
_TZ = r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|HKT|JST|KST|WAT|ET|PT)\b"

_FORWARD_RE = re.compile(
    r"(?i)\b(?:until|till|next|ahead\s+of|scheduled\s+for|due\s+on|due)\s+(?:on\s+)?(?:the\s+)?$"
)
_SINCE_RE = re.compile(r"(?i)\bsince\s+$")
_RANGE_OPEN_RE = re.compile(r"(?i)\b(?P<w>between|from)\s+$")
_RANGE_JOIN_RE = re.compile(r"(?i)\s*(?:-|–|—|to|and|until|till|through|thru)\s*")
_COUNT_NOUNS = frozenset(
    wordlist(
        """people persons deaths dead cases jobs votes soldiers troops workers students children
    refugees migrants attacks homes houses families residents patients members employees
    civilians fighters prisoners voters signatures units households companies schools
    villages men women individuals customers passengers pupils teachers doctors nurses
    officers police staff victims casualties injured wounded displaced arrests beds tests
    vehicles cars trucks flights infections"""
    )
)


_NEXT_WORD_RE = re.compile(r"\s+(?:(?:more|new|other|additional)\s+)?([a-z]+)")
_NEXT_CAPITALISED_RE = re.compile(r"[ \u00a0]+([A-Z][a-z]+)")


@dataclass
class _Found:
    start: int
    end: int
    dates: tuple[date, date] | None  # None: masked only
    granularity: str = ""
    kind: str = ""


class _Reader:
    """Collects date expressions, most specific patterns first, without overlaps."""

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.found: list[_Found] = []
        self.mask = SpanMask(len(text))

    def free(self, start: int, end: int) -> bool:
        return self.mask.free(start, end)

    def add(
        self, start: int, end: int, dates: tuple[date, date] | None, gran: str, kind: str
    ) -> None:
        if dates is not None and dates[0] > dates[1]:
            dates = None
        self.found.append(_Found(start, end, dates, gran, kind))
        self.mask.add(start, end)

    def forward(self, start: int) -> bool:
        return _FORWARD_RE.search(self.text, max(0, start - 30), start) is not None

    def run(self, pattern: str, handler: Callable[[re.Match[str]], None]) -> None:
        for m in re.finditer(pattern, self.text):
            if self.free(m.start(), m.end()):
                handler(m)


def _year_is_quantity(text: str, start: int, end: int) -> bool:
    """Whether a 4-digit number that looks like a year is rather a count or amount."""
    if match_currency_before(text, start) or hedge_before(text, start):
        return True
    if match_unit_after(text, end, allow_filler=False):
        return True
    nxt = _NEXT_WORD_RE.match(text, end)
    return bool(nxt and nxt.group(1) in _COUNT_NOUNS)


_QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SMALL = {w: i + 2 for i, w in enumerate(wordlist("two three four five six seven eight nine ten"))}


def find_dates(
    text: str, published: date | None = None
) -> tuple[list[DateSpan], list[tuple[int, int]]]:
    """Return the dates read in ``text`` and the spans (dates included) to hide from quantities."""
    r = _Reader(text, published)
    pub = published

    def mask(m: re.Match[str]) -> None:
        r.add(m.start(), m.end(), None, "", "mask")

    # clock times and time zones: "6:36 p.m.", "4am", "2010 GMT", "24/7"
    r.run(rf"\b\d{{1,2}}(?:[:.]\d{{2}})?[ \u00a0]*(?:[ap]\.m\.|[ap]m\b|[AP]M\b|{_TZ})", mask)
    r.run(r"\b\d{1,2}[:.]\d{2}[ \u00a0]*hrs?\b|\b\d{4}[ \u00a0]?hrs\b", mask)
    r.run(rf"\b\d{{3,4}}[ \u00a0]*{_TZ}", mask)
    r.run(r"\b\d{1,2}:\d{2}(?::\d{2})?\b", mask)
    r.run(r"\b24/7\b", mask)

    def iso(m: re.Match[str]) -> None:
        d = safe_date(int(m[1]), int(m[2]), int(m[3]))
        r.add(m.start(), m.end(), (d, d) if d else None, "day", "day")

    r.run(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])", iso)

    def numeric(m: re.Match[str]) -> None:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
        d = safe_date(y, a, b) if b > 12 else safe_date(y, b, a) if a > 12 else None
        r.add(m.start(), m.end(), (d, d) if d else None, "day", "day")

    r.run(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", numeric)

    def day_range(m: re.Match[str]) -> None:
        """ "12 to 15 June 2021", "between May 1 and 7": one month, two days."""
        month, d1, d2 = month_num(m["mon"]), int(m["d1"]), int(m["d2"])
        if m["join"].strip().lower() == "and" and not m["open"]:
            return  # "May 1 and 7 people": "and" joins days only after "between"
        if not 1 <= d1 < d2 <= 31:
            return
        span = None
        if m["year"]:
            a, b = safe_date(int(m["year"]), month, d1), safe_date(int(m["year"]), month, d2)
        elif pub:
            b = resolve_day(month, d2, pub, r.forward(m.start()))
            a = safe_date(b.year, month, d1) if b else None
        else:
            a = b = None
        if a and b:
            span = (a, b)
        r.add(m.start(), m.end(), span, "day", "day")

    _open = r"(?:(?P<open>(?i:between|from))[ \u00a0]+)?"
    _join = r"(?P<join>[ \u00a0]*(?:-|–|—|(?i:to|and|until|till|through|thru))[ \u00a0]*)"
    _d1 = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
    _d2 = r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:,.]\d|\w)"
    r.run(
        rf"{_open}(?:the{_SP})?{_d1}{_join}{_d2}(?:{_SP}of)?{_SP}{_MONTH}(?:,?{_SP}{_YEAR})?",
        day_range,
    )
    r.run(
        rf"{_open}{_MONTH}{_SP}{_d1}{_join}{_d2}(?![ \u00a0]*(?:{_FULL_MONTH}|[A-Z][a-z]{{2}}\b))"
        rf"(?:,?{_SP}{_YEAR})?",
        day_range,
    )

    def full_day(m: re.Match[str]) -> None:
        d = safe_date(int(m["year"]), month_num(m["mon"]), int(m["day"]))
        r.add(m.start(), m.end(), (d, d) if d else None, "day", "day")

    r.run(rf"{_WD_PREFIX}{_MONTH}{_SP}{_DAY},?{_SP}{_YEAR}", full_day)
    r.run(rf"{_WD_PREFIX}(?:the{_SP})?{_DAY}(?:{_SP}of)?{_SP}{_MONTH},?{_SP}{_YEAR}", full_day)

    def on_month_part(m: re.Match[str]) -> None:
        month = month_num(m["mon"])
        if m["year"]:
            year: int | None = int(m["year"])
        elif pub:
            year = resolve_month_year(month, pub, r.forward(m.start()))
        else:
            year = None
        span = month_part(year, month, m["part"]) if year else None
        r.add(m.start(), m.end(), span, "part_of_month", "month")

    r.run(rf"\b{_MONTH_PART}[ \u00a0]*-?[ \u00a0]*{_MONTH}(?:,?{_SP}{_YEAR})?", on_month_part)

    def month_year(m: re.Match[str]) -> None:
        r.add(m.start(), m.end(), month_span(int(m["year"]), month_num(m["mon"])), "month", "month")

    r.run(rf"{_MONTH},?(?:{_SP}of)?{_SP}{_YEAR}", month_year)

    def on_year_part(m: re.Match[str]) -> None:
        r.add(m.start(), m.end(), year_part(int(m["year"]), m["part"]), "part_of_year", "year")

    r.run(rf"\b{_YEAR_PART}[ \u00a0]*-?[ \u00a0]*(?<![\d,.]){_YEAR}", on_year_part)

    def on_relative_year_part(m: re.Match[str]) -> None:
        span = None
        if pub:
            offset = {"last": -1, "this": 0, "next": 1, "the": 0}[m["rel"].lower()]
            span = year_part(pub.year + offset, m["part"])
        r.add(m.start(), m.end(), span, "part_of_year", "year")

    r.run(
        rf"\b{_YEAR_PART}[ \u00a0]*-?[ \u00a0]*(?P<rel>(?i:last|this|next|the))\s+(?i:year)\b",
        on_relative_year_part,
    )

    def year_pair(m: re.Match[str]) -> None:
        y1, y2 = int(m["y1"]), int(m["y2"])
        if len(m["y2"]) == 2:
            y2 = y1 // 100 * 100 + y2
        if y2 <= y1:
            return
        r.add(m.start(), m.end(), (date(y1, 1, 1), date(y2, 12, 31)), "year", "year")

    r.run(
        r"(?<![\w,.])(?P<y1>(?:1[89]|20)\d\d)[-–/](?P<y2>(?:1[89]|20)\d\d|\d\d)(?![\w%-]|[.,]\d)",
        year_pair,
    )

    def quarter(m: re.Match[str]) -> None:
        q = int(m["q"] or m["q2"] or _QUARTER_ORDINALS[m["ord"].lower()])
        if m["year"]:
            year: int | None = int(m["year"])
        else:
            year = pub.year - 1 if pub else None
        span = None
        if year:
            span = (date(year, 3 * q - 2, 1), month_span(year, 3 * q)[1])
        r.add(m.start(), m.end(), span, "part_of_year", "year")

    r.run(
        r"\b(?:(?i:the)\s+)?(?:(?P<ord>(?i:first|second|third|fourth))[\s-]+(?i:quarter)"
        r"|Q(?P<q>[1-4])|(?i:quarter)\s+(?P<q2>[1-4]))(?:\s*\([^)]{0,24}\))?"
        r"(?:,?\s+(?:(?i:of)\s+)?(?P<year>(?:1[89]|20)\d\d)\b|\s+(?i:a\s+year\s+ago|last\s+year)\b)",
        quarter,
    )

    def month_day(m: re.Match[str]) -> None:
        month, day = month_num(m["mon"]), int(m["day"])
        if not 1 <= day <= 31:
            return
        d = resolve_day(month, day, pub, r.forward(m.start())) if pub else None
        r.add(m.start(), m.end(), (d, d) if d else None, "day", "day")

    r.run(rf"{_WD_PREFIX}{_MONTH}{_SP}{_DAY}", month_day)
    r.run(rf"{_WD_PREFIX}(?:the{_SP})?{_DAY}(?:{_SP}of)?{_SP}{_MONTH}", month_day)

    def relative_day(m: re.Match[str]) -> None:
        word = " ".join(m[0].lower().split())
        if m[0][0].isupper() and not is_sentence_start(text, m.start()):
            return  # NBC's "Today" show
        if pub is None:
            return
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}
        d = pub + timedelta(days=offset[word])
        r.add(m.start(), m.end(), (d, d), "day", "day")

    r.run(r"\b(?i:today|tonight|yesterday|tomorrow|last\s+night)\b", relative_day)

    def ordinal_day(m: re.Match[str]) -> None:
        """ "on the 3rd": that day of the publication's month (else of the month before)."""
        if pub is None:
            return
        day = int(m["n"])
        d = safe_date(pub.year, pub.month, day) if day <= pub.day else None
        if d is None:
            idx = pub.year * 12 + pub.month - 2
            d = safe_date(idx // 12, idx % 12 + 1, day)
        if d:
            r.add(m.start(), m.end(), (d, d), "day", "day")

    r.run(
        r"\b(?i:on|by|since|until)\s+the\s+(?P<n>[1-3]?\d)(?:st|nd|rd|th)\b(?![ \u00a0]+(?i:of)\b)",
        ordinal_day,
    )

    def relative_week(m: re.Match[str]) -> None:
        if pub is None:
            return
        word = " ".join(m[0].lower().split())
        if word == "last weekend":
            sunday = pub - timedelta(days=(pub.weekday() + 1) % 7 or 7)
            r.add(m.start(), m.end(), (sunday - timedelta(days=1), sunday), "day", "day")
        elif word == "last week":
            monday = pub - timedelta(days=pub.weekday() + 7)
            r.add(m.start(), m.end(), (monday, monday + timedelta(days=6)), "day", "day")
        elif m["wd"]:
            wd = WEEKDAYS[m["wd"].lower()]
            d = pub - timedelta(days=(pub.weekday() - wd) % 7 or 7)
            r.add(m.start(), m.end(), (d, d), "day", "day")
        else:
            n = m["n"].lower()
            count = int(n) if n.isdigit() else {"a": 1, "an": 1, "one": 1}.get(n, _SMALL.get(n, 0))
            days = count * (7 if m["u"].lower().startswith("week") else 1)
            if days:
                d = pub - timedelta(days=days)
                r.add(m.start(), m.end(), (d, d), "day", "day")

    r.run(
        r"\b(?i:last\s+week(?:end)?\b|last\s+(?P<wd>monday|tuesday|wednesday|thursday|friday"
        r"|saturday|sunday)\b|(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
        r"\s+(?P<u>weeks?|days?)\s+ago\b)",
        relative_week,
    )

    def relative_period(m: re.Match[str]) -> None:
        if pub is None:
            return
        word = " ".join(m[0].lower().split())
        if word in ("earlier this year", "so far this year"):
            r.add(m.start(), m.end(), (date(pub.year, 1, 1), pub), "part_of_year", "year")
            return
        if word == "later this year":
            r.add(m.start(), m.end(), (pub, date(pub.year, 12, 31)), "part_of_year", "year")
            return
        offset = {"last": -1, "this": 0, "next": 1, "the": 0}[m["rel"].lower()]
        if m["unit"].lower() == "year":
            y = pub.year + offset
            r.add(m.start(), m.end(), (date(y, 1, 1), date(y, 12, 31)), "year", "year")
        else:
            idx = pub.year * 12 + pub.month - 1 + offset
            r.add(m.start(), m.end(), month_span(idx // 12, idx % 12 + 1), "month", "month")

    r.run(
        r"\b(?i:(?:earlier|later|so\s+far)\s+this\s+year|(?P<rel>last|this|next)\s+(?P<unit>year|month))\b",
        relative_period,
    )

    def relative_month(m: re.Match[str]) -> None:
        if pub is None:
            return
        month = month_num(m["mon"])
        rel = m["rel"].lower()
        year = pub.year + {"last": -1, "this": 0, "next": 1}[rel]
        r.add(m.start(), m.end(), month_span(year, month), "month", "month")

    r.run(rf"\b(?P<rel>(?i:last|this|next)){_SP}{_MONTH}", relative_month)

    def bare_month(m: re.Match[str]) -> None:
        word = m["mon"]
        trigger = m["trig"]
        if word == "May" and not trigger:
            return  # "May we take this opportunity"
        if not trigger and (_capitalised_neighbour(text, m.start(), m.end())):
            return  # "June Carter", "Carissa June"
        month = month_num(word)
        span = None
        if pub:
            year = resolve_month_year(month, pub, r.forward(m.start("mon")))
            span = month_span(year, month)
        r.add(m.start("mon"), m.end("mon"), span, "month", "month")

    triggers = "|".join(
        wordlist("in since until till by from during before after through of between and to last")
        + wordlist("this next")
    )
    r.run(
        rf"(?:\b(?P<trig>(?i:{triggers})){_SP})?(?P<mon>{_FULL_MONTH})\b(?![ \u00a0]*\d)",
        bare_month,
    )

    # decades: "the 1990s", "the 2000's" -- masked only
    r.run(r"\b(?:1[89]|20)\d0['’]?s\b", mask)

    def bare_year(m: re.Match[str]) -> None:
        if _year_is_quantity(text, m.start(), m.end()):
            return
        y = int(m["year"])
        r.add(m.start(), m.end(), (date(y, 1, 1), date(y, 12, 31)), "year", "year")

    r.run(rf"(?<![\w,.$€£¥/-]){_YEAR}(?!/)", bare_year)

    def weekday(m: re.Match[str]) -> None:
        if _capitalised_neighbour(text, m.start(), m.end()):
            return  # "Super Tuesday", "Black Friday", "Sunday Times"
        if pub is None:
            return
        wd = WEEKDAYS[m[0].lower()]
        if r.forward(m.start()):
            d = pub + timedelta(days=(wd - pub.weekday()) % 7)
        else:
            d = pub - timedelta(days=(pub.weekday() - wd) % 7)
        r.add(m.start(), m.end(), (d, d), "day", "day")

    r.run(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", weekday)

    found = sorted(r.found, key=lambda f: f.start)
    found = _merge_ranges(text, found)
    spans: list[DateSpan] = []
    for f in found:
        if f.dates is None:
            continue
        start = f.start
        lo, hi = f.dates
        gran = f.granularity
        since = _SINCE_RE.search(text, max(0, start - 10), start)
        if since:
            start = since.start()
            gran = "open"
            if pub is not None and pub >= lo:
                hi = pub
        spans.append(DateSpan(text[start : f.end], start, f.end, lo, hi, gran))
    masks = [(f.start, f.end) for f in found]
    return spans, masks


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """Join "between 2014 and 2021", "from October 2019 to March 2020", "2014-2021"."""
    out: list[_Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if (
            b is not None
            and a.dates
            and b.dates
            and a.dates[0] >= b.dates[0]
            and _RANGE_JOIN_RE.fullmatch(text, a.end, b.start)
            and _RANGE_OPEN_RE.search(text, max(0, a.start - 12), a.start)
        ):
            a = _same_year_as(text, a, b.dates[0].year)
        if b is not None and a.dates and b.dates and a.dates[0] < b.dates[0]:
            join = _RANGE_JOIN_RE.fullmatch(text, a.end, b.start)
            opener = _RANGE_OPEN_RE.search(text, max(0, a.start - 12), a.start)
            word = join.group(0).strip().lower() if join else ""
            opened = opener is not None and (word != "and" or opener["w"].lower() == "between")
            dashed = word in ("-", "–", "until", "till", "through", "thru") and a.kind == b.kind
            ok = join is not None and (opened or dashed)
            if ok:
                start = opener.start() if opener else a.start
                gran = a.granularity if a.granularity == b.granularity else "open"
                out.append(_Found(start, b.end, (a.dates[0], b.dates[1]), gran, a.kind))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _same_year_as(text: str, a: _Found, year: int) -> _Found:
    """A year-less range start ("from January 1 through September 13, 2020") takes the
    year of its end when that puts it first."""
    if a.dates is None or re.search(r"\d{4}", text[a.start : a.end]):
        return a
    lo, hi = a.dates
    try:
        moved = (lo.replace(year=year), hi.replace(year=year + hi.year - lo.year))
    except ValueError:
        return a
    return _Found(a.start, a.end, moved, a.granularity, a.kind)


def _capitalised_neighbour(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word touches this one (it is then part of a name)."""
    after = _NEXT_CAPITALISED_RE.match(text, end)
    if after and after.group(1).lower() not in MONTHS and after.group(1).lower() not in WEEKDAYS:
        return True
    before = re.search(r"([A-Z][a-z]+)[ \u00a0]+$", text[max(0, start - 30) : start])
    if before and not is_sentence_start(text, start - len(before.group(0))):
        word = before.group(1).lower()
        return word not in MONTHS and word not in WEEKDAYS and word not in _TRIGGER_CAPS
    return False


_TRIGGER_CAPS = frozenset(wordlist("in on since until by from during before after last this next"))
