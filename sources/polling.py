"""Feed polling: a periodic task imports each active feed's new entries.

A conditional GET (ETag / Last-Modified) answered 304 costs nothing; entries already
imported are skipped without being fetched; the new ones run as an ImportJob through the
one import service (method "feed"), so each entry's outcome and reason is kept, and a
failure -- of the feed or of an entry -- is recorded on the Feed without stopping anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from newsdesk.common import http
from sources.batch_items import AnyItem, ImportItem, feed_entry_item
from sources.batches import BatchReport, import_job_create, import_job_run
from sources.importing import ImportInputError
from sources.importing.feeds import parse_feed
from sources.models import Article, Feed
from sources.preparing import ImportFailed, canonical_url

logger = logging.getLogger(__name__)


@dataclass
class FeedPollResult:
    """What one poll did: not modified, the new entries' report, or the feed's error."""

    not_modified: bool = False
    entries: int = 0
    new_entries: int = 0
    job_id: int | None = None
    report: BatchReport | None = None
    error: str = ""


def feeds_due() -> list[int]:
    """Ids of the active feeds, oldest poll first."""
    return list(
        Feed.objects.filter(active=True)
        .order_by(F("last_polled_at").asc(nulls_first=True), "id")
        .values_list("pk", flat=True)
    )


def _known_urls(urls: list[str]) -> set[str]:
    return set(Article.objects.filter(url__in=urls).values_list("url", flat=True))


def _feed_saved(feed: Feed, **fields: Any) -> None:
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=timezone.now(), updated_at=timezone.now(), **fields
    )


def feed_poll(*, feed_id: int) -> FeedPollResult:
    """Poll one feed and import its new entries (method "feed").

    A conditional GET (If-None-Match / If-Modified-Since) answered 304 imports nothing.
    Entries whose link is already an article are skipped; the others run as an ImportJob
    (per-entry outcomes and reasons kept there). A fetch or parse error, or failed
    entries, are recorded in `Feed.last_error`; nothing is raised for a bad feed.
    """
    feed = Feed.objects.select_related("outlet").get(pk=feed_id)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        response = http.fetch(
            feed.url,
            max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
            timeout=settings.NEWSDESK_FETCH_TIMEOUT,
            allow_private_hosts=settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS,
            headers=headers,
        )
    except http.BadStatus as exc:
        if exc.status == 304:
            _feed_saved(feed, last_error="")
            return FeedPollResult(not_modified=True)
        return _feed_failed(feed, f"The feed could not be fetched: {exc}")
    except http.FetchError as exc:
        return _feed_failed(feed, f"The feed could not be fetched: {exc}")
    try:
        parsed = parse_feed(response.content)
    except ImportInputError as exc:
        return _feed_failed(feed, exc.message)

    items: list[AnyItem] = []
    links: dict[str, ImportItem] = {}
    for number, entry in enumerate(parsed.entries, start=1):
        item = feed_entry_item(entry, f"{feed.url}#{number}")
        if isinstance(item, ImportItem) and item.url and not item.html:
            try:
                links[canonical_url(item.url)] = item
            except ImportFailed:
                pass
            else:
                continue
        items.append(item)
    known = _known_urls(list(links))
    items.extend(item for url, item in links.items() if url not in known)

    result = FeedPollResult(entries=len(parsed.entries), new_entries=len(items))
    error = ""
    if items:
        job = import_job_create(
            items=items, user=None, description=f"Feed: {feed}"[:500], start=False
        )
        result.job_id = job.pk
        result.report = import_job_run(job_id=job.pk, outlet=feed.outlet)
        if result.report.failed:
            shown = "; ".join(f"{ref}: {message}" for ref, message in result.report.failures[:10])
            error = (
                f"{result.report.failed} of {len(items)} new entries failed "
                f"(import job #{job.pk}): {shown}"
            )
    fields: dict[str, Any] = {
        "etag": response.headers.get("etag", "")[:500],
        "last_modified": response.headers.get("last-modified", "")[:100],
        "last_error": error,
    }
    if not feed.title and parsed.title:
        fields["title"] = parsed.title[:500]
    _feed_saved(feed, **fields)
    result.error = error
    return result


def _feed_failed(feed: Feed, message: str) -> FeedPollResult:
    logger.warning("Feed %s: %s", feed.url, message)
    _feed_saved(feed, last_error=message)
    return FeedPollResult(error=message)
