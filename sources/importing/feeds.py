"""RSS 2.0 / RSS 1.0 / Atom 1.0 parsing with entity expansion refused (defusedxml)."""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError, tostring

import nh3
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from sources.importing import ImportInputError

__all__ = ["Feed", "FeedEntry", "parse_feed"]

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class FeedEntry:
    """One feed item. ``content_html`` is untrusted: sanitise before displaying it."""

    title: str | None
    url: str | None
    published_at: datetime | None
    summary: str | None  # plain text
    content_html: str | None


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title, its home page link and its entries in feed order."""

    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    url: str | None = None


def _plain(markup: str | None) -> str | None:
    """Text of an HTML fragment, whitespace folded."""
    if not markup:
        return None
    text = html.unescape(nh3.clean(markup, tags=set()))
    text = " ".join(text.split())
    return text or None


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _http_url(value: str | None, base: str | None) -> str | None:
    if not value or not value.strip():
        return None
    url = urljoin(base or "", value.strip())
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _rfc822_date(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return _iso_date(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _iso_date(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# --------------------------------------------------------------------------- RSS


def _rss_item(item: Element, ns: str, base: str | None) -> FeedEntry:
    link = _http_url(item.findtext(f"{ns}link"), base)
    if link is None:
        guid = item.find(f"{ns}guid")
        if guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
            link = _http_url(guid.text, base)
    if link is None and item.get(f"{RDF}about"):
        link = _http_url(item.get(f"{RDF}about"), base)
    published = _rfc822_date(item.findtext(f"{ns}pubDate")) or _iso_date(item.findtext(f"{DC}date"))
    content = item.findtext(f"{CONTENT}encoded")
    return FeedEntry(
        title=_plain(item.findtext(f"{ns}title")),
        url=link,
        published_at=published,
        summary=_plain(item.findtext(f"{ns}description")),
        content_html=content.strip() if content and content.strip() else None,
    )


def _parse_rss(root: Element) -> Feed:
    channel = root.find("channel")
    if channel is None:
        raise ImportInputError("This RSS feed has no <channel> element.")
    base = _http_url(channel.findtext("link"), None)
    entries = [_rss_item(item, "", base) for item in channel.iter("item")]
    return Feed(title=_plain(channel.findtext("title")), entries=entries, url=base)


def _parse_rss1(root: Element) -> Feed:
    channel = root.find(f"{RSS1}channel")
    base = _http_url(channel.findtext(f"{RSS1}link"), None) if channel is not None else None
    title = _plain(channel.findtext(f"{RSS1}title")) if channel is not None else None
    entries = [_rss_item(item, RSS1, base) for item in root.iter(f"{RSS1}item")]
    return Feed(title=title, entries=entries, url=base)


# --------------------------------------------------------------------------- Atom


def _atom_text(element: Element | None) -> tuple[str | None, str | None]:
    """(plain text, HTML) of an Atom text construct (type text, html or xhtml)."""
    if element is None:
        return None, None
    kind = (element.get("type") or "text").lower()
    if kind == "xhtml":
        div = element.find(f"{XHTML}div")
        container = div if div is not None else element
        parts = [html.escape(container.text or "")]
        for child in container:
            plain_child = copy.deepcopy(child)
            for node in plain_child.iter():
                if isinstance(node.tag, str):
                    node.tag = node.tag.rpartition("}")[2]
            parts.append(tostring(plain_child, encoding="unicode"))
        markup = "".join(parts).strip()
        return _plain(markup), markup or None
    raw = "".join(element.itertext())
    if kind in ("html", "text/html"):
        return _plain(raw), raw.strip() or None
    text = " ".join(raw.split()) or None
    return text, html.escape(raw.strip()) if raw.strip() else None


def _atom_link(element: Element, base: str | None) -> str | None:
    fallback = None
    for link in element.findall(f"{ATOM}link"):
        rel = (link.get("rel") or "alternate").lower()
        if rel == "alternate":
            return _http_url(link.get("href"), base)
        if fallback is None and rel not in ("self", "edit", "replies", "enclosure"):
            fallback = _http_url(link.get("href"), base)
    return fallback


def _parse_atom(root: Element) -> Feed:
    base = _atom_link(root, None)
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        title, _ = _atom_text(entry.find(f"{ATOM}title"))
        summary, _ = _atom_text(entry.find(f"{ATOM}summary"))
        _, content_html = _atom_text(entry.find(f"{ATOM}content"))
        published = _iso_date(entry.findtext(f"{ATOM}published")) or _iso_date(
            entry.findtext(f"{ATOM}updated")
        )
        entries.append(
            FeedEntry(
                title=title,
                url=_atom_link(entry, base),
                published_at=published,
                summary=summary,
                content_html=content_html,
            )
        )
    title, _ = _atom_text(root.find(f"{ATOM}title"))
    return Feed(title=title, entries=entries, url=base)


# --------------------------------------------------------------------------- entry point


def parse_feed(data: bytes) -> Feed:
    """Parse an RSS 2.0, RSS 1.0 or Atom 1.0 document.

    DTD entity declarations and external references are refused outright
    (billion-laughs and XXE payloads are never expanded). Raises
    :class:`ImportInputError` for refused, malformed or non-feed documents.
    """
    if not data or not data.strip():
        raise ImportInputError("The feed is empty.")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportInputError(
            "This feed contains XML entities or external references, which are refused for safety."
        ) from None
    except ParseError as exc:
        raise ImportInputError(f"This feed is not well-formed XML ({exc}).") from None
    if root.tag == "rss":
        return _parse_rss(root)
    if root.tag == f"{ATOM}feed":
        return _parse_atom(root)
    if root.tag == f"{RDF}RDF":
        return _parse_rss1(root)
    raise ImportInputError("This is not an RSS or Atom feed.")
