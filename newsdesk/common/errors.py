"""Domain errors raised by services; one API exception handler turns them into JSON.

Services raise these (or Django's ValidationError) and never import DRF.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on. `code` is stable; `message` is for people."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, detail: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.detail = detail or {}


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotAllowed(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The record changed since the caller read it, or the transition is not possible now."""

    status = 409
    code = "conflict"
