"""A character mask over a text, to keep extracted spans from overlapping."""

from __future__ import annotations

from collections.abc import Iterable


class SpanMask:
    """Marks character ranges of a text as taken; checks are O(span length)."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._taken = bytearray(size)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Mark ``start:end`` as taken."""
        self._taken[start:end] = b"\x01" * len(self._taken[start:end])

    def free(self, start: int, end: int) -> bool:
        """Whether no character of ``start:end`` is taken."""
        return not any(self._taken[start:end])

    def taken(self, pos: int) -> bool:
        """Whether the character at ``pos`` is taken."""
        return 0 <= pos < len(self._taken) and bool(self._taken[pos])
