"""Create an API key and print it once.

    python manage.py create_api_key --name "Partner X" --scope read [--expires-in-days 90]
    python manage.py create_api_key --name "Import bot" --scope staff --user editor

The key is stored hashed; the printed value is the only copy.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from newsdesk.common.authentication import api_key_create
from newsdesk.common.models import ApiKey


class Command(BaseCommand):
    help = "Create an API key (read: verified claims; staff: acts as --user) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Who uses the key and what for.")
        parser.add_argument("--scope", choices=ApiKey.Scope.values, default=ApiKey.Scope.READ)
        parser.add_argument("--user", help="Username a staff key acts as (editor or reviewer).")
        parser.add_argument("--expires-in-days", type=int, help="Expire the key after N days.")
        parser.add_argument("--rate", default="", help="Per-key rate, e.g. 1200/min.")

    def handle(self, *args, **options) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user {options['user']!r}.")
        expires_at = None
        days = options["expires_in_days"]
        if days is not None:
            if days < 1:
                raise CommandError("--expires-in-days must be 1 or more.")
            expires_at = timezone.now() + timedelta(days=days)
        try:
            api_key, key = api_key_create(
                name=options["name"],
                scope=options["scope"],
                user=user,
                expires_at=expires_at,
                rate=options["rate"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Created {api_key.scope} key {api_key.prefix}… ({api_key.name})"
            + (f", expires {api_key.expires_at:%Y-%m-%d}" if api_key.expires_at else "")
            + ". Copy the key now: it is stored hashed and is not shown again."
        )
        self.stdout.write(key)
