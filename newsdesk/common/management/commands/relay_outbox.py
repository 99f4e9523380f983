"""Send the outbox messages a broker outage held back (the beat does it every minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from newsdesk.common.models import OutboxMessage
from newsdesk.common.tasks import outbox_relay


class Command(BaseCommand):
    help = "Send every waiting outbox message to the broker; report how many are left."

    def handle(self, *args, **options) -> None:
        sent = outbox_relay()
        left = OutboxMessage.objects.count()
        self.stdout.write(f"Sent {sent} outbox messages; {left} waiting.")
