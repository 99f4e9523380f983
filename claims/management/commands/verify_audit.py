"""Recompute the audit trail's hash chains; exit non-zero naming the first bad row."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from claims import audit


class Command(BaseCommand):
    help = (
        "Check that no FactCheck or ReviewEvent row was changed, removed or slipped in after "
        "it was written. Prints each chain's head (record it elsewhere to notice a trail "
        "cut short later); exits 1 naming the first row that does not match."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options) -> None:
        heads, findings = audit.verify(connections[options["database"]])
        for head in heads:
            self.stdout.write(
                f"{head.table}: {head.rows} rows; head at position {head.position} "
                f"{head.hash or '(empty)'}"
            )
        if findings:
            raise CommandError(
                "The audit trail does not verify. First bad row: "
                + "; ".join(str(f) for f in findings)
            )
        self.stdout.write(self.style.SUCCESS("The audit trail verifies."))
