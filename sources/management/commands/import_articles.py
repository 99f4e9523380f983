"""`manage.py import_articles PATH_OR_URL...`: files, folders, JSON Lines, feeds, pages.

Every item goes through the one import service; a bad item is listed with its reason in
the closing summary and never stops the others.
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.batch_items import items_from_arguments
from sources.batches import articles_import_batch
from sources.models import Outlet


class Command(BaseCommand):
    help = (
        "Import articles from files (.html, .htm, .txt), folders, JSON Lines batches "
        "(.jsonl: one {url | html | text, title, published_at, outlet} object per line), "
        "RSS/Atom feeds (files or URLs) and web pages (URLs). Prints a summary: imported, "
        "already present, updated, failed (with reasons)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument(
            "--outlet", help="Outlet (domain) for items that name none; it must exist."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--fail-on-error",
            action="store_true",
            help="Exit with status 1 when an item failed (default: 0, failures listed).",
        )

    def handle(self, *args: Any, inputs: list[str], **options: Any) -> None:
        user = self._user(options.get("user"))
        outlet = self._outlet(options.get("outlet"))
        items = list(items_from_arguments(inputs))  # files are read, pages fetched, here
        show_bar = not options["no_progress"] and options["verbosity"] > 0
        with tqdm(
            total=len(items),
            unit="article",
            desc="Importing",
            disable=not show_bar,
            file=getattr(self.stderr, "_out", sys.stderr),  # the raw stream: tqdm redraws with \r
        ) as bar:

            def progress(ref: str, outcome: str) -> None:
                bar.set_postfix_str(outcome, refresh=False)
                bar.update(1)

            report = articles_import_batch(items, user=user, progress=progress, outlet=outlet)

        style = self.style.SUCCESS if not report.failed else self.style.WARNING
        self.stdout.write(style(f"Done: {report.summary()}."))
        if report.failures:
            self.stdout.write("Failed:")
            for ref, reason in report.failures:
                self.stdout.write(f"  {ref}: {reason}")
        if report.failed and options["fail_on_error"]:
            raise CommandError(f"{report.failed} item(s) failed.", returncode=1)

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user

    def _outlet(self, domain: str | None) -> Outlet | None:
        if not domain:
            return None
        outlet = Outlet.objects.filter(domain=domain.strip().lower()).first()
        if outlet is None:
            raise CommandError(f"There is no outlet {domain!r}.")
        return outlet
