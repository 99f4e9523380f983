"""French reporting read through the English grammar.

``to_english`` rewrites the French words that carry a quantity's or a date's meaning --
hedges ("plus de", "près de", "environ", "quelque"), scale and number words ("millions",
"milliard", "deux"), months, weekdays, "la mi-mai" -- and French decimal commas ("8,7") into
their English equivalents, and returns a position map so that every span read in the
rewritten text points back at the French original.
"""

from __future__ import annotations

import re

_MONTHS = {
    "janvier": "January",
    "février": "February",
    "fevrier": "February",
    "mars": "March",
    "avril": "April",
    "mai": "May",
    "juin": "June",
    "juillet": "July",
    "août": "August",
    "aout": "August",
    "septembre": "September",
    "octobre": "October",
    "novembre": "November",
    "décembre": "December",
    "decembre": "December",
}
_WEEKDAYS = {
    "lundi": "Monday",
    "mardi": "Tuesday",
    "mercredi": "Wednesday",
    "jeudi": "Thursday",
    "vendredi": "Friday",
    "samedi": "Saturday",
    "dimanche": "Sunday",
}
_WORDS = {
    # hedges
    "plus de": "more than",
    "plus d'": "more than ",
    "plus d’": "more than ",
    "pas moins de": "no fewer than",
    "au moins": "at least",
    "au minimum": "at least",
    "moins de": "less than",
    "moins d'": "less than ",
    "moins d’": "less than ",
    "près de": "nearly",
    "près d'": "nearly ",
    "près d’": "nearly ",
    "presque": "almost",
    "quasiment": "almost",
    "environ": "about",
    "quelque": "some",
    "autour de": "around",
    "aux alentours de": "around",
    "approximativement": "approximately",
    "jusqu'à": "up to",
    "jusqu’à": "up to",
    "au-delà de": "beyond",
    "au-dessus de": "above",
    "dépassant": "surpassing",
    "a dépassé": "passed",
    "ont dépassé": "passed",
    "a franchi": "passed",
    "ont franchi": "passed",
    "a franchi la barre des": "passed",
    "a dépassé la barre des": "passed",
    "sur": "in",
    "plusieurs centaines": "several hundred",
    "entre": "between",
    "et": "and",
    # scales and number words
    "millions": "million",
    "milliards": "billion",
    "milliard": "billion",
    "mille": "thousand",
    "un": "one",
    "une": "one",
    "deux": "two",
    "trois": "three",
    "quatre": "four",
    "cinq": "five",
    "six": "six",
    "sept": "seven",
    "huit": "eight",
    "neuf": "nine",
    "dix": "ten",
    "vingt": "twenty",
    "trente": "thirty",
    "quarante": "forty",
    "cinquante": "fifty",
    "cent": "hundred",
    "centaines": "hundreds",
    "milliers": "thousands",
    "dizaines": "tens",
    "moitié": "half",
    "tiers": "third",
    "quart": "quarter",
    # units and dates
    "d'euros": "euros",
    "d’euros": "euros",
    "de dollars": "dollars",
    "de francs cfa": "CFA",
    "pour cent": "percent",
    "kilomètres": "kilometres",
    "kilomètre": "kilometre",
    "mètres": "metres",
    "mètre": "metre",
    "hectares": "hectares",
    "ans": "years",
    "mois": "months",
    "jours": "days",
    "semaines": "weeks",
    "par seconde": "per second",
    "mètres cubes": "cubic metres",
    "litres": "litres",
    "d'eau": "of water",
    "d’eau": "of water",
    "degrés celsius": "degrees Celsius",
    "degrés": "degrees",
    "premier trimestre": "first quarter",
    "deuxième trimestre": "second quarter",
    "second trimestre": "second quarter",
    "troisième trimestre": "third quarter",
    "quatrième trimestre": "fourth quarter",
    "premier semestre": "first half of",
    "second semestre": "second half of",
    "week-end dernier": "last weekend",
    "semaine dernière": "last week",
    "l'an dernier": "last year",
    "l’an dernier": "last year",
    "l'année dernière": "last year",
    "l’année dernière": "last year",
    "hier": "yesterday",
    "aujourd'hui": "today",
    "aujourd’hui": "today",
    "depuis": "since",
    "en": "in",
    "le": "the",
    "au": "to",
    "du": "from",
    "de": "of",
    "à": "to",
    **_MONTHS,
    **_WEEKDAYS,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORD_ALT = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_FRENCH_RE = re.compile(
    rf"(?P<mid>(?:la|le)[ \u00a0]+mi-(?P<mon>{_MONTH_ALT}))\b"
    rf"|(?P<dec>(?<=\d),(?=\d))"
    rf"|(?P<pct>(?<=\d)[ \u00a0]+%)"
    rf"|(?P<first>(?<=\b1)er\b)"
    rf"|(?<!\w)(?P<word>{_WORD_ALT})(?:(?<=['’])|\b)",
    re.IGNORECASE,
)


def to_english(text: str) -> tuple[str, list[int], list[int]]:
    """Return the text with its French quantity and date words in English, and two maps from
    each boundary of the rewritten text to the original: one for span starts, one for ends."""
    pieces: list[str] = []
    start_of: list[int] = []
    end_of: list[int] = []
    pos = 0
    for m in _FRENCH_RE.finditer(text):
        pieces.append(text[pos : m.start()])
        start_of.extend(range(pos, m.start()))
        end_of.extend(range(pos, m.start()))
        if m["mid"]:
            english = "mid-" + _MONTHS[m["mon"].lower()]
        elif m["dec"]:
            english = "."
        elif m["pct"]:
            english = "%"
        elif m["first"]:
            english = "st"  # "le 1er janvier"
        else:
            word = m["word"]
            english = _WORDS[word.lower()]
            if word[0].isupper():
                english = english[0].upper() + english[1:]
        pieces.append(english)
        for j in range(len(english)):
            start_of.append(m.start())
            end_of.append(m.start() if j == 0 else m.end())
        pos = m.end()
    pieces.append(text[pos:])
    start_of.extend(range(pos, len(text) + 1))
    end_of.extend(range(pos, len(text) + 1))
    return "".join(pieces), start_of, end_of
