"""Import the seed articles through the import service and annotate their claims.

Idempotent: a second run finds every article and claim already there and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import services
from claims.models import Claim, Entity, Measure
from newsdesk.common import roles
from newsdesk.common.errors import DomainError
from sources.services import article_import, outlet_get_or_create

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


def _cut(text: str, start: str | None, end: str | None) -> str:
    """Keep the story between the manifest's markers (inclusive)."""
    if start:
        at = text.find(start)
        if at < 0:
            raise CommandError(f"Start marker {start!r} not found.")
        text = text[at:]
    if end:
        at = text.find(end)
        if at < 0:
            raise CommandError(f"End marker {end!r} not found.")
        text = text[: at + len(end)]
    return text


class Command(BaseCommand):
    help = "Import the seed articles (seeds/manifest.json) and annotate their claims."

    def add_arguments(self, parser):
        parser.add_argument("--manifest", default=str(SEEDS_DIR / "manifest.json"))

    def handle(self, *args, manifest: str, **options):
        path = Path(manifest)
        spec = json.loads(path.read_text(encoding="utf-8"))
        author = self._seed_author(spec.get("author", "seed-editor"))
        articles_new = claims_new = 0
        for entry in spec["articles"]:
            with transaction.atomic():
                text = (path.parent / entry["file"]).read_text(encoding="utf-8")
                outlet = None
                if entry.get("outlet"):
                    outlet = outlet_get_or_create(**entry["outlet"])
                result = article_import(
                    method="file",
                    user=author,
                    text=_cut(text, entry.get("start"), entry.get("end")),
                    title=entry["title"],
                    url=entry.get("url", ""),
                    published_at=entry.get("published_at"),
                    outlet=outlet,
                )
                article = result.article
                articles_new += result.created
                for item in entry.get("claims", []):
                    claims_new += self._annotate(article, item, author)
            self.stdout.write(
                f"{entry['file']}: article #{article.pk} ({result.outcome}), "
                f"{article.claims.count()} claims"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeds loaded: {articles_new} new articles, {claims_new} new claims."
            )
        )

    def _seed_author(self, username: str):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": "Seed", "last_name": "Editor"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=roles.EDITORS))
        return user

    def _annotate(self, article, item: dict, author) -> int:
        quote = item["quote"]
        start = article.body.find(quote)
        if start < 0:
            raise CommandError(f"Quote not in article #{article.pk}: {quote!r}")
        if Claim.objects.filter(article=article, start=start, end=start + len(quote)).exists():
            return 0
        fact = dict(item.get("fact", {}))
        if "entity" in fact:
            fact["entity_id"] = Entity.objects.get(name=fact.pop("entity")).pk
        if "measure" in fact:
            slug = fact.pop("measure")
            fact["measure_id"] = Measure.objects.get(slug=slug).pk if slug else None
        try:
            services.claim_create(
                article_id=article.pk,
                author=author,
                quote=quote,
                statement=item.get("statement", ""),
                claimant=item.get("claimant", ""),
                fact=fact,
            )
        except DomainError as exc:
            raise CommandError(f"{quote!r}: {exc.message}") from exc
        return 1
