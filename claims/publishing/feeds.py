"""Atom feed of newly verified claims: `/feeds/verified.atom`.

Newest verdict first, one entry per claim (its latest published FactCheck, so a correction
moves the claim back to the top with its new version). Entries link to the claim's
public page (NEWSDESK_CLAIM_PERMALINK, else /fact-checks/<id>/<slug>/) and carry the rating
and the summary, as plain text. Published verdicts only: the feed is public, for feed readers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from claims.publishing.api import public
from claims.publishing.links import page_url

FEED_SIZE = 50


class TextSummaryAtomFeed(Atom1Feed):
    """Atom whose entry summaries are `type="text"`: a feed reader shows the staff's words
    as words, and markup in them is never run (Django's Atom writes `type="html"`)."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class VerifiedClaimsFeed(Feed):
    feed_type = TextSummaryAtomFeed
    description_template = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"{settings.NEWSDESK_PUBLISHER_NAME}: newly verified claims"

    def subtitle(self) -> str:
        return "Fact-checks as they are published or corrected, newest first."

    def link(self) -> str:
        return reverse("factcheck-index")

    def feed_url(self) -> str:
        return reverse("feed-verified")

    def author_name(self) -> str:
        return settings.NEWSDESK_PUBLISHER_NAME

    def items(self) -> list[dict[str, Any]]:
        queryset = public.published_factchecks().order_by("-approved_at", "-id")[:FEED_SIZE]
        return list(public.public_rows(queryset))

    def item_title(self, item: dict[str, Any]) -> str:
        return item["statement"]

    def item_description(self, item: dict[str, Any]) -> str:
        label = public.RATING_LABELS.get(item["rating"], item["rating"])
        return f"{label}: {item['summary']}"

    def item_link(self, item: dict[str, Any]) -> str:
        return page_url(None, item["claim_id"], item["statement"])

    def item_guid(self, item: dict[str, Any]) -> str:
        return (
            self.request.build_absolute_uri(reverse("claim-detail", args=[item["claim_id"]]))
            + f"#v{item['version']}"
        )

    def item_guid_is_permalink(self, item: dict[str, Any]) -> bool:
        return False

    def item_pubdate(self, item: dict[str, Any]):
        return item["approved_at"]

    def item_updateddate(self, item: dict[str, Any]):
        return item["approved_at"]

    def item_categories(self, item: dict[str, Any]) -> list[str]:
        return [public.RATING_LABELS.get(item["rating"], item["rating"])]
