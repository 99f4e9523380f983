"""Restore a backup into a new database and check it against the backup's manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore FILE (from `manage.py backup_database`) into the new database NAME on the "
        "same server, then verify it: the audit trail, the row counts and chain heads of the "
        "manifest, the migrations. Point DATABASE_URL at NAME once it says so."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", required=True, help="a database name that does not exist yet")

    def handle(self, *args, file: Path, into: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            state = restore(file, into=into)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = ", ".join(f"{table} {n}" for table, n in state["counts"].items())
        self.stdout.write(
            self.style.SUCCESS(f"Restored into {into} and verified: audit trail intact, {counts}.")
        )
