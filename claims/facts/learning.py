"""What the desk learns from an editor: the phrase that announced a figure in a quote.

When an editor gives a claim a measure the desk did not propose (or links two claims as
the same fact), the words next to the claim's figure ("structures destroyed", "participation
rate") become a cue of that measure, so the next outlet that words it so is read right.
"""

from __future__ import annotations

import re

from .extraction import extract
from .extraction.numbers import wordlist

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLAUSE = re.compile(r"[,;:.!?()\[\]\"“”—–]")
_MAX_WORDS = 3
_STOP = {
    "en": frozenset(
        wordlist(
            """a an the of in on at to for by with from and or but as than that this these those is
    are was were be been being has have had it its their there which who whom whose more
    less most least some about around nearly almost over under up down at least
    according said says say told people person persons they he she we you i also already
    still even only just so such very per cent percent had been have"""
        )
    ),
    "fr": frozenset(
        wordlist(
            """un une des de du la le les l d au aux en et ou mais que qui dont est sont été a ont
    avait plus moins environ près quelque selon personnes il elle ils elles on pour par
    sur dans avec"""
        )
    ),
}


_BREAK = {
    "en": frozenset(
        wordlist(
            """in at on by from to for across since after before during over into within
        so far while when where who which that as"""
        )
    ),
    "fr": frozenset(wordlist("à au aux dans en sur par depuis après avant pendant qui que")),
}


def _content(words: list[str], language: str, *, stop_at_break: bool = False) -> list[str]:
    """The content words, in order; with `stop_at_break`, up to the first preposition or
    name ("structures destroyed in Burkina" -> structures destroyed)."""
    stop = _STOP.get(language, _STOP["en"])
    breaks = _BREAK.get(language, _BREAK["en"])
    kept: list[str] = []
    for word in words:
        folded = word.casefold()
        if stop_at_break and kept and (folded in breaks or word[:1].isupper()):
            break
        if folded not in stop and folded not in breaks and len(word) > 1:
            kept.append(word)
    return kept


def announcing_phrase(quote: str, *, language: str = "en") -> str:
    """The content words right after the quote's first figure (else right before it), up to
    three, within its clause: "52,953 structures destroyed" -> "structures destroyed"."""
    ex = extract(quote)
    figures = [q for q in ex.quantities if q.unit not in ("year", "month", "day", "hour")]
    if not figures:
        return ""
    figure = figures[0]
    after = quote[figure.end :]
    cut = _CLAUSE.search(after)
    after_words = _content(
        _WORD.findall(after[: cut.start()] if cut else after), language, stop_at_break=True
    )
    if after_words:
        return " ".join(after_words[:_MAX_WORDS]).lower()
    before = quote[: figure.start]
    cuts = list(_CLAUSE.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    before_words = _content(_WORD.findall(before), language)
    return " ".join(before_words[-_MAX_WORDS:]).lower()
