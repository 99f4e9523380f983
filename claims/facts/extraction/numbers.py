"""Reading numbers written with digits or words, and their written precision.

``scan_numbers`` finds every candidate number in a text: digits ("700,000",
"2.5 million", "1.2bn", "$5B"), words ("two million", "a thousand",
"twenty-four", "one and a half million"), fractions ("a third", "two-thirds",
"half of") and ratios ("one in five").  It only reads the numbers; deciding
whether a number is a quantity (and not a label such as "Level 3") and
attaching hedges and units is done in :mod:`claims.facts.extraction.quantities`.

Precision rule (used for the ``exact`` hedge), see :func:`precision_step`:
a number is taken to be rounded to half a unit of its last significant digit.

* a decimal fraction is precise to its last written decimal: "2.5 million"
  is ``2.5e6 ± 0.05e6``, "8.7 percent" is ``8.7 ± 0.05``;
* an integer below 1000 is precise to the unit: "600" is ``600 ± 0.5``,
  "40%" is ``40 ± 0.5``;
* an integer of 1000 or more is rounded to its last non-zero digit:
  "700,000" is ``700,000 ± 50,000``, "12,500" is ``12,500 ± 50``,
  "two million" and "2 million" are ``2e6 ± 0.5e6``.

Fractions written in words ("half", "a third") are exact ratios (zero width);
"one in five" is read as ``100 * 1 / (5 ± 0.5)`` percent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .spans import SpanMask
from .units import COUNT, match_currency_before, match_unit_after


def wordlist(text: str) -> list[str]:
    """Split a whitespace-separated word list (keeps long vocabularies compact)."""
    return text.split()


ONES = {
    word: value
    for value, word in enumerate(
        wordlist(
            """zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen"""
        )
    )
}
TENS = {
    word: 10 * (value + 2)
    for value, word in enumerate(wordlist("twenty thirty forty fifty sixty seventy eighty ninety"))
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# South Asian scales: a lakh is a hundred thousand, a crore ten million ("Rs 4.6 crore").
SOUTH_ASIAN_SCALES = {"lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7}
FRACTIONS = {
    word: denominator
    for denominator, words in (
        (2, "half halves"),
        (3, "third thirds"),
        (4, "quarter quarters"),
        (5, "fifth fifths"),
        (6, "sixth sixths"),
        (8, "eighth eighths"),
        (10, "tenth tenths"),
    )
    for word in wordlist(words)
}
# Abbreviated scales glued to digits or following them: "1.2bn", "$5m", "2.4K".
_ABBR_SCALES = {"bn": 10**9, "bln": 10**9, "mn": 10**6, "mln": 10**6, "k": 10**3, "tn": 10**12}
_CURRENCY_ONLY_SCALES = {"m": 10**6, "b": 10**9}
# Words after which a fraction is a share of something: "half of", "a third the".
_SHARE_FOLLOWERS = frozenset(wordlist("of the all its their his her our those these them"))
_COMMON_NUMBER_WORDS = frozenset(ONES) | frozenset(TENS) | {"hundred", "dozen", "a", "an", "and"}

# Thousands are grouped by commas ("655,000"), by (no-break) spaces ("655 000", as French and
# much wire copy write them) or by periods when the groups are whole thousands ("160.000").
DIGITS_RE = re.compile(
    r"(?<![\w])(\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)(?!\d)"
    r"|\d{1,3}(?:\.000)+(?![\d,]|\.\d)"
    r"|\d+(?:\.\d+)?)"
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_LETTERS_RE = _WORD_RE
_SPACED_SCALE_RE = re.compile(
    r"[ \u00a0]*(?:-[ \t]*)?(?:(hundred|thousand|million|billion|trillion|lakhs?|crores?)\b"
    r"|(bn|bln|mn|mln|tn)\b|([mMbB])\b(?!\.\w))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMatch:
    """A number read from the text.

    ``step`` is the written precision (``None`` for exact ratios); ``bounds`` is
    set for ratios whose tolerance is not symmetric; ``share`` marks fractions and
    ratios, which are shares of a whole (unit ``percent``, value already x100).
    ``needs_unit`` marks a bare "one", kept only if a unit or count noun follows.
    """

    start: int
    end: int
    value: Decimal
    step: Decimal | None
    scale: int = 1
    kind: str = "digits"
    share: bool = False
    bounds: tuple[Decimal, Decimal] | None = None
    needs_unit: bool = False
    capitalised: bool = False


def precision_step(value: Decimal, *, fractional: bool | None = None) -> Decimal:
    """Return the rounding step implied by how ``value`` is written (see module doc)."""
    if fractional is None:
        fractional = value != value.to_integral_value()
    if fractional:
        exponent = value.as_tuple().exponent  # as written: "8.70" is precise to 0.01
        assert isinstance(exponent, int)
        return Decimal(1).scaleb(exponent)
    number = int(value)
    if number < 1000:
        return Decimal(1)
    zeros = 0
    while number and number % 10 == 0:
        number //= 10
        zeros += 1
    return Decimal(10) ** zeros


def is_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (ignoring quotes and brackets before it)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“‘([":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\r–—-|•"


def _digits_number(text: str, m: re.Match[str]) -> NumberMatch | None:
    start, end = m.span(1)
    raw = m.group(1)
    before = text[start - 1] if start else ""
    before2 = text[start - 2] if start > 1 else ""
    if before and before in "./" and before2.isalnum():
        return None  # "BA.2", "12/30"
    if before == "-" and before2.isalpha():
        return None  # "Covid-19"
    if before == "/" or text[end : end + 1] == "/":
        return None  # "24/7", numeric dates
    if len(raw) > 1 and raw[0] == "0" and raw[1] != ".":
        return None  # phone numbers, clock times "0410"
    if text[end : end + 1] in (":",) and text[end + 1 : end + 2].isdigit():
        return None  # clock times
    has_currency = match_currency_before(text, start) is not None
    scale = 1
    attached = _LETTERS_RE.match(text, end)
    if attached:
        suffix = attached.group(0)
        if suffix.lower() in _ABBR_SCALES:
            scale = _ABBR_SCALES[suffix.lower()]
            end += len(suffix)
        elif has_currency and suffix.lower() in _CURRENCY_ONLY_SCALES:
            scale = _CURRENCY_ONLY_SCALES[suffix.lower()]
            end += len(suffix)
        elif not _is_attached_unit(suffix):
            return None  # "7News", "5th", "4am", "1990s", "3D"
    else:
        spaced = _SPACED_SCALE_RE.match(text, end)
        if spaced:
            word, abbr, letter = spaced.groups()
            if word:
                scale = (
                    100
                    if word.lower() == "hundred"
                    else {**SCALES, **SOUTH_ASIAN_SCALES}[word.lower()]
                )
                end = spaced.end()
            elif abbr:
                scale = _ABBR_SCALES[abbr.lower()]
                end = spaced.end()
            elif letter and has_currency:
                scale = _CURRENCY_ONLY_SCALES[letter.lower()]
                end = spaced.end()
    if re.fullmatch(r"\d{1,3}(?:\.000)+", raw):
        raw = raw.replace(".", "")  # "160.000": whole thousands grouped by periods
    mantissa = Decimal(re.sub(r"[,\s\u00a0\u202f]", "", raw))
    value = mantissa * scale
    fractional = value != value.to_integral_value()
    step = precision_step(value, fractional=fractional)
    if scale in SOUTH_ASIAN_SCALES.values():
        step = precision_step(mantissa) * scale  # "10 lakhs" is 10 ± 0.5 lakh
    if before in "-\u2212" and before and not before2.isalnum():
        return NumberMatch(start - 1, end, -value, step, scale=scale, kind="digits")  # "-5C"
    return NumberMatch(start, end, value, step, scale=scale, kind="digits")


_ATTACHED_UNIT_RE = re.compile(
    r"(?:km2?|kms|mm|cm|m2?|kg|kgs|ft|ha|lbs?|C|F|MW|GW|kW|dB|pc|yrs?|mins?|secs?)",
)


def _is_attached_unit(suffix: str) -> bool:
    return _ATTACHED_UNIT_RE.fullmatch(suffix) is not None


@dataclass
class _Word:
    start: int
    end: int
    lower: str
    raw: str


def _words(text: str) -> list[_Word]:
    return [_Word(m.start(), m.end(), m[0].lower(), m[0]) for m in _WORD_RE.finditer(text)]


def _joined(text: str, a: _Word, b: _Word) -> bool:
    """Whether two words are separated only by spaces or a single hyphen."""
    gap = text[a.end : b.start]
    return re.fullmatch(r"[ \t\u00a0]+|[ \t]*-[ \t]*", gap) is not None


def _parse_words(text: str, words: list[_Word], i: int) -> tuple[Decimal, int, int] | None:
    """Parse a cardinal written in words from ``words[i]``.

    Return ``(value, next word index, largest scale word used)``.
    """
    total = Decimal(0)
    current = Decimal(0)
    last = ""  # kind of the last consumed word
    last_scale = 0
    first_scale = 0
    j = i
    consumed_any = False
    end_j = i
    while j < len(words):
        w = words[j].lower
        if j > i and not _joined(text, words[j - 1], words[j]):
            break
        if w in ("a", "an"):
            if last or j + 1 >= len(words):
                break
            nxt = words[j + 1].lower
            if nxt not in SCALES and nxt not in ("hundred", "dozen"):
                break
            current = Decimal(1)
            last = "article"
        elif w in ONES:
            if last in ("ones", "article") or (last == "tens" and ONES[w] >= 10):
                break
            current += ONES[w]
            last = "ones"
            consumed_any = True
        elif w in TENS:
            if last in ("ones", "tens", "article"):
                break
            current += TENS[w]
            last = "tens"
            consumed_any = True
        elif w == "hundred":
            if last not in ("ones", "tens", "article") or current >= 100:
                break
            current *= 100
            last = "hundred"
            consumed_any = True
        elif w == "dozen":
            if last not in ("ones", "tens", "article"):
                break
            current *= 12
            last = "dozen"
            consumed_any = True
        elif w in SCALES:
            if last not in ("ones", "tens", "hundred", "article", "half"):
                break
            scale = SCALES[w]
            if last_scale and scale >= last_scale:
                break
            last_scale = scale
            first_scale = max(first_scale, scale)
            total += current * scale
            current = Decimal(0)
            last = "scale"
            consumed_any = True
        elif w == "and" and last in ("ones", "tens") and _and_a_half(words, j):
            current += Decimal("0.5")
            j += 3
            last = "half"
            end_j = j
            continue
        elif w == "and" and last in ("hundred", "scale") and j + 1 < len(words):
            nxt = words[j + 1].lower
            if nxt not in ONES and nxt not in TENS:
                break
            j += 1
            continue
        else:
            break
        j += 1
        if last != "article":
            end_j = j
    if not consumed_any or last == "half":
        return None
    return total + current, end_j, first_scale


def _and_a_half(words: list[_Word], j: int) -> bool:
    return (
        j + 3 < len(words)
        and words[j + 1].lower == "a"
        and words[j + 2].lower == "half"
        and words[j + 3].lower in SCALES
    )


def _fraction(text: str, words: list[_Word], i: int) -> tuple[NumberMatch, int] | None:
    """Read "half", "a third", "two-thirds", "half a million" starting at ``words[i]``."""
    w = words[i].lower
    numerator = Decimal(1)
    j = i
    if w in FRACTIONS:
        if w != "half":
            return None  # a bare "third" is an ordinal
    elif (w in ("a", "one") or w in ONES) and i + 1 < len(words):
        nxt = words[i + 1]
        if nxt.lower not in FRACTIONS or not _joined(text, words[i], nxt):
            return None
        numerator = Decimal(ONES.get(w, 1))
        j = i + 1
        if nxt.lower.endswith("s") != (numerator > 1) and nxt.lower != "half":
            return None
    else:
        return None
    denominator = FRACTIONS[words[j].lower]
    after = words[j + 1] if j + 1 < len(words) else None
    # "half a million": a multiplier of the following scale word
    if (
        after is not None
        and after.lower in ("a", "an")
        and j + 2 < len(words)
        and words[j + 2].lower in SCALES
        and _joined(text, words[j], after)
    ):
        scale = SCALES[words[j + 2].lower]
        value = numerator / denominator * scale
        number = NumberMatch(
            words[i].start, words[j + 2].end, value, precision_step(value), scale, "fraction"
        )
        return number, j + 3
    # "a quarter of a million": the fraction of one scale word, exact as written
    if (
        after is not None
        and after.lower == "of"
        and j + 3 < len(words)
        and words[j + 2].lower in ("a", "an")
        and words[j + 3].lower in SCALES
    ):
        scale = SCALES[words[j + 3].lower]
        value = numerator / denominator * scale
        number = NumberMatch(words[i].start, words[j + 3].end, value, None, scale, "fraction")
        return number, j + 4
    # "a third of a metre": the fraction of one unit
    if (
        after is not None
        and after.lower == "of"
        and j + 2 < len(words)
        and words[j + 2].lower in ("a", "an")
        and (unit := match_unit_after(text, words[j + 2].end, allow_filler=False)) is not None
        and unit.unit not in (COUNT, "")
    ):
        value = numerator / denominator
        return NumberMatch(words[i].start, words[j + 2].end, value, None, kind="fraction"), j + 3
    gap = text[words[j].end : after.start] if after is not None else ""
    if after is None or after.lower not in _SHARE_FOLLOWERS or not re.fullmatch(r"\s+", gap):
        return None
    value = Decimal(100) * numerator / denominator
    number = NumberMatch(words[i].start, words[j].end, value, None, kind="fraction", share=True)
    return number, j + 1


def scan_numbers(text: str) -> list[NumberMatch]:
    """Find candidate numbers (digits, words, fractions), ratios already combined."""
    found: list[NumberMatch] = []
    for m in DIGITS_RE.finditer(text):
        number = _digits_number(text, m)
        if number is not None:
            found.append(number)
    taken = SpanMask(len(text), ((n.start, n.end) for n in found))
    words = _words(text)
    i = 0
    while i < len(words):
        w = words[i]
        if taken.taken(w.start) or (w.start and text[w.start - 1].isalnum()):
            i += 1
            continue
        fraction = _fraction(text, words, i)
        if fraction is not None:
            found.append(fraction[0])
            i = fraction[1]
            continue
        parsed = _parse_words(text, words, i) if w.lower in _COMMON_NUMBER_WORDS else None
        if parsed is None:
            i += 1
            continue
        value, nxt, word_scale = parsed
        first, last = words[i], words[nxt - 1]
        if first.start > 1 and text[first.start - 1] == "-" and text[first.start - 2].isalnum():
            i = nxt
            continue  # "Covid-one", "G-seven"
        capitalised = first.raw[0].isupper() and not is_sentence_start(text, first.start)
        found.append(
            NumberMatch(
                first.start,
                last.end,
                value,
                precision_step(value),
                scale=max(word_scale, 1),
                kind="words",
                needs_unit=(value == 1 and nxt - i == 1),
                capitalised=capitalised,
            )
        )
        i = nxt
    found.sort(key=lambda n: n.start)
    return _combine_ratios(text, found)


# "one in five", "one in every nine", "four out of 10", "3.1 in every ten"
_RATIO_LINK_RE = re.compile(r"\s+(?:in|out\s+of)(?:\s+every)?\s+", re.IGNORECASE)


def _combine_ratios(text: str, numbers: list[NumberMatch]) -> list[NumberMatch]:
    """Merge "one in five" / "1 in 4" into a single share (percent) number."""
    out: list[NumberMatch] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        if (
            b is not None
            and not a.share
            and not b.share
            and a.scale == 1
            and b.scale == 1
            and _RATIO_LINK_RE.fullmatch(text[a.end : b.start])
            and b.value == b.value.to_integral_value()
            and 0 < a.value < b.value <= 1000
        ):
            value = Decimal(100) * a.value / b.value
            # "22 out of 26" counts a group: its share is exact to the written figures;
            # "one in seven", "four out of 10" are rounded descriptions of a share.
            literal = b.value > 10 and b.value not in (100, 1000) and a.value > 1
            bounds = (
                (value * Decimal("0.995"), value * Decimal("1.005"))
                if literal
                else (
                    Decimal(100) * a.value / (b.value + Decimal("0.5")),
                    Decimal(100) * a.value / (b.value - Decimal("0.5")),
                )
            )
            out.append(
                NumberMatch(a.start, b.end, value, None, kind="ratio", share=True, bounds=bounds)
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out
