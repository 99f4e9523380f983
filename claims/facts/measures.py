"""Reading which measure a figure is about from the phrases around it (pure, no ORM).

A `MeasureVocabulary` holds the cue phrases of every measure; `find` returns each cue in a
text (whole words, case- and accent-insensitive, longest first, not overlapping) with the
measures it may announce. Which one a figure belongs to is decided by the figure's unit:
`compatible(unit, dimension)` says whether a figure in `unit` can measure `dimension`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# The dimensions a figure of each normalised unit may measure (see extraction.units).
_UNIT_DIMENSIONS: dict[str, frozenset[str]] = {
    "count": frozenset({"people", "count", "magnitude"}),
    "": frozenset({"people", "count", "magnitude"}),
    "percent": frozenset({"percent"}),
    "percentage_point": frozenset({"percent"}),
    "m": frozenset({"length"}),
    "m2": frozenset({"area"}),
    "m3": frozenset({"volume"}),
    "kg": frozenset({"mass"}),
    "t": frozenset({"mass"}),
    "m/s": frozenset({"speed"}),
    "m3/s": frozenset({"speed"}),
    "degC": frozenset({"temperature"}),
    "degF": frozenset({"temperature"}),
    "degree": frozenset({"temperature"}),
    "year": frozenset({"duration"}),
    "month": frozenset({"duration"}),
    "day": frozenset({"duration"}),
    "hour": frozenset({"duration"}),
    "minute": frozenset({"duration"}),
    "second": frozenset({"duration"}),
}
# Dimensions that describe an event rather than count its consequences: a figure of one of
# them is the claim's head only when the sentence has no other.
DESCRIPTIVE = frozenset({"magnitude", "length", "speed", "temperature", "duration"})


def unit_dimensions(unit: str) -> frozenset[str]:
    """The dimensions a figure in `unit` may measure."""
    if unit in _UNIT_DIMENSIONS:
        return _UNIT_DIMENSIONS[unit]
    if unit.startswith("per_"):
        return frozenset({"rate"})
    if unit.endswith("/s") or unit.endswith("/h") or "/" in unit:
        return frozenset({"speed", "rate"})
    if (len(unit) == 3 and unit.isupper()) or unit in ("FCFA", "CFA"):
        return frozenset({"money"})
    return frozenset()


def compatible(unit: str, dimension: str) -> bool:
    return dimension in unit_dimensions(unit)


def normalise(text: str) -> str:
    """The matching form of a phrase or text: accents dropped, casefolded, one space, straight
    apostrophes. Keeps the length of `text` for single characters, so offsets carry over."""
    out = []
    for ch in text.replace("’", "'"):
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)) or ch
        out.append(base[0].casefold() if len(base[0].casefold()) == 1 else base[0])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What identity needs to know of a measure."""

    id: int
    slug: str
    name: str
    dimension: str
    kind: str
    subject: str


@dataclass(frozen=True, slots=True)
class CueMatch:
    start: int
    end: int
    phrase: str
    measures: tuple[MeasureInfo, ...]


class MeasureVocabulary:
    """Cue phrases -> the measures they announce, for one or more languages."""

    def __init__(self, cues: Iterable[tuple[MeasureInfo, str, str]]) -> None:
        by_phrase: dict[tuple[str, str], list[MeasureInfo]] = {}
        self.measures: dict[int, MeasureInfo] = {}
        for measure, phrase, language in cues:
            key = " ".join(normalise(phrase).split())
            if not key:
                continue
            self.measures[measure.id] = measure
            bucket = by_phrase.setdefault((language, key), [])
            if measure not in bucket:
                bucket.append(measure)
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._by_phrase = by_phrase
        for language in {lang for lang, _ in by_phrase}:
            phrases = sorted(
                (p for lang, p in by_phrase if lang == language), key=len, reverse=True
            )
            body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
            self._patterns[language] = re.compile(rf"(?<![\w'])(?:{body})(?![\w])")

    def __len__(self) -> int:
        return len(self._by_phrase)

    def by_slug(self, slug: str) -> MeasureInfo | None:
        return next((m for m in self.measures.values() if m.slug == slug), None)

    def find(self, text: str, language: str = "en") -> list[CueMatch]:
        """Every cue in `text` (longest first, not overlapping), with its measures."""
        languages = [language] + (["en"] if language != "en" else [])
        norm = normalise(text)
        taken: list[tuple[int, int]] = []
        found: list[CueMatch] = []
        for lang in languages:
            pattern = self._patterns.get(lang)
            if pattern is None:
                continue
            for m in pattern.finditer(norm):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                phrase = " ".join(m.group(0).split())
                taken.append((m.start(), m.end()))
                found.append(
                    CueMatch(m.start(), m.end(), phrase, tuple(self._by_phrase[(lang, phrase)]))
                )
        found.sort(key=lambda c: c.start)
        return found
