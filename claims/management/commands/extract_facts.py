"""Show what the fact extractor reads: one sentence per line in, one JSON object per line out."""

from __future__ import annotations

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims.facts.extraction import extract
from claims.facts.selectors import alias_index


class Command(BaseCommand):
    help = (
        "Read sentences (one per line, from FILE or standard input) and print, for each, a "
        "JSON object with the quantities, dates and entities the extractor finds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a text file; standard input when absent")
        parser.add_argument(
            "--published", help="the article's publication date (YYYY-MM-DD), for relative dates"
        )
        parser.add_argument(
            "--language",
            default="en",
            help="the article's language (en, fr), which sets the grammar",
        )

    def handle(
        self,
        *args,
        file: str | None = None,
        published: str | None = None,
        language: str = "en",
        **options,
    ):
        try:
            published_on = date.fromisoformat(published) if published else None
        except ValueError:
            raise CommandError(f"--published {published!r} is not a YYYY-MM-DD date.") from None
        aliases = alias_index()
        try:
            stream = open(file, encoding="utf-8") if file else sys.stdin  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            for line in stream:
                sentence = line.rstrip("\n")
                if not sentence.strip():
                    continue
                result = extract(
                    sentence, published=published_on, aliases=aliases, language=language
                )
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        except UnicodeDecodeError:
            raise CommandError(f"{file or 'standard input'} is not UTF-8 text.") from None
        finally:
            if file:
                stream.close()
