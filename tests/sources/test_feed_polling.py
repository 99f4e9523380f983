"""Feed polling: new entries imported (method "feed"), 304s honoured, errors recorded."""

from __future__ import annotations

import pytest

from newsdesk.celery import app
from sources import tasks
from sources.models import Article, Feed, ImportJob
from sources.polling import feed_poll
from tests.sources.conftest import ARTICLE_SENTENCES, article_page

pytestmark = pytest.mark.django_db

BUDGET = [
    "The national assembly adopted the new budget on Thursday after a debate that lasted "
    "late into the night in the capital.",
    "The finance minister said spending on security would rise by nearly a fifth next year, "
    "to more than 500 billion CFA francs.",
]
ETAG = '"feed-v1"'
LAST_MODIFIED = "Sun, 04 Sep 2022 10:00:00 GMT"


def rss(site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{site.url(path)}</link>"
        f"<pubDate>Sun, 04 Sep 2022 0{n}:00:00 GMT</pubDate></item>"
        for n, path in enumerate(paths, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Sahel Daily</title><link>{site.base}/</link>{items}</channel></rss>"
    ).encode()


def serve_feed(site, paths: list[str]) -> None:
    body = rss(site, paths)

    def route(handler) -> None:
        if handler.headers.get("If-None-Match") == ETAG:
            handler.send(304, {"ETag": ETAG}, b"")
        else:
            headers = {
                "Content-Type": "application/rss+xml",
                "ETag": ETAG,
                "Last-Modified": LAST_MODIFIED,
            }
            handler.send(200, headers, body)

    site.routes["/feed.xml"] = route


@pytest.fixture
def site(local_site, allow_local):
    local_site.page("/pact", article_page("Juntas strengthen partnership", ARTICLE_SENTENCES))
    local_site.page("/budget", article_page("Budget adopted", BUDGET))
    return local_site


def test_polling_imports_new_entries_then_a_304_imports_nothing(site):
    serve_feed(site, ["/pact", "/budget"])
    feed = Feed.objects.create(url=site.url("/feed.xml"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.new_entries, result.report.imported, result.error) == (2, 2, "")
    titles = dict(Article.objects.values_list("title", "import_method"))
    assert titles == {"Juntas strengthen partnership": "feed", "Budget adopted": "feed"}
    assert Article.objects.get(title="Budget adopted").url == site.url("/budget")
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified, feed.last_error) == (ETAG, LAST_MODIFIED, "")
    assert feed.title == "Sahel Daily" and feed.last_polled_at is not None

    again = feed_poll(feed_id=feed.pk)

    assert again.not_modified and again.new_entries == 0
    feed_requests = [headers for path, headers in site.requests if path == "/feed.xml"]
    assert feed_requests[-1].get("If-None-Match") == ETAG
    assert feed_requests[-1].get("If-Modified-Since") == LAST_MODIFIED
    assert (site.hits("/pact"), site.hits("/budget")) == (1, 1)
    assert Article.objects.count() == 2 and ImportJob.objects.count() == 1


def test_known_entries_are_not_fetched_again_without_a_304(site):
    site.page("/feed.xml", rss(site, ["/pact"]), "application/rss+xml")  # no ETag support
    feed = Feed.objects.create(url=site.url("/feed.xml"))
    feed_poll(feed_id=feed.pk)
    site.page("/feed.xml", rss(site, ["/budget", "/pact"]), "application/rss+xml")

    result = feed_poll(feed_id=feed.pk)

    assert (result.entries, result.new_entries, result.report.imported) == (2, 1, 1)
    assert site.hits("/pact") == 1
    assert Article.objects.count() == 2


def test_a_broken_entry_is_recorded_and_the_others_imported(site):
    serve_feed(site, ["/pact", "/gone", "/budget"])
    feed = Feed.objects.create(url=site.url("/feed.xml"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.report.imported, result.report.failed) == (2, 1)
    feed.refresh_from_db()
    assert feed.last_error.startswith("1 of 3 new entries failed")
    assert f"{site.url('/gone')}: The page could not be fetched: The server answered 404" in (
        feed.last_error
    )
    job = ImportJob.objects.get()
    assert job.items.get(outcome="failed").ref == site.url("/gone")
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<rss><channel><item><title>Unclosed", "not well-formed XML"),
        (b'<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel/></rss>', "XML entities"),
        (b"<html><body>Not a feed</body></html>", "not an RSS or Atom feed"),
    ],
)
def test_a_malformed_feed_records_last_error_and_raises_nothing(site, body, expected):
    site.page("/feed.xml", body, "application/xml")
    feed = Feed.objects.create(url=site.url("/feed.xml"), etag='"old"')

    result = feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert expected in feed.last_error and result.error == feed.last_error
    assert feed.etag == '"old"'  # not advanced: the next poll tries again
    assert Article.objects.count() == 0


def test_an_unreachable_feed_records_last_error(site):
    feed = Feed.objects.create(url=site.url("/no-feed-here.xml"))
    feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.last_error == "The feed could not be fetched: The server answered 404 Not Found."


def test_a_refused_feed_address_records_last_error(local_site):
    feed = Feed.objects.create(url=local_site.url("/feed.xml"))  # no allow-list
    feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert "private or reserved address" in feed.last_error
    assert local_site.requests == []


def test_the_beat_task_polls_every_active_feed(site):
    serve_feed(site, ["/pact"])
    site.page("/other.xml", rss(site, ["/budget"]), "application/rss+xml")
    Feed.objects.create(url=site.url("/feed.xml"))
    Feed.objects.create(url=site.url("/other.xml"))
    Feed.objects.create(url=site.url("/paused.xml"), active=False)

    assert tasks.feeds_poll.delay().get() == 2  # eager in tests

    assert Article.objects.count() == 2
    assert site.hits("/paused.xml") == 0
    assert app.conf.beat_schedule["feeds-poll"]["task"] == tasks.feeds_poll.name
    assert tasks.feeds_poll.name == "sources.tasks.feeds_poll"
