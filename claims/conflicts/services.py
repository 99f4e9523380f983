"""People's decisions on conflict flags: confirm, dismiss, resolve (each with a note)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.models import Conflict
from newsdesk.common import roles
from newsdesk.common.errors import Conflict as ConflictError
from newsdesk.common.errors import InvalidInput, NotAllowed, NotFound


def _require_staff(actor: Any) -> None:
    if not roles.is_staff_member(actor):
        raise NotAllowed("Only newsroom staff (editors and reviewers) may act on conflicts.")


def _lock_flag(conflict_id: int) -> Conflict:
    flag = Conflict.objects.select_for_update().filter(pk=conflict_id).first()
    if flag is None:
        raise NotFound(f"There is no conflict {conflict_id}.")
    return flag


def _expect_status(flag: Conflict, action: str, *statuses: str) -> None:
    if flag.status not in statuses:
        wanted = " or ".join(Conflict.Status(s).label.lower() for s in statuses)
        raise ConflictError(
            f"This conflict is already {flag.get_status_display().lower()}; only {wanted} "
            f"conflicts can be {action}.",
            code="wrong_status",
        )


def _with_note(flag: Conflict, note: str) -> str:
    note = (note or "").strip()
    if not note:
        return flag.note
    return f"{flag.note}\n{note}" if flag.note else note


@transaction.atomic
def conflict_confirm(*, conflict_id: int, actor: Any, note: str = "") -> Conflict:
    """A person agrees the claims conflict: it stays listed until resolved.

    `resolved_by` records who acted on the flag last (here: who confirmed it).
    """
    _require_staff(actor)
    flag = _lock_flag(conflict_id)
    _expect_status(flag, "confirmed", Conflict.Status.OPEN)
    flag.status = Conflict.Status.CONFIRMED
    flag.resolved_by = actor
    flag.resolution = f"confirmed by {actor.get_username()}"[:200]
    flag.note = _with_note(flag, note)
    flag.save(update_fields=["status", "resolved_by", "resolution", "note"])
    return flag


@transaction.atomic
def conflict_dismiss(*, conflict_id: int, actor: Any, note: str) -> Conflict:
    """Not a real conflict (different definitions, a typo in the source...): say why."""
    _require_staff(actor)
    if not (note or "").strip():
        raise InvalidInput(
            "Say why this is not a conflict: a note is required to dismiss it.",
            detail={"note": ["Required."]},
        )
    flag = _lock_flag(conflict_id)
    _expect_status(flag, "dismissed", Conflict.Status.OPEN, Conflict.Status.CONFIRMED)
    return _close(flag, actor=actor, status=Conflict.Status.DISMISSED, how="dismissed", note=note)


@transaction.atomic
def conflict_resolve(*, conflict_id: int, actor: Any, note: str = "") -> Conflict:
    """The conflict was dealt with (a claim corrected, a verdict aligned)."""
    _require_staff(actor)
    flag = _lock_flag(conflict_id)
    _expect_status(flag, "resolved", Conflict.Status.OPEN, Conflict.Status.CONFIRMED)
    return _close(flag, actor=actor, status=Conflict.Status.RESOLVED, how="resolved", note=note)


def _close(flag: Conflict, *, actor: Any, status: str, how: str, note: str) -> Conflict:
    flag.status = status
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    flag.resolution = f"{how} by {actor.get_username()}"[:200]
    flag.note = _with_note(flag, note)
    flag.save(update_fields=["status", "resolved_by", "resolved_at", "resolution", "note"])
    return flag
