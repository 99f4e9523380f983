"""Hedge words around a number ("more than", "about", "or more") and their names."""

from __future__ import annotations

import re

_HEDGES: dict[str, list[str]] = {
    "about": [
        r"about",
        r"around",
        r"roughly",
        r"some",
        r"approximately",
        r"approx\.?",
        r"circa",
        r"ca\.",
        r"c\.",
        r"an\s+estimated",
        r"estimated(?:\s+at)?",
        r"an\s+approximate",
        r"in\s+the\s+region\s+of",
        r"of\s+the\s+order\s+of",
        r"on\s+the\s+order\s+of",
    ],
    "nearly": [
        r"nearly",
        r"almost",
        r"approaching",
        r"nearing",
        r"just\s+under",
        r"just\s+below",
        r"just\s+short\s+of",
        r"just\s+shy\s+of",
        r"close\s+to",
        r"not\s+quite",
    ],
    "more_than": [
        r"more\s+than",
        r"over",
        r"above",
        r"upwards?\s+of",
        r"in\s+excess\s+of",
        r"greater\s+than",
        r"higher\s+than",
        r"larger\s+than",
        r"exceeding",
        r"well\s+over",
        r"just\s+over",
        r"well\s+above",
        r"just\s+above",
        r"north\s+of",
        r"past",
        r"passed",
        r"surpassing",
        r"surpassed",
        r"beyond",
    ],
    "at_least": [
        r"at\s+least",
        r"no\s+fewer\s+than",
        r"no\s+less\s+than",
        r"not\s+less\s+than",
        r"not\s+fewer\s+than",
        r"a\s+minimum\s+of",
        r"minimum\s+of",
        r"minimum",
        r"at\s+a\s+minimum",
    ],
    "less_than": [
        r"less\s+than",
        r"fewer\s+than",
        r"under",
        r"below",
        r"lower\s+than",
        r"smaller\s+than",
        r"well\s+under",
        r"well\s+below",
    ],
    "up_to": [
        r"up\s+to",
        r"at\s+most",
        r"as\s+many\s+as",
        r"as\s+much\s+as",
        r"as\s+high\s+as",
        r"a\s+maximum\s+of",
        r"maximum\s+of",
        r"maximum",
        r"no\s+more\s+than",
        r"not\s+more\s+than",
        r"at\s+a\s+maximum\s+of",
        r"at\s+the\s+most",
    ],
}
_HEDGE_ALTERNATIVES = sorted(
    ((p, h) for h, ps in _HEDGES.items() for p in ps), key=lambda ph: -len(ph[0])
)
HEDGE_BEFORE_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEDGE_ALTERNATIVES))
    + r")[ \t\u00a0]+$",
    re.IGNORECASE,
)
HEDGE_AFTER_RE = re.compile(
    r"[ \t\u00a0]*(?:(?P<at_least>\+|-?plus\b|or\s+more\b|or\s+above\b|or\s+over\b"
    r"|and\s+(?:above|over|up)\b)|(?P<about>or\s+so\b|-?odd\b)"
    r"|(?P<up_to>or\s+(?:less|fewer|under|below)\b))",
    re.IGNORECASE,
)


def hedge_before(text: str, pos: int) -> tuple[str, int] | None:
    """Return ``(hedge, start)`` for a hedge phrase ending right before ``pos``."""
    m = HEDGE_BEFORE_RE.search(text, max(0, pos - 40), pos)
    if not m or m.lastgroup is None:
        return None
    index = int(m.lastgroup[1:])
    return _HEDGE_ALTERNATIVES[index][1], m.start()


def hedge_after(text: str, pos: int) -> tuple[str, int] | None:
    """Return ``(hedge, end)`` for "or more", "or so", "+" ... right after ``pos``."""
    m = HEDGE_AFTER_RE.match(text, pos)
    if not m or m.lastgroup is None:
        return None
    return m.lastgroup, m.end()


# Every hedge the extractor can put on a quantity (the claim service must accept each):
# the worded hedges above, plus "exact" (no hedge), "between" (a written range) and
# "order_of_magnitude" ("tens of thousands").
HEDGE_VOCABULARY = frozenset({*_HEDGES, "exact", "between", "order_of_magnitude"})
