"""Turning one input into a :class:`Prepared` article, before anything is written.

Input checks (size, binary files, feeds given as articles), the safe fetch, decoding,
extraction and clean-up, the canonical address and the two dedupe keys (content hash and
near-duplicate fingerprint). Nothing here opens a transaction: :mod:`sources.services` stores
what this returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from newsdesk.common import http
from newsdesk.common.errors import InvalidInput
from sources.fields import compress_ahead
from sources.importing import ImportInputError
from sources.importing.decode import decode_bytes
from sources.importing.fingerprint import body_fingerprint
from sources.importing.html import extract_html
from sources.importing.text import content_hash, strip_chrome

HTML_MARKERS = ("<html", "<!doctype html", "<body", "<article", "<p>", "<p ", "<div", "<head")
FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_FEED_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
# Text that starts like a binary file (a PDF or an image pasted or posted as a string).
_BINARY_PREFIXES = ("%PDF", "\x89PNG", "GIF87a", "GIF89a", "\xff\xd8\xff", "PK\x03\x04")
# C0 controls other than tab, newline, form feed, carriage return and escape.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Query parameters that only track a click; dropped so the same page dedupes by URL.
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.I)


class ImportFailed(InvalidInput):
    """One input cannot be imported; `message` tells the editor why."""

    code = "import_failed"


@dataclass
class Prepared:
    """An input turned into what an Article stores, before anything is written."""

    title: str
    body: str
    url: str = ""
    byline: str = ""
    published_at: datetime | None = None
    language: str = ""
    site_name: str = ""
    raw_input: str = ""
    raw_content_type: str = ""
    hash: str = field(init=False, default="")
    fingerprint: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        # Every body reaches here normalised (extract_html, strip_chrome). Both keys are
        # computed here, outside the write transaction.
        self.hash = content_hash(self.body, normalised=True)
        self.fingerprint = body_fingerprint(self.body)


# --------------------------------------------------------------------------- input checks


def _format_mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def _check_size(size: int, what: str = "The file") -> None:
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFailed(
            f"{what} is {_format_mb(size)}; the limit is {limit / 1_048_576:g} MB.",
            code="too_large",
        )


def check_text_input(value: str, what: str = "The text") -> None:
    """Refuse oversized strings and binary files posted or pasted as text."""
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if len(value) > limit or len(value) * 4 > limit:
        _check_size(len(value.encode("utf-8", "surrogatepass")), what)
    head = value[:65536]
    if head.lstrip().startswith(_BINARY_PREFIXES) or "\x00" in head:
        raise ImportFailed(
            "This looks like a binary file (a PDF, an image or an archive), not an article: "
            "give the article as a web page (HTML) or plain text.",
            code="binary_input",
        )
    if len(_CONTROL_CHARS.findall(head)) > max(2, len(head) * 0.02):
        raise ImportFailed(
            "This text is full of control characters: it looks like a binary file, not an article.",
            code="binary_input",
        )


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    return any(marker in head for marker in HTML_MARKERS)


def looks_like_feed(text_or_bytes: str | bytes, content_type: str = "") -> bool:
    """True for an RSS / Atom document (by content type, else by its root element)."""
    if content_type.lower() in FEED_CONTENT_TYPES:
        return True
    head = text_or_bytes[:2048]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    return bool(_FEED_ROOT.match(head.removeprefix("\ufeff")))


def canonical_url(url: str) -> str:
    """The URL as stored and compared: scheme and host lower case, no fragment, no
    default port, click-tracking parameters dropped. Empty stays empty."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ImportFailed(f"{url!r} is not a valid link.", code="bad_url") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ImportFailed(f"{url!r} is not an http or https link.", code="bad_url")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    if port and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    canonical = urlunsplit((scheme, host, parts.path or "/", query, ""))
    if len(canonical) > 2000:
        raise ImportFailed("The link is longer than 2,000 characters.", code="bad_url")
    return canonical


def as_datetime(value: Any) -> datetime | None:
    """A published_at given with an import (datetime, date or ISO string) as an aware datetime."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), tzinfo=UTC)
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip()) or parse_date(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ImportFailed(f"published_at {value!r} is not an ISO date or date-time.")
        return as_datetime(parsed)
    raise ImportFailed(f"published_at {value!r} is not a date.")


# --------------------------------------------------------------------------- preparing


def _page_address(given: str, declared: str | None, *, fetched: bool) -> str:
    """The article's address: a given URL is the canonical one; for a fetched page (or a
    page given without a URL) the page's own `<link rel=canonical>` is preferred when it
    is a proper article address on the same site (never a home page, never elsewhere)."""
    try:
        page = canonical_url(declared or "")
    except ImportFailed:
        page = ""
    if not page or (given and not fetched):
        return given or page
    if not given:
        return page
    page_parts, given_parts = urlsplit(page), urlsplit(given)
    same_site = (page_parts.hostname or "").removeprefix("www.") == (
        given_parts.hostname or ""
    ).removeprefix("www.")
    return page if same_site and page_parts.path not in ("", "/") else given


def prepare_html(
    html: str, *, url: str = "", content_type: str = "text/html", fetched: bool = False
) -> Prepared:
    """Main text and metadata of a web page (trafilatura), cleaned and normalised."""
    check_text_input(html, "The page")
    raw_input = compress_ahead(html)  # overlaps the extraction below
    if looks_like_feed(html, content_type):
        raise ImportFailed(
            "This is an RSS or Atom feed, not an article: add it as a Feed, or give it to "
            "`manage.py import_articles` to import its entries.",
            code="feed_not_article",
        )
    url = canonical_url(url)
    extracted = extract_html(html, url=url or None)
    # extract_html's body is already normalised and stripped of page furniture.
    return Prepared(
        title=extracted.title or "",
        body=extracted.body,
        url=_page_address(url, extracted.url, fetched=fetched),
        byline=extracted.byline or "",
        published_at=extracted.published_at,
        language=extracted.language or "",
        site_name=extracted.site_name or "",
        raw_input=raw_input,
        raw_content_type=content_type,
    )


def prepare_text(text: str, *, title: str = "", url: str = "") -> Prepared:
    """Pasted or uploaded plain text: normalised, page-furniture lines dropped."""
    check_text_input(text, "The text")
    body = strip_chrome(text)
    if not body:
        raise ImportFailed("The text is empty once page furniture is removed.", code="empty")
    if not title:
        title = body.split("\n", 1)[0][:200]
    return Prepared(
        title=title,
        body=body,
        url=canonical_url(url),
        raw_input=text,
        raw_content_type="text/plain",
    )


def prepare_bytes(
    data: bytes,
    *,
    filename: str = "",
    declared_charset: str | None = None,
    url: str = "",
    title: str = "",
    content_type: str = "",
    fetched: bool = False,
) -> Prepared:
    """An uploaded or fetched file: size and binary checks, decoding, then HTML or text."""
    _check_size(len(data))
    text = decode_bytes(data, declared_charset=declared_charset)
    if looks_like_feed(text, content_type) or filename.lower().endswith((".rss", ".atom")):
        raise ImportFailed(
            "This is an RSS or Atom feed, not an article: add it as a Feed, or give it to "
            "`manage.py import_articles` to import its entries.",
            code="feed_not_article",
        )
    is_html = content_type.startswith(("text/html", "application/xhtml")) or (
        not content_type.startswith("text/plain")
        and (filename.lower().endswith((".html", ".htm")) or _looks_like_html(text))
    )
    if is_html:
        return prepare_html(
            text, url=url, content_type=content_type or "text/html", fetched=fetched
        )
    return prepare_text(text, title=title, url=url)


def fetch_page(url: str) -> http.FetchResult:
    """Fetch `url` with the safe client and the import limits; errors as ImportFailed."""
    try:
        return http.fetch(
            url,
            max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
            timeout=settings.NEWSDESK_FETCH_TIMEOUT,
            allow_private_hosts=settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS,
        )
    except http.UnsafeURL as exc:
        raise ImportFailed(f"The link was refused: {exc}", code="url_refused") from exc
    except http.FetchError as exc:
        raise ImportFailed(f"The page could not be fetched: {exc}", code="fetch_failed") from exc


def prepare_fetched(result: http.FetchResult, *, title: str = "") -> Prepared:
    """A page fetched by :func:`fetch_page`, with its final URL as the address."""
    return prepare_bytes(
        result.content,
        declared_charset=result.charset,
        url=result.url,
        title=title,
        content_type=result.content_type or "",
        fetched=True,
    )


def prepare_url(url: str) -> Prepared:
    return prepare_fetched(fetch_page(url))


def prepare(
    *,
    url: str = "",
    html: str | None = None,
    text: str | None = None,
    data: bytes | None = None,
    filename: str = "",
    title: str = "",
    content_type: str = "",
    charset: str | None = None,
    fetched: bool = False,
) -> Prepared:
    """Turn exactly one kind of input into a Prepared article. Raises ImportFailed.

    `url` alone is fetched; beside `html`, `text` or `data` it is only recorded as the
    article's canonical address -- unless `fetched` says that `data` (with its
    `content_type` and `charset`) was already fetched from `url`.
    """
    given = [name for name, value in (("html", html), ("text", text), ("data", data)) if value]
    if len(given) > 1:
        raise ImportFailed("Give one of url, html, text or a file, not several.")
    title = " ".join((title or "").split())
    try:
        if html is not None and html.strip():
            prepared = prepare_html(html, url=url)
        elif text is not None and text.strip():
            prepared = prepare_text(text, title=title, url=url)
        elif data is not None and data.strip():
            prepared = prepare_bytes(
                data,
                filename=filename,
                url=url,
                title=title,
                content_type=content_type,
                declared_charset=charset,
                fetched=fetched,
            )
        elif url and html is None and text is None and data is None:
            prepared = prepare_url(url)
        elif data is not None:
            raise ImportFailed("The file is empty.", code="empty")
        else:
            raise ImportFailed(
                "The input is empty: give a URL, HTML, text or a non-empty file.", code="empty"
            )
    except ImportInputError as exc:
        raise ImportFailed(str(exc)) from exc
    if title:
        prepared.title = title
    if not prepared.body.strip():
        raise ImportFailed("No article text could be found in this input.", code="empty")
    if not prepared.title:
        prepared.title = prepared.body.split("\n", 1)[0][:200]
    return prepared
