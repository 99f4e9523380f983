"""RSS and Atom parsing, with XML entity attacks refused."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from sources.importing import ImportInputError
from sources.importing.feeds import Feed, FeedEntry, parse_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>The Example Journal &#8211; World</title>
    <link>https://journal.example/</link>
    <description>World news</description>
    <item>
      <title>Sahel juntas sign defence pact</title>
      <link>https://journal.example/world/sahel-pact</link>
      <pubDate>Sun, 17 Sep 2023 08:30:00 +0200</pubDate>
      <description>&lt;p&gt;Three &lt;b&gt;military&lt;/b&gt;
        regimes sign a pact.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>The military leaders signed.</p>]]></content:encoded>
    </item>
    <item>
      <title>Relative link and guid</title>
      <guid isPermaLink="true">/world/second</guid>
      <dc:date>2023-09-18T10:00:00Z</dc:date>
    </item>
    <item>
      <title>Bad date, no link</title>
      <guid isPermaLink="false">tag:journal.example,2023:3</guid>
      <pubDate>sometime last week</pubDate>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Wire</title>
  <link rel="self" href="https://wire.example/feed.atom"/>
  <link rel="alternate" href="https://wire.example/"/>
  <updated>2023-09-18T12:00:00Z</updated>
  <id>urn:uuid:feed</id>
  <entry>
    <title type="html">Niger &lt;b&gt;coup&lt;/b&gt; leaders renounce accords</title>
    <link rel="alternate" type="text/html" href="/2023/09/niger"/>
    <link rel="replies" href="https://wire.example/2023/09/niger#comments"/>
    <id>urn:uuid:1</id>
    <published>2023-09-18T09:15:00+01:00</published>
    <updated>2023-09-18T11:00:00Z</updated>
    <summary>Niger’s coup leaders renounced cooperation agreements.</summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>Niger’s coup leaders have
        <em>renounced</em> several agreements.</p></div>
    </content>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://wire.example/2023/09/only-updated"/>
    <id>urn:uuid:2</id>
    <updated>2023-09-18</updated>
    <content type="html">&lt;p&gt;Escaped &amp;amp; HTML&lt;/p&gt;</content>
  </entry>
</feed>
""".encode()

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old style</title>
    <link>https://old.example/</link>
  </channel>
  <item rdf:about="https://old.example/1">
    <title>First</title>
    <link>https://old.example/1</link>
    <dc:date>2023-01-02T03:04:05Z</dc:date>
  </item>
</rdf:RDF>
"""


def test_rss() -> None:
    feed = parse_feed(RSS)
    assert isinstance(feed, Feed)
    assert feed.title == "The Example Journal – World"
    assert feed.url == "https://journal.example/"
    first, second, third = feed.entries
    assert first == FeedEntry(
        title="Sahel juntas sign defence pact",
        url="https://journal.example/world/sahel-pact",
        published_at=datetime(2023, 9, 17, 6, 30, tzinfo=UTC),
        summary="Three military regimes sign a pact.",
        content_html="<p>The military leaders signed.</p>",
    )
    assert second.url == "https://journal.example/world/second"
    assert second.published_at == datetime(2023, 9, 18, 10, 0, tzinfo=UTC)
    assert second.content_html is None and second.summary is None
    assert third.url is None  # a non-permalink guid is not a link
    assert third.published_at is None


def test_atom() -> None:
    feed = parse_feed(ATOM)
    assert feed.title == "Example Wire"
    assert feed.url == "https://wire.example/"
    first, second = feed.entries
    assert first.title == "Niger coup leaders renounce accords"  # HTML title as plain text
    assert first.url == "https://wire.example/2023/09/niger"
    assert first.published_at == datetime(2023, 9, 18, 8, 15, tzinfo=UTC)
    assert first.summary == "Niger’s coup leaders renounced cooperation agreements."
    assert first.content_html == (
        "<p>Niger’s coup leaders have\n        <em>renounced</em> several agreements.</p>"
    )
    assert second.url == "https://wire.example/2023/09/only-updated"
    assert second.published_at == datetime(2023, 9, 18, tzinfo=UTC)
    assert second.content_html == "<p>Escaped &amp; HTML</p>"


def test_rss1() -> None:
    feed = parse_feed(RSS1)
    assert feed.title == "Old style"
    assert [(e.title, e.url) for e in feed.entries] == [("First", "https://old.example/1")]
    assert feed.entries[0].published_at == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>
"""

EXTERNAL_PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>x</title></channel></rss>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE, EXTERNAL_PARAMETER_ENTITY])
def test_entity_payloads_refused_without_expansion(payload: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(ImportInputError, match=r"^This feed contains XML entities.*refused"):
        parse_feed(payload)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<rss><channel><title>unclosed</channel></rss>", "not well-formed XML"),
        (b"this is not xml at all", "not well-formed XML"),
        (b"<html><body>a page</body></html>", "not an RSS or Atom feed"),
        (b'<rss version="2.0"></rss>', "no <channel>"),
    ],
)
def test_bad_feeds(data: bytes, message: str) -> None:
    with pytest.raises(ImportInputError, match=message):
        parse_feed(data)


def test_feed_with_no_entries() -> None:
    feed = parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert feed.title == "Quiet" and feed.entries == []


def test_non_http_links_dropped() -> None:
    data = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>javascript:alert(1)</link></item>"
        b"<item><title>b</title><link>file:///etc/passwd</link></item></channel></rss>"
    )
    assert [e.url for e in parse_feed(data).entries] == [None, None]
