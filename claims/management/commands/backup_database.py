"""Dump the database (pg_dump, custom format) with a manifest, if the audit trail verifies."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backups import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (pg_dump -Fc) and write FILE.json: row counts, audit "
        "chain heads, migrations. Refuses when the audit trail does not verify. Restore with "
        "`manage.py restore_database FILE --into NEW_DATABASE`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            manifest = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = ", ".join(f"{table} {n}" for table, n in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Backed up to {file} ({counts})."))
        self.stdout.write(f"Manifest: {manifest_path(file)}")
