"""Sweep every claim for conflicts in the foreground, with a progress bar.

    manage.py detect_conflicts [--shards 8] [--no-progress]

The periodic sweep runs the same service fanned out over Celery workers; this command is
for a first run, after a bulk import, or to check the desk's flags by hand. Idempotent:
running it again changes nothing unless claims changed.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.conflicts.detection import DEFAULT_SHARDS, conflict_sweep_all
from claims.models import Claim


class Command(BaseCommand):
    help = "Detect conflicts between claims (the full sweep, in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shards",
            type=int,
            default=DEFAULT_SHARDS,
            help=f"Split the work in this many shards (default {DEFAULT_SHARDS}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, shards: int, no_progress: bool, **options) -> None:
        if shards < 1:
            raise CommandError("--shards must be at least 1.")
        total = Claim.objects.count()  # the sweep reads every claim once
        started = time.perf_counter()
        with tqdm(
            total=total,
            unit="claim",
            unit_scale=True,
            disable=no_progress,
            file=self.stderr._out,
            desc="Sweeping",
        ) as bar:
            counts = conflict_sweep_all(shards=shards, progress=bar.update)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Scanned {counts['scanned']} claims in {counts['blocks']} blocks "
            f"({shards} shards) in {elapsed:.1f} s."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Flags: {counts['created']} created, {counts['reopened']} reopened, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['resolved']} resolved."
            )
        )
