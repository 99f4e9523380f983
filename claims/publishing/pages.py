"""Public fact-check pages: no login, server-rendered, cacheable.

- `/fact-checks/` lists published verdicts, newest first, filtered by rating and subject
  (the approved fact's entity), paginated;
- `/fact-checks/<id>/<slug>/` is one fact-check: the verdict of its latest published
  version, its corrections (every version), and its ClaimReview as JSON-LD (the same
  document the API serves). Another slug redirects (301) to the current one;
- a retracted fact-check answers **410 Gone** with the retraction notice (its date and
  reason), never the verdict; a claim never published answers 404;
- `/sitemap.xml` lists every page.

Like the consumer API (`claims.publishing.api.views.PublicResponseMixin`), validators
come from the claims' watermark: the ETag names (page, URL, watermark, settings), so a
revalidation costs two index lookups and a repeated request is served from the response
cache, keyed by that ETag (and a small per-process copy of the latest bodies in front of
it), without touching the claims.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from claims.models import Entity, FactCheck
from claims.publishing.api import public
from claims.publishing.claimreview import claim_review, json_ld_script
from claims.publishing.links import page_path, page_slug, page_url

SITEMAP_LIMIT = 50_000  # the sitemaps protocol's limit per file


class _Answer(Exception):
    """A finished response that must not be cached (a redirect, a bad parameter)."""

    def __init__(self, response: HttpResponseBase) -> None:
        self.response = response


def _representation() -> tuple[Any, ...]:
    return (
        settings.NEWSDESK_PUBLISHER_NAME,
        settings.NEWSDESK_PUBLISHER_URL,
        settings.NEWSDESK_PUBLISHER_LOGO,
        tuple(settings.NEWSDESK_PUBLISHER_SAME_AS),
        settings.NEWSDESK_CLAIM_PERMALINK,
        settings.NEWSDESK_PUBLIC_PAGE_SIZE,
        "pages-v1",
    )


def cached_page(
    request: HttpRequest, kind: str, build: Callable[[], tuple[int, str, str]]
) -> HttpResponseBase:
    """Answer with validators from the watermark and the body from the response cache.

    `build` returns (status, content type, body); it may raise Http404 or _Answer, which
    are not cached."""
    last, top = public.watermark()
    etag = public.etag_for(kind, request.build_absolute_uri(), last, top, *_representation())
    found = public.not_modified(request, etag=etag, last_modified=last)
    if found is not None:
        return _public_headers(found)
    ttl = settings.NEWSDESK_API_RESPONSE_CACHE_SECONDS
    key = f"newsdesk:page:{etag.strip(chr(34))}"
    stored = _local_get(key) if ttl > 0 else None
    if stored is None:
        stored = cache.get(key) if ttl > 0 else None
        if stored is None:
            try:
                stored = build()
            except _Answer as answer:
                return answer.response
            if ttl > 0:
                cache.set(key, stored, ttl)
        if ttl > 0:
            _local_put(key, stored, ttl)
    status, content_type, body = stored
    response = HttpResponse(body, content_type=content_type, status=status)
    public.set_validators(response, etag=etag, last_modified=last)
    return _public_headers(response)


# Each process also keeps the most recent bodies: an ETag names one immutable body (the
# watermark is in it), so a copy can only be stale by being unused; entries still expire
# with the shared cache's TTL. Bounded by count, oldest dropped first.
LOCAL_ENTRIES = 256
_LOCAL: OrderedDict[str, tuple[float, tuple[int, str, str]]] = OrderedDict()


def _local_get(key: str) -> tuple[int, str, str] | None:
    found = _LOCAL.get(key)
    if found is None:
        return None
    if found[0] < time.monotonic():
        _LOCAL.pop(key, None)
        return None
    return found[1]


def _local_put(key: str, value: tuple[int, str, str], ttl: int) -> None:
    _LOCAL[key] = (time.monotonic() + ttl, value)
    while len(_LOCAL) > LOCAL_ENTRIES:
        _LOCAL.popitem(last=False)


def _public_headers(response: HttpResponseBase) -> HttpResponseBase:
    # Anyone may keep a copy, but must revalidate it: a retraction shows at once.
    response["Cache-Control"] = "public, no-cache"
    response["Vary"] = "Accept-Encoding"
    return response


# --------------------------------------------------------------------------- one page


def _versions(claim_id: int) -> list[dict[str, Any]]:
    rows = FactCheck.objects.filter(claim_id=claim_id).order_by("version")
    return [
        {
            "version": row["version"],
            "rating": public.RATING_LABELS.get(row["rating"], row["rating"]),
            "approved_at": row["approved_at"],
            "retracted_at": row["retracted_at"],
        }
        for row in rows.values("version", "rating", "approved_at", "retracted_at")
    ]


@require_safe
def factcheck_page(request: HttpRequest, claim_id: int, slug: str) -> HttpResponseBase:
    def build() -> tuple[int, str, str]:
        queryset = public.published_factchecks(tombstones=True).filter(claim_id=claim_id)
        row = public.public_rows(public.with_first_approval(queryset), "first_approved_at")
        row = row.first()
        if row is None:
            raise Http404("There is no published fact-check at this address.")
        if row["retracted_at"] is not None:
            notice = FactCheck.objects.filter(claim_id=claim_id, version=row["version"]).values(
                "retraction_reason", "statement"
            )[0]
            body = render_to_string(
                "claims/public/retracted.html",
                {"row": row, "notice": notice, "versions": _versions(claim_id)},
                request=request,
            )
            return 410, "text/html; charset=utf-8", body
        if slug != page_slug(row["statement"]):
            raise _Answer(HttpResponsePermanentRedirect(page_path(claim_id, row["statement"])))
        url = page_url(request, claim_id, row["statement"])
        review = claim_review(row, url=url)
        source = row["source"] or {}
        context = {
            "row": row,
            "rating_label": public.RATING_LABELS.get(row["rating"], row["rating"]),
            "source": source,
            "article": source.get("article") or {},
            "appearances": source.get("appearances") or [],
            "versions": _versions(claim_id),
            "canonical": request.build_absolute_uri(page_path(claim_id, row["statement"])),
            "json_ld": mark_safe(json_ld_script(review)),  # noqa: S308 (escaped for <script>)
            "publisher": settings.NEWSDESK_PUBLISHER_NAME,
        }
        body = render_to_string("claims/public/factcheck.html", context, request=request)
        return 200, "text/html; charset=utf-8", body

    return cached_page(request, "page", build)


# --------------------------------------------------------------------------- the index


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    context = {"message": message, "publisher": settings.NEWSDESK_PUBLISHER_NAME}
    body = render_to_string("claims/public/bad_request.html", context, request)
    return HttpResponse(body, status=400)


@require_safe
def factcheck_index(request: HttpRequest) -> HttpResponseBase:
    def build() -> tuple[int, str, str]:
        queryset = public.published_factchecks()
        rating = request.GET.get("rating", "")
        if rating:
            if rating not in public.RATING_LABELS:
                choices = ", ".join(public.RATING_LABELS)
                raise _Answer(_bad_request(request, f"Unknown rating {rating!r}: use {choices}."))
            queryset = queryset.filter(rating=rating)
        subject = request.GET.get("subject", "")
        if subject:
            entity = Entity.objects.filter(slug=subject).values("pk").first()
            if entity is None:
                raise _Answer(_bad_request(request, f"There is no subject {subject!r}."))
            queryset = queryset.filter(entity_key=entity["pk"])
        paginator = Paginator(
            public.public_rows(queryset.order_by("-approved_at", "-claim_id")),
            settings.NEWSDESK_PUBLIC_PAGE_SIZE,
        )
        number = request.GET.get("page", "1")
        if not (number.isascii() and number.isdigit()):
            raise _Answer(_bad_request(request, "The page number must be a whole number."))
        try:
            page = paginator.page(int(number))
        except EmptyPage:
            raise Http404("There is no such page of fact-checks.") from None
        items = [
            {
                "row": row,
                "path": page_path(row["claim_id"], row["statement"]),
                "rating_label": public.RATING_LABELS.get(row["rating"], row["rating"]),
                "claimant": ((row["source"] or {}).get("claimant") or {}).get("name", ""),
            }
            for row in page.object_list
        ]
        subject_ids = public.published_factchecks().values("entity_key").distinct()
        subjects = Entity.objects.filter(pk__in=subject_ids).values("slug", "name")
        context = {
            "page": page,
            "items": items,
            "ratings": public.RATING_LABELS.items(),
            "subjects": list(subjects),
            "rating": rating,
            "subject": subject,
            "publisher": settings.NEWSDESK_PUBLISHER_NAME,
        }
        body = render_to_string("claims/public/index.html", context, request=request)
        return 200, "text/html; charset=utf-8", body

    return cached_page(request, "index", build)


# --------------------------------------------------------------------------- sitemap


@require_safe
def sitemap(request: HttpRequest) -> HttpResponseBase:
    def build() -> tuple[int, str, str]:
        rows = public.published_factchecks().order_by("-approved_at", "-claim_id")
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for row in rows.values("claim_id", "statement", "approved_at")[:SITEMAP_LIMIT]:
            loc = request.build_absolute_uri(page_path(row["claim_id"], row["statement"]))
            lines.append(
                f"<url><loc>{escape(loc)}</loc>"
                f"<lastmod>{row['approved_at'].date().isoformat()}</lastmod></url>"
            )
        lines.append("</urlset>")
        return 200, "application/xml; charset=utf-8", "\n".join(lines) + "\n"

    return cached_page(request, "sitemap", build)
