"""Writes for `sources`: every article import, whatever its entry point, goes through here."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Func, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from newsdesk.common import http
from newsdesk.common.errors import InvalidInput
from sources import signals
from sources.importing import ImportInputError
from sources.importing.decode import decode_bytes
from sources.importing.fingerprint import NEAR_DUPLICATE_THRESHOLD, simhash64
from sources.importing.html import extract_html
from sources.importing.text import content_hash, normalise_text, strip_chrome
from sources.models import Article, ArticleRevision, ImportMethod, Outlet, Source

logger = logging.getLogger(__name__)

HTML_MARKERS = ("<html", "<!doctype html", "<body", "<article", "<p>", "<p ", "<div", "<head")


class ImportFailed(InvalidInput):
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

    def __post_init__(self) -> None:
        self.hash = content_hash(self.body)


@dataclass
class ImportResult:
    article: Article
    outcome: str  # "imported" | "existing" | "updated"

    @property
    def created(self) -> bool:
        return self.outcome == "imported"


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    return any(marker in head for marker in HTML_MARKERS)


def _as_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), tzinfo=UTC)
    if isinstance(value, str):
        from django.utils.dateparse import parse_date, parse_datetime

        parsed = parse_datetime(value) or parse_date(value)
        if parsed is None:
            raise ImportFailed(f"published_at {value!r} is not an ISO date or date-time.")
        return _as_datetime(parsed)
    raise ImportFailed(f"published_at {value!r} is not a date.")


def _detect_language(body: str) -> str:
    import py3langid

    language, _score = py3langid.classify(body[:5000])
    return language


def prepare_html(html: str, *, url: str = "", content_type: str = "text/html") -> Prepared:
    extracted = extract_html(html, url=url or None)
    return Prepared(
        title=extracted.title or "",
        body=normalise_text(extracted.body),
        url=extracted.url or url,
        byline=extracted.byline or "",
        published_at=extracted.published_at,
        language=extracted.language or "",
        site_name=extracted.site_name or "",
        raw_input=html,
        raw_content_type=content_type,
    )


def prepare_text(text: str, *, title: str = "", url: str = "") -> Prepared:
    body = normalise_text(strip_chrome(normalise_text(text)))
    if not body:
        raise ImportFailed("The text is empty once page furniture is removed.")
    if not title:
        first_line = body.split("\n", 1)[0]
        title = first_line[:200]
    return Prepared(title=title, body=body, url=url, raw_input=text, raw_content_type="text/plain")


def prepare_bytes(
    data: bytes, *, filename: str = "", declared_charset: str | None = None, url: str = "",
    title: str = "", content_type: str = "",
) -> Prepared:
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFailed(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB."
        )
    text = decode_bytes(data, declared_charset=declared_charset)
    is_html = content_type.startswith(("text/html", "application/xhtml")) or (
        not content_type.startswith("text/plain")
        and (filename.lower().endswith((".html", ".htm")) or _looks_like_html(text))
    )
    if is_html:
        return prepare_html(text, url=url, content_type=content_type or "text/html")
    return prepare_text(text, title=title, url=url)


def prepare_url(url: str) -> Prepared:
    result = http.fetch(
        url,
        max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
        timeout=settings.NEWSDESK_FETCH_TIMEOUT,
        allow_private_hosts=settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS,
    )
    return prepare_bytes(
        result.content,
        declared_charset=result.charset,
        url=result.url,
        content_type=result.content_type or "",
    )


def prepare(
    *, url: str = "", html: str | None = None, text: str | None = None, data: bytes | None = None,
    filename: str = "", title: str = "",
) -> Prepared:
    """Turn exactly one kind of input into a Prepared article. Raises ImportFailed."""
    given = [name for name, value in (("html", html), ("text", text), ("data", data)) if value]
    if len(given) > 1:
        raise ImportFailed("Give one of url, html, text or a file, not several.")
    try:
        if html is not None and html.strip():
            prepared = prepare_html(html, url=url)
        elif text is not None and text.strip():
            prepared = prepare_text(text, title=title, url=url)
        elif data:
            prepared = prepare_bytes(data, filename=filename, url=url, title=title)
        elif url and html is None and text is None and data is None:
            prepared = prepare_url(url)
        else:
            raise ImportFailed("The input is empty: give a URL, HTML, text or a non-empty file.")
    except ImportInputError as exc:
        raise ImportFailed(str(exc)) from exc
    except http.FetchError as exc:
        raise ImportFailed(str(exc), code="fetch_failed") from exc
    if title:
        prepared.title = title
    if not prepared.body.strip():
        raise ImportFailed("No article text could be found in this input.")
    if not prepared.title:
        prepared.title = prepared.body.split("\n", 1)[0][:200]
    return prepared


def _outlet_for(outlet: Outlet | str | None, prepared: Prepared) -> Outlet | None:
    if isinstance(outlet, Outlet):
        return outlet
    if outlet:
        found = Outlet.objects.filter(domain=outlet.lower()).first()
        found = found or Outlet.objects.filter(name__iexact=outlet).first()
        if found is None:
            raise ImportFailed(f"There is no outlet {outlet!r}.")
        return found
    if prepared.url:
        host = (urlsplit(prepared.url).hostname or "").lower().removeprefix("www.")
        if host:
            found, _ = Outlet.objects.get_or_create(
                domain=host, defaults={"name": prepared.site_name or host}
            )
            return found
    return None


def _near_duplicate_of(fingerprint: int, exclude_id: int | None = None) -> Article | None:
    distance = Func(
        RawSQL("(fingerprint # %s)::bit(64)", (fingerprint,)),
        function="bit_count",
        output_field=IntegerField(),
    )
    candidates = (
        Article.objects.filter(fingerprint__isnull=False)
        .annotate(distance=distance)
        .filter(distance__lte=Value(NEAR_DUPLICATE_THRESHOLD))
        .order_by("distance", "id")
    )
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    return candidates.first()


@transaction.atomic
def _store(
    prepared: Prepared, *, method: str, user: Any, outlet: Outlet | str | None,
    published_at: Any,
) -> ImportResult:
    existing = Article.objects.filter(content_hash=prepared.hash).first()
    if existing is not None:
        return ImportResult(existing, "existing")

    published = _as_datetime(published_at) or prepared.published_at
    resolved_outlet = _outlet_for(outlet, prepared)
    fingerprint = simhash64(prepared.body)

    if prepared.url:
        same_url = Article.objects.select_for_update().filter(url=prepared.url).first()
        if same_url is not None:
            return _revise(same_url, prepared, fingerprint=fingerprint, published=published)

    article = Article(
        outlet=resolved_outlet,
        url=prepared.url,
        title=prepared.title[:500],
        byline=prepared.byline[:500],
        published_at=published,
        language=prepared.language or _detect_language(prepared.body),
        body=prepared.body,
        content_hash=prepared.hash,
        fingerprint=fingerprint,
        near_duplicate_of=_near_duplicate_of(fingerprint),
        import_method=method,
        imported_by=user if getattr(user, "pk", None) else None,
        raw_input=prepared.raw_input,
        raw_content_type=prepared.raw_content_type,
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another import of the same text or URL committed first: answer with it.
        raced = Article.objects.filter(content_hash=prepared.hash).first()
        raced = raced or (prepared.url and Article.objects.filter(url=prepared.url).first())
        if not raced:
            raise
        return ImportResult(raced, "existing")
    transaction.on_commit(
        lambda: signals.article_imported.send(sender=Article, article_id=article.pk),
        robust=True,
    )
    return ImportResult(article, "imported")


def _revise(
    article: Article, prepared: Prepared, *, fingerprint: int, published: datetime | None
) -> ImportResult:
    """A changed text at a known URL: keep the old text as a revision, adopt the new one."""
    ArticleRevision.objects.create(
        article=article,
        revision=article.revision,
        title=article.title,
        body=article.body,
        content_hash=article.content_hash,
        raw_input=article.raw_input,
        created_at=article.updated_at,
    )
    article.revision += 1
    article.title = prepared.title[:500]
    article.body = prepared.body
    article.content_hash = prepared.hash
    article.fingerprint = fingerprint
    article.raw_input = prepared.raw_input
    article.raw_content_type = prepared.raw_content_type
    article.byline = prepared.byline[:500] or article.byline
    article.published_at = published or article.published_at
    article.save()
    revision = article.revision
    transaction.on_commit(
        lambda: signals.article_revised.send(
            sender=Article, article_id=article.pk, revision=revision
        ),
        robust=True,
    )
    return ImportResult(article, "updated")


def article_import(
    *,
    method: str,
    user: Any = None,
    url: str = "",
    html: str | None = None,
    text: str | None = None,
    data: bytes | None = None,
    filename: str = "",
    title: str = "",
    published_at: Any = None,
    outlet: Outlet | str | None = None,
) -> ImportResult:
    """Import one article from a URL, HTML, pasted text or file bytes.

    The same text (or the same canonical URL with the same text) answers with the
    existing article; a changed text at a known URL becomes a new revision. Raises
    ImportFailed with a message for the editor when the input cannot be imported.
    """
    if method not in ImportMethod.values:
        raise ImportFailed(f"Unknown import method {method!r}.")
    prepared = prepare(url=url, html=html, text=text, data=data, filename=filename, title=title)
    return _store(prepared, method=method, user=user, outlet=outlet, published_at=published_at)


@transaction.atomic
def source_for_article(*, article: Article) -> Source:
    """The citable Source for an imported article (created once)."""
    source, _ = Source.objects.get_or_create(
        article=article,
        defaults={
            "kind": Source.Kind.NEWS,
            "title": article.title[:500],
            "url": article.url if not Source.objects.filter(url=article.url).exclude(url="").exists() else "",
            "publisher": article.outlet.name if article.outlet else "",
            "published_at": article.published_at.date() if article.published_at else None,
        },
    )
    return source


@transaction.atomic
def source_create(
    *, title: str, url: str = "", kind: str = "other", publisher: str = "",
    published_at: date | None = None,
) -> Source:
    if not title.strip():
        raise InvalidInput("A source needs a title.")
    if kind not in Source.Kind.values:
        raise InvalidInput(f"Unknown source kind {kind!r}.")
    if url:
        existing = Source.objects.filter(url=url).first()
        if existing:
            return existing
    return Source.objects.create(
        title=title.strip()[:500], url=url, kind=kind, publisher=publisher, published_at=published_at
    )


@transaction.atomic
def outlet_get_or_create(
    *, domain: str, name: str = "", country: str = "", language: str = ""
) -> Outlet:
    domain = domain.strip().lower().removeprefix("www.")
    if not domain:
        raise InvalidInput("An outlet needs a domain.")
    outlet, _ = Outlet.objects.get_or_create(
        domain=domain,
        defaults={"name": name or domain, "country": country.upper(), "language": language},
    )
    return outlet
