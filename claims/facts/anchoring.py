"""Text anchors (W3C Web Annotation style): a position plus a quote with its context.

Pure functions over strings: finding a span from offsets or a quote, and re-finding it in
a revised text (exact quote, then position, then a fuzzy match on prefix and suffix).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorError(ValueError):
    pass


def anchor_from_offsets(body: str, start: int, end: int) -> Anchor:
    if not (0 <= start < end <= len(body)):
        raise AnchorError(f"The span {start}..{end} is outside the article text (0..{len(body)}).")
    if not body[start:end].strip():
        raise AnchorError("The selected span is blank.")
    return Anchor(
        start=start,
        end=end,
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT) : start],
        suffix=body[end : end + CONTEXT],
    )


def anchor_from_quote(body: str, quote: str, occurrence: int = 1) -> Anchor:
    if not quote:
        raise AnchorError("The quote is empty.")
    if occurrence < 1:
        raise AnchorError("occurrence counts from 1.")
    position = -1
    for _ in range(occurrence):
        position = body.find(quote, position + 1)
        if position < 0:
            if occurrence == 1:
                raise AnchorError("The quote is not in the article text.")
            raise AnchorError(f"The quote does not occur {occurrence} times in the article text.")
    return anchor_from_offsets(body, position, position + len(quote))


def _all_positions(body: str, quote: str) -> list[int]:
    positions, position = [], body.find(quote)
    while position >= 0:
        positions.append(position)
        position = body.find(quote, position + 1)
    return positions


def reanchor(body: str, old: Anchor, *, min_ratio: float = 0.85) -> tuple[Anchor, str] | None:
    """Find `old` in a revised `body`. Returns (anchor, how) or None when it is gone.

    1. exact quote: the occurrence whose prefix/suffix fit best (ties: nearest the old position);
    2. position: the old offsets still hold the quote (covered by 1);
    3. fuzzy: the prefix and suffix found around a span similar to the quote.
    """
    positions = _all_positions(body, old.exact)
    if positions:

        def fit(position: int) -> tuple[int, int]:
            candidate = anchor_from_offsets(body, position, position + len(old.exact))
            context = int(candidate.prefix == old.prefix) + int(candidate.suffix == old.suffix)
            return (-context, abs(position - old.start))

        best = min(positions, key=fit)
        return anchor_from_offsets(body, best, best + len(old.exact)), "exact"

    # Fuzzy: locate the prefix and the suffix, and check what lies between.
    if old.prefix and old.suffix:
        for prefix_at in _all_positions(body, old.prefix):
            start = prefix_at + len(old.prefix)
            suffix_at = body.find(old.suffix, start)
            if suffix_at < 0 or suffix_at - start > 2 * len(old.exact) + 20:
                continue
            candidate = body[start:suffix_at]
            ratio = difflib.SequenceMatcher(None, candidate, old.exact).ratio()
            if candidate.strip() and ratio >= min_ratio:
                return anchor_from_offsets(body, start, suffix_at), "fuzzy"

    # Last resort: the most similar window of the same length near the old position.
    window = len(old.exact)
    if window and len(body) >= window:
        matcher = difflib.SequenceMatcher(None, body, old.exact, autojunk=False)
        block = matcher.find_longest_match(0, len(body), 0, window)
        if block.size >= max(12, int(window * 0.6)):
            start = max(0, block.a - block.b)
            end = min(len(body), start + window)
            ratio = difflib.SequenceMatcher(None, body[start:end], old.exact).ratio()
            if ratio >= min_ratio:
                return anchor_from_offsets(body, start, end), "fuzzy"
    return None
