"""Article extraction from a web page (trafilatura) and HTML sanitising for display."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urljoin, urlsplit

import nh3
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from sources.importing import ImportInputError
from sources.importing.text import detect_language, normalise_text, strip_chrome

__all__ = ["ExtractedArticle", "extract_html", "sanitize_display_html"]

logger = logging.getLogger(__name__)

NO_TEXT = "No article text could be found in this page."

# Chosen by measurement on the extraction eval set (tests/sources/test_extraction_eval.py):
# balanced mode (neither favor_precision nor favor_recall) scored best.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_images": False,
    "include_formatting": False,
    "favor_precision": False,
    "favor_recall": False,
    "with_metadata": True,
    "deduplicate": False,
}
# Use the JSON-LD ``articleBody`` when the page body yields much less text than it
# (pages rendered by JavaScript keep the article only in their structured data).
_JSONLD_MIN_CHARS = 400
_JSONLD_RATIO = 2.0
_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|NewsArticle)$")

_DISPLAY_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
    "sup", "blockquote", "q", "cite", "ul", "ol", "li", "a", "abbr", "code", "pre", "figure",
    "figcaption", "table", "thead", "tbody", "tr", "th", "td", "caption", "span",
}  # fmt: skip


@dataclass(frozen=True)
class ExtractedArticle:
    """What a web page yields: metadata and the plain-text body."""

    title: str | None
    byline: str | None
    published_at: datetime | None
    site_name: str | None
    url: str | None
    language: str | None
    body: str  # plain text, paragraphs separated by "\n\n"


def sanitize_display_html(html: str) -> str:
    """Sanitise untrusted HTML for display: a small set of text tags, safe links only."""
    return nh3.clean(
        html or "",
        tags=_DISPLAY_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"},
                    "th": {"colspan", "rowspan", "scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )  # fmt: skip


# --------------------------------------------------------------------------- helpers


def _paragraphs(text: str | None) -> str:
    """trafilatura's one-line-per-block text as paragraphs separated by blank lines."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _parse_tree(html: str) -> Any | None:
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError, TypeError):
        return None


def _load_page(html: str) -> Any | None:
    """The page parsed once, the way trafilatura parses it (its own loader and parser).

    The same tree feeds trafilatura (which works on a copy) and the metadata read here, so
    a page is parsed once, and a page that opens with an XML declaration parses too.
    """
    try:
        return load_html(html)
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page (``@graph`` flattened)."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):  # iter(tag) walks in C; iterfind(path) in Python
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def _is_article(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)


def _jsonld_body(objects: list[dict[str, Any]]) -> str:
    bodies = [
        obj["articleBody"]
        for obj in objects
        if _is_article(obj) and isinstance(obj.get("articleBody"), str)
    ]
    if not bodies:
        return ""
    body = max(bodies, key=len)
    if "<" in body and ">" in body:  # some sites put HTML in articleBody
        fragment = _parse_tree(f"<html><body>{body}</body></html>")
        if fragment is not None:
            for block in fragment.iter("p", "br", "div", "li", "h2", "h3", "h4"):
                block.tail = "\n" + (block.tail or "")
            body = fragment.text_content()
    return body


def _parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (midnight UTC for a date)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time(0, 0))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


_PUBLISHED_NAMES = ("article:published_time", "og:article:published_time", "datePublished")


def _published_at(
    tree: Any, objects: list[dict[str, Any]], fallback: str | None
) -> datetime | None:
    """Full timestamp from structured data or meta tags, else trafilatura's date."""
    for obj in objects:
        if _is_article(obj):
            parsed = _parse_datetime(obj.get("datePublished"))
            if parsed:
                return parsed
    if tree is not None:
        dated: dict[str, datetime] = {}  # the first parsable date of each name
        for meta in tree.iter("meta"):
            parsed = None
            for attribute in ("property", "name", "itemprop"):
                name = meta.get(attribute)
                if name in _PUBLISHED_NAMES and name not in dated:
                    parsed = parsed or _parse_datetime(meta.get("content"))
                    if parsed:
                        dated[name] = parsed
        for name in _PUBLISHED_NAMES:  # in order of preference
            if name in dated:
                return dated[name]
    return _parse_datetime(fallback)


def _canonical_url(tree: Any, url: str | None) -> str | None:
    if tree is not None:
        for link in tree.iter("link"):
            rels = (link.get("rel") or "").lower().split()
            if "canonical" in rels and link.get("href") is not None:
                candidate = urljoin(url or "", link.get("href", "").strip())
                if urlsplit(candidate).scheme in ("http", "https") and urlsplit(candidate).netloc:
                    return candidate
    return url


def _language(tree: Any, body: str) -> str | None:
    """Language of the body (py3langid); the page's ``lang`` attribute for short texts."""
    if len(body) >= 200:
        return detect_language(body)
    if tree is not None:
        declared = (tree.get("lang") or "").strip().lower()
        if re.match(r"^[a-z]{2,3}(?:[-_]|$)", declared):
            return re.split(r"[-_]", declared, maxsplit=1)[0]
    return None


def _clean_field(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


_PLACEHOLDER_BYLINES = {"no author", "unknown", "admin", "administrator", "author"}
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


def _clean_title(title: str | None, site_name: str | None) -> str | None:
    """The page title without a trailing " | Site Name"."""
    if title and site_name and title != site_name:
        for separator in _TITLE_SEPARATORS:
            suffix = f"{separator}{site_name}"
            if title.endswith(suffix) and len(title) - len(suffix) >= 10:
                return title[: -len(suffix)].strip()
    return title


def _clean_byline(byline: str | None) -> str | None:
    if byline and byline.casefold() in _PLACEHOLDER_BYLINES:
        return None
    return byline


# --------------------------------------------------------------------------- extraction


def extract_html(html: str, *, url: str | None = None) -> ExtractedArticle:
    """Extract the article (text and metadata) from a web page.

    Comments, links and images are left out, tables kept as text. The body is
    normalised and stripped of page furniture. Raises :class:`ImportInputError`
    when no article text can be found; malformed or truncated HTML is tolerated.
    """
    if not html or not html.strip():
        raise ImportInputError(NO_TEXT)
    parsed = _load_page(html)
    try:
        document = (
            trafilatura.bare_extraction(parsed, url=url, **TRAFILATURA_OPTIONS)
            if parsed is not None
            else None
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError, RecursionError):
        logger.warning("trafilatura failed on %s", url or "an HTML input", exc_info=True)
        document = None
    # trafilatura returns the element it saw fit (a fragment's body, say): read the
    # metadata from the whole document.
    tree = parsed.getroottree().getroot() if parsed is not None else None

    body = _paragraphs(getattr(document, "text", None))
    objects = _jsonld_objects(tree) if tree is not None else []
    structured = normalise_text(_jsonld_body(objects))
    if len(structured) >= _JSONLD_MIN_CHARS and len(structured) > _JSONLD_RATIO * len(body):
        body = _paragraphs(structured)
    body = strip_chrome(body, edges=False)
    if not body.strip():
        raise ImportInputError(NO_TEXT)

    site_name = _clean_field(getattr(document, "sitename", None))
    return ExtractedArticle(
        title=_clean_title(_clean_field(getattr(document, "title", None)), site_name),
        byline=_clean_byline(_clean_field(getattr(document, "author", None))),
        published_at=_published_at(tree, objects, getattr(document, "date", None)),
        site_name=site_name,
        url=_canonical_url(tree, url),
        language=_language(tree, body),
        body=body,
    )
