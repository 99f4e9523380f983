"""Pure building blocks of the article import pipeline (no Django models, no settings).

Every module here raises :class:`ImportInputError` for a bad input item; its
message is written for editors and is returned as is in API error bodies.
"""

from __future__ import annotations

__all__ = ["ImportInputError"]


class ImportInputError(ValueError):
    """One input item (file, page, pasted text, feed, batch line) cannot be imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
