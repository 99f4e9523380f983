"""Writes for `sources`: every article import, whatever its entry point, goes through here.

Entry points (admin import page, staff API, `import_articles` command, batch and feed
tasks) call :func:`article_import`. It turns one input into a :class:`Prepared` article
(:mod:`sources.preparing`: fetching, decoding, extracting and cleaning outside any
transaction), then stores it in one transaction: the same text or the same canonical URL
with the same text answers with the existing article, a changed text at a known URL becomes
a new revision, and a near-duplicate (the same wire story with another footer) is linked to
its original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, connection, transaction

from newsdesk.common.errors import InvalidInput
from sources import signals
from sources.importing.fingerprint import NEAR_DUPLICATE_THRESHOLD
from sources.importing.text import detect_language
from sources.models import Article, ArticleRevision, ImportMethod, Outlet, Source
from sources.preparing import ImportFailed, Prepared, as_datetime, canonical_url, prepare

__all__ = [
    "ImportFailed",
    "ImportResult",
    "article_edit",
    "article_import",
    "outlet_get_or_create",
    "source_create",
    "source_for_article",
]


@dataclass
class ImportResult:
    article: Article
    outcome: str  # "imported" | "existing" | "updated" (ImportOutcome values)

    @property
    def created(self) -> bool:
        return self.outcome == "imported"


# Near-duplicates (the same wire story with another footer) arrive close together: each
# import compares its fingerprint with the most recent articles only, so the cost of the
# check is bounded (a primary-key range scan, ~5 ms) however large the table grows.
NEAR_DUPLICATE_WINDOW = 10_000


# --------------------------------------------------------------------------- storing


def _outlet_for(outlet: Outlet | int | str) -> Outlet:
    """The outlet an import names (an Outlet, its id, its domain or its name)."""
    if isinstance(outlet, Outlet):
        return outlet
    if isinstance(outlet, int):
        found = Outlet.objects.filter(pk=outlet).first()
        if found is None:
            raise ImportFailed(f"There is no outlet #{outlet}.", code="unknown_outlet")
        return found
    if isinstance(outlet, str) and outlet.strip():
        wanted = outlet.strip()
        found = Outlet.objects.filter(domain=wanted.lower().removeprefix("www.")).first()
        found = found or Outlet.objects.filter(name__iexact=wanted).first()
        if found is None:
            raise ImportFailed(
                f"There is no outlet {wanted!r} (give its domain or its name).",
                code="unknown_outlet",
            )
        return found
    raise ImportFailed(f"There is no outlet {outlet!r}.", code="unknown_outlet")


def _outlet_domain(prepared: Prepared) -> str:
    """The domain an article's own address gives its outlet ("" without an address)."""
    return (urlsplit(prepared.url).hostname or "").lower().removeprefix("www.")


# Everything the write needs to know, in one round trip (most imports find no known
# article; the ORM took longer to build these queries than PostgreSQL takes to answer):
# - "known": the articles with the same text or the same canonical URL, locked, so two
#   changed versions arriving at once become two successive revisions;
# - "outlet": the outlet of the article's domain, when it exists;
# - "near": the closest recent article whose fingerprint is a few bits away, if any.
_ARTICLES, _OUTLETS = Article._meta.db_table, Outlet._meta.db_table
_LOOKUP_SQL = f"""
    WITH known AS (
        SELECT id, content_hash FROM {_ARTICLES}
        WHERE content_hash = %(hash)s OR url = %(url)s
        ORDER BY id LIMIT 2 FOR UPDATE
    )
    SELECT 'known', id, content_hash FROM known
    UNION ALL
    SELECT 'outlet', id, NULL FROM {_OUTLETS} WHERE domain = %(domain)s
    UNION ALL (
        SELECT 'near', id, NULL FROM {_ARTICLES}
        WHERE id > (SELECT max(id) FROM {_ARTICLES}) - %(window)s
          AND fingerprint IS NOT NULL
          AND bit_count((fingerprint # %(fingerprint)s)::bit(64)) <= %(threshold)s
        ORDER BY bit_count((fingerprint # %(fingerprint)s)::bit(64)), id
        LIMIT 1
    )
"""  # noqa: S608 (table names only; values are parameters)


@dataclass
class _Lookup:
    known: list[int] = field(default_factory=list)  # ids, oldest first
    same_text: int | None = None
    outlet: int | None = None
    near_duplicate: int | None = None


def _lookup(prepared: Prepared, domain: str) -> _Lookup:
    found = _Lookup()
    with connection.cursor() as cursor:
        cursor.execute(
            _LOOKUP_SQL,
            {
                "hash": prepared.hash,
                "url": prepared.url or None,
                "domain": domain or None,
                "window": NEAR_DUPLICATE_WINDOW,
                "fingerprint": prepared.fingerprint,
                "threshold": NEAR_DUPLICATE_THRESHOLD,
            },
        )
        for kind, pk, known_hash in cursor.fetchall():
            if kind == "known":
                found.known.append(pk)
                if known_hash == prepared.hash and found.same_text is None:
                    found.same_text = pk
            elif kind == "outlet":
                found.outlet = pk
            else:
                found.near_duplicate = pk
    found.known.sort()
    return found


@transaction.atomic
def _store(
    prepared: Prepared,
    *,
    method: str,
    user: Any,
    outlet: Outlet | int | str | None,
    published_at: Any,
) -> ImportResult:
    """One transaction: one lookup (`_LOOKUP_SQL`), then the article with the same text, a
    revision of the one at the same address, or a new article."""
    named = None if outlet is None or (isinstance(outlet, str) and not outlet.strip()) else outlet
    domain = "" if named is not None else _outlet_domain(prepared)
    found = _lookup(prepared, domain)
    if found.same_text is not None:
        return ImportResult(Article.objects.get(pk=found.same_text), "existing")

    published = as_datetime(published_at) or prepared.published_at
    named_outlet = _outlet_for(named) if named is not None else None
    if found.known:  # the same URL with a changed text
        return _revise(Article.objects.get(pk=found.known[0]), prepared, published=published)

    outlet_id: int | None
    if named_outlet is not None:
        outlet_id = named_outlet.pk
    elif found.outlet is None and domain:
        outlet_id = Outlet.objects.get_or_create(
            domain=domain, defaults={"name": (prepared.site_name or domain)[:200]}
        )[0].pk
    else:
        outlet_id = found.outlet
    article = Article(
        outlet_id=outlet_id,
        url=prepared.url,
        title=prepared.title[:500],
        byline=prepared.byline[:500],
        published_at=published,
        language=(prepared.language or detect_language(prepared.body))[:12],
        body=prepared.body,
        content_hash=prepared.hash,
        fingerprint=prepared.fingerprint,
        near_duplicate_of_id=found.near_duplicate,
        import_method=method,
        imported_by=user if getattr(user, "pk", None) else None,
        raw_input=prepared.raw_input,
        raw_content_type=prepared.raw_content_type[:100],
    )
    article.save()  # a race with another import of it: see article_import
    article_id = article.pk
    transaction.on_commit(
        lambda: signals.article_imported.send(sender=Article, article_id=article_id),
        robust=True,
    )
    return ImportResult(article, "imported")


def _revise(article: Article, prepared: Prepared, *, published: datetime | None) -> ImportResult:
    """A changed text at a known URL: keep the old text as a revision, adopt the new one.

    The article's claims are re-anchored after the commit (`article_revised` -> claims).
    """
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
    article.fingerprint = prepared.fingerprint
    article.raw_input = prepared.raw_input
    article.raw_content_type = prepared.raw_content_type[:100]
    article.byline = prepared.byline[:500] or article.byline
    article.published_at = published or article.published_at
    article.language = (prepared.language or article.language)[:12]
    article.save()
    article_id, revision = article.pk, article.revision
    transaction.on_commit(
        lambda: signals.article_revised.send(
            sender=Article, article_id=article_id, revision=revision
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
    outlet: Outlet | int | str | None = None,
    content_type: str = "",
    charset: str | None = None,
    fetched: bool = False,
) -> ImportResult:
    """Import one article from a URL, HTML, pasted text or file bytes.

    `method` records the entry point (`ImportMethod`). The same text answers with the
    existing article; the same canonical URL with a changed text becomes a new revision
    whose claims are re-anchored after the commit. Raises ImportFailed with a message for
    the editor when the input cannot be imported; nothing is written then.

    Fetching and extraction run before the write transaction opens (no transaction is
    held across the network); the write itself is one atomic block.
    """
    if method not in ImportMethod.values:
        raise ImportFailed(f"Unknown import method {method!r}.")
    prepared = prepare(
        url=url,
        html=html,
        text=text,
        data=data,
        filename=filename,
        title=title,
        content_type=content_type,
        charset=charset,
        fetched=fetched,
    )
    try:
        return _store(prepared, method=method, user=user, outlet=outlet, published_at=published_at)
    except IntegrityError:
        # Another import of the same text or URL committed first (the write was rolled
        # back as a whole, without a savepoint per import): answer with that article.
        raced = Article.objects.filter(content_hash=prepared.hash).first()
        if raced is None and prepared.url:
            raced = Article.objects.filter(url=prepared.url).first()
        if raced is None:
            raise
        return ImportResult(raced, "existing")


# Details an editor may correct by hand; the text itself changes only by import (a revision).
ARTICLE_EDITABLE = ("title", "outlet", "url", "byline", "published_at", "language")


@transaction.atomic
def article_edit(*, article: Article, fields: list[str] | tuple[str, ...]) -> Article:
    """Save an editor's corrections to `fields` of `article` (already set on the instance).

    The address is stored in its canonical form, http or https only, like an imported one.
    """
    unknown = sorted(set(fields) - set(ARTICLE_EDITABLE))
    if unknown:
        raise InvalidInput(f"These article fields are not edited by hand: {', '.join(unknown)}.")
    if not fields:
        return article
    if "url" in fields:
        article.url = canonical_url(article.url)
    if "title" in fields and not article.title.strip():
        raise InvalidInput("An article needs a title.")
    article.save(update_fields=[*fields, "updated_at"])
    return article


# --------------------------------------------------------------------------- sources, outlets


@transaction.atomic
def source_for_article(*, article: Article) -> Source:
    """The citable Source for an imported article (created once)."""
    url_free = bool(article.url) and not Source.objects.filter(url=article.url).exists()
    source, _ = Source.objects.get_or_create(
        article=article,
        defaults={
            "kind": Source.Kind.NEWS,
            "title": article.title[:500],
            "url": article.url if url_free else "",
            "publisher": article.outlet.name if article.outlet else "",
            "published_at": article.published_at.date() if article.published_at else None,
        },
    )
    return source


@transaction.atomic
def source_create(
    *,
    title: str,
    url: str = "",
    kind: str = "other",
    publisher: str = "",
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
        title=title.strip()[:500],
        url=url,
        kind=kind,
        publisher=publisher,
        published_at=published_at,
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
