"""Emails to claim authors when a reviewer acts on their claim."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from claims.models import ReviewEvent

SUBJECT_CHARS = 78  # RFC 5322's recommended line length, the subject's prefix included

# What the reviewer did, as the e-mail says it: "{reviewer} {verb} your claim".
SUBJECTS: dict[str, str] = {
    ReviewEvent.Action.APPROVE: "Approved",
    ReviewEvent.Action.REQUEST_CHANGES: "Changes requested",
}
VERBS: dict[str, str] = {
    ReviewEvent.Action.APPROVE: "approved",
    ReviewEvent.Action.REQUEST_CHANGES: "requested changes to",
}


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with "…" when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def subject_for(action: str, statement: str) -> str:
    prefix = f"{SUBJECTS[action]}: "
    return prefix + shorten(statement, SUBJECT_CHARS - len(prefix))


def notify_author_of_event(*, event_id: int) -> bool:
    """Email the claim's author about an approval or a request for changes."""
    event = ReviewEvent.objects.select_related("claim__author", "actor").filter(pk=event_id).first()
    if event is None or event.action not in SUBJECTS or not event.claim.author.email:
        return False
    claim = event.claim
    reviewer = (
        (event.actor.get_full_name() or event.actor.username) if event.actor else "A reviewer"
    )
    lines = [f"{reviewer} {VERBS[event.action]} your claim:", "", claim.statement]
    if event.comment:
        lines += ["", "Comment:", event.comment]
    lines += ["", f"Claim #{claim.pk}, version {claim.version}."]
    send_mail(
        subject_for(event.action, claim.statement),
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [claim.author.email],
    )
    return True
