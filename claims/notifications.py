"""Emails to claim authors when a reviewer acts on their claim."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from claims.models import ReviewEvent

SUBJECTS: dict[str, str] = {
    ReviewEvent.Action.APPROVE: "Approved: {statement}",
    ReviewEvent.Action.REQUEST_CHANGES: "Changes requested: {statement}",
}


def notify_author_of_event(*, event_id: int) -> bool:
    """Email the claim's author about an approval or a request for changes."""
    event = ReviewEvent.objects.select_related("claim__author", "actor").filter(pk=event_id).first()
    if event is None or event.action not in SUBJECTS or not event.claim.author.email:
        return False
    claim = event.claim
    reviewer = event.actor.get_full_name() or event.actor.username if event.actor else "A reviewer"
    lines = [f"{reviewer} {event.get_action_display().lower()} your claim:", "", claim.statement]
    if event.comment:
        lines += ["", "Comment:", event.comment]
    lines += ["", f"Claim #{claim.pk}, version {claim.version}."]
    send_mail(
        SUBJECTS[event.action].format(statement=claim.statement[:60]),
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [claim.author.email],
    )
    return True
