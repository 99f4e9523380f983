"""The consumers' view of claims: each claim's latest published FactCheck.

A claim is public while it has a FactCheck that is not retracted; the newest such version is
served, so a claim reopened for correction keeps serving its last published verdict. The
statement, fact, rating, summary and citations come from that FactCheck (the approved
snapshot), never from the claim being edited, and so do the quote, the claimant and the
articles (`FactCheck.source`, recorded at approval). A retracted claim appears only in
`updated_since` syncs, as a tombstone.

The rows are plain dicts from one query (`.values()`), turned into JSON by
:func:`represent`; the serializers below describe that shape for the OpenAPI schema and
delegate to the same function, so the schema and the output cannot drift apart unnoticed
(the schemathesis suite checks every response against the schema).
"""

from __future__ import annotations

import hashlib
import time
from calendar import timegm
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Claim, ClaimStatus, Entity, FactCheck, Rating, Stance
from claims.publishing.links import page_url

RATING_LABELS: dict[str, str] = dict(Rating.choices)

ROW_FIELDS = (
    "claim_id",
    "version",
    "rating",
    "summary",
    "statement",
    "fact",
    "citations",
    "approved_at",
    "retracted_at",
    "updated_at",
    "entity_key",
    "entity_name",
    "source",
)


# --------------------------------------------------------------------------- queries


def published_factchecks(*, tombstones: bool = False) -> QuerySet[FactCheck]:
    """One FactCheck row per public claim: its newest version that is not retracted.

    With `tombstones`, retracted claims are included too, each as its newest (retracted)
    FactCheck. Annotated with `updated_at` (the claim's, used for ordering and sync),
    `entity_key` and `entity_name` (the approved fact's entity).
    """
    newer_published = FactCheck.objects.filter(
        claim_id=OuterRef("claim_id"), version__gt=OuterRef("version"), retracted_at__isnull=True
    )
    # claims_factcheck_published serves both the NOT EXISTS and the outer filter.
    current: Q | Combinable = Q(retracted_at__isnull=True) & ~Exists(newer_published)
    if tombstones:
        newer = FactCheck.objects.filter(
            claim_id=OuterRef("claim_id"), version__gt=OuterRef("version")
        )
        current |= Q(claim__status=ClaimStatus.RETRACTED) & ~Exists(newer)
    return _annotated(FactCheck.objects.filter(current))


def factcheck_version(*, claim_id: int, version: int) -> QuerySet[FactCheck]:
    """One FactCheck version of a claim, annotated as :func:`published_factchecks` rows are."""
    return _annotated(FactCheck.objects.filter(claim_id=claim_id, version=version))


def _annotated(queryset: QuerySet[FactCheck]) -> QuerySet[FactCheck]:
    return queryset.annotate(
        updated_at=F("claim__updated_at"),
        entity_key=Cast(KeyTextTransform("entity_id", "fact"), BigIntegerField()),
    ).annotate(
        entity_name=Subquery(
            Entity.objects.filter(pk=OuterRef("entity_key")).order_by().values("name")[:1]
        )
    )


def public_rows(queryset: QuerySet[FactCheck], *extra: str) -> QuerySet:
    """The columns :func:`represent` needs (and `extra` ones), as dicts, in one query."""
    return queryset.values(*ROW_FIELDS, *extra)


def with_first_approval(queryset: QuerySet[FactCheck]) -> QuerySet[FactCheck]:
    """Annotate when the claim's first verdict was published (ClaimReview's datePublished)."""
    first = (
        FactCheck.objects.filter(claim_id=OuterRef("claim_id"))
        .values("claim_id")
        .annotate(first=Min("approved_at"))
        .values("first")
    )
    return queryset.annotate(first_approved_at=Subquery(first))


def text_search(queryset: QuerySet[FactCheck], value: str) -> QuerySet[FactCheck]:
    quote = KeyTextTransform("quote", "source")
    vector = SearchVector("statement", "summary", quote, config="english")
    return queryset.annotate(search=vector).filter(
        search=SearchQuery(value, search_type="websearch", config="english")
    )


# --------------------------------------------------------------------------- representation


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _page(site: str, claim_id: int, statement: str) -> str:
    found = page_url(None, claim_id, statement)
    return site + found if found.startswith("/") else found


def _iso_text(value: str | None) -> str | None:
    """An ISO timestamp stored as text (a snapshot), in the API's Z form."""
    if not value:
        return None
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def represent(row: dict[str, Any], *, url_prefix: str = "", site: str = "") -> dict[str, Any]:
    """A row of :func:`public_rows` as the consumer sees it (a claim or a tombstone).
    `site` ("https://host") makes the public page's address absolute."""
    claim_id = row["claim_id"]
    if row["retracted_at"] is not None:
        return {
            "id": claim_id,
            "retracted": True,
            "retracted_at": iso(row["retracted_at"]),
            "version": row["version"],
            "updated_at": iso(row["updated_at"]),
        }
    fact = row["fact"] or {}
    entity_id = row["entity_key"]
    source = row["source"] or {}
    article = source.get("article") or {}
    claimant = source.get("claimant") or {}
    return {
        "id": claim_id,
        "url": f"{url_prefix}{claim_id}/",
        "page": _page(site, claim_id, row["statement"]),
        "retracted": False,
        "statement": row["statement"],
        "quote": source.get("quote", ""),
        "claimant": claimant.get("name", ""),
        "fact": {
            "entity": {"id": entity_id, "name": row["entity_name"] or ""} if entity_id else None,
            "locality": fact.get("locality", ""),
            "measure": (
                {"name": fact["measure"], "slug": fact.get("measure_slug", "")}
                if fact.get("measure")
                else None
            ),
            "occurrence": fact.get("event", "") if "measure" in fact else "",
            "attribute": fact.get("measure") or fact.get("attribute", ""),
            "interval": {
                "low": fact.get("value_low"),
                "high": fact.get("value_high"),
                "hedge": fact.get("hedge", ""),
            },
            "unit": fact.get("unit", ""),
            "event": {
                "start": fact.get("event_start"),
                "end": fact.get("event_end"),
                "granularity": fact.get("event_granularity", ""),
            },
            "time_scope": {"start": fact.get("scope_start"), "end": fact.get("scope_end")},
        },
        "rating": {"value": row["rating"], "label": RATING_LABELS.get(row["rating"], "")},
        "summary": row["summary"],
        "citations": [
            {
                "title": c.get("title", ""),
                "url": c.get("url", ""),
                "publisher": c.get("publisher", ""),
                "kind": c.get("kind", ""),
                "stance": c.get("stance", ""),
                "quote": c.get("quote", ""),
                "locator": c.get("locator", ""),
            }
            for c in row["citations"] or ()
        ],
        "article": {
            "id": article.get("id"),
            "url": article.get("url", ""),
            "title": article.get("title", ""),
            "outlet": article.get("outlet") or None,
            "published_at": _iso_text(article.get("published_at")),
        },
        "verified_at": iso(row["approved_at"]),
        "version": row["version"],
        "updated_at": iso(row["updated_at"]),
    }


# --------------------------------------------------------------------------- HTTP caching


def etag_for(*parts: Any) -> str:
    digest = hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()
    return quote_etag(digest)


def not_modified(
    request: HttpRequest, *, etag: str, last_modified: datetime | None
) -> HttpResponseBase | None:
    """304 (or 412) when the client's validators match, else None."""
    stamp = int(timegm(last_modified.utctimetuple())) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is not None:
        set_validators(response, etag=etag, last_modified=last_modified)
    return response


def set_validators(
    response: HttpResponseBase, *, etag: str, last_modified: datetime | None
) -> HttpResponseBase:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(timegm(last_modified.utctimetuple()))
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Accept, Authorization, Cookie"
    return response


_MEMO: dict[str, Any] = {}


def watermark() -> tuple[datetime | None, int | None]:
    """(newest change to any claim, highest claim id): what public validators are made of.

    Every change that reaches a consumer touches a claim's `updated_at` (an approval, a
    retraction, a reopening, an edit, a re-anchoring), and claims are never deleted, so
    these two move whenever any public body could. Conservative for one claim or a filtered
    list (a change elsewhere revalidates them too) and cheap whatever the size: two
    index-only lookups (claims_claim_updated and the primary key), in plain SQL because
    the ORM would take longer to build the query than PostgreSQL takes to answer it.

    NEWSDESK_API_WATERMARK_SECONDS > 0 keeps the answer that long in each process, so a
    revalidation needs no database at all; a change then shows up to that long late.
    """
    ttl = settings.NEWSDESK_API_WATERMARK_SECONDS
    if ttl > 0 and _MEMO.get("until", 0.0) > time.monotonic():
        return _MEMO["value"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(updated_at), max(id) FROM {Claim._meta.db_table}")  # noqa: S608
        last, top = cursor.fetchone()
    if ttl > 0:
        _MEMO.update(value=(last, top), until=time.monotonic() + ttl)
    return last, top


def forget_watermark() -> None:
    _MEMO.clear()


# --------------------------------------------------------------------------- schema


@extend_schema_field({"type": "boolean", "enum": [False]})
class FalseField(serializers.BooleanField):
    pass


@extend_schema_field({"type": "boolean", "enum": [True]})
class TrueField(serializers.BooleanField):
    pass


class _EntityOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _IntervalOut(serializers.Serializer):
    low = serializers.FloatField(allow_null=True, help_text="null: unbounded below")
    high = serializers.FloatField(allow_null=True, help_text="null: unbounded above")
    hedge = serializers.CharField(allow_blank=True, help_text="exact, about, more_than, …")


class _EventOut(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    granularity = serializers.CharField(allow_blank=True)


class _TimeScopeOut(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)


class _MeasureOut(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField(allow_blank=True)


class _FactOut(serializers.Serializer):
    entity = _EntityOut(allow_null=True, help_text="The subject")
    locality = serializers.CharField(allow_blank=True, help_text="A place within the subject")
    measure = _MeasureOut(allow_null=True, help_text="What the figure measures")
    occurrence = serializers.CharField(
        allow_blank=True, help_text="What the figure belongs to: an earthquake, an election..."
    )
    attribute = serializers.CharField(allow_blank=True, help_text="The measure's name (former)")
    interval = _IntervalOut()
    unit = serializers.CharField(allow_blank=True)
    event = _EventOut()
    time_scope = _TimeScopeOut()


@extend_schema_field({"type": "string", "enum": list(Rating.values)})
class RatingValueField(serializers.CharField):
    pass


class _RatingOut(serializers.Serializer):
    value = RatingValueField()
    # A declared field, not Field.label: DRF's metaclass takes it out of the class body.
    label = serializers.CharField()  # type: ignore[assignment]


class _CitationOut(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    stance = serializers.ChoiceField(choices=Stance.choices)
    quote = serializers.CharField(allow_blank=True)
    locator = serializers.CharField(allow_blank=True)


class _OutletOut(serializers.Serializer):
    name = serializers.CharField()
    domain = serializers.CharField()


class _ArticleOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    outlet = _OutletOut(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class PublicClaimSerializer(serializers.Serializer):
    """A verified claim as consumers see it: the latest published verdict. The detail adds
    `corroborations` and `conflicts`: the verified claims that state the same fact
    compatibly, and those that state it incompatibly (open conflicts)."""

    corroborations = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Detail only: claim ids"
    )
    conflicts = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Detail only: claim ids"
    )

    id = serializers.IntegerField(help_text="The claim's id")
    url = serializers.CharField(help_text="This claim in the API")
    page = serializers.CharField(help_text="The public fact-check page (no key needed)")
    retracted = FalseField()
    statement = serializers.CharField()
    quote = serializers.CharField(help_text="The words in the article")
    claimant = serializers.CharField(allow_blank=True)
    fact = _FactOut()
    rating = _RatingOut()
    summary = serializers.CharField()
    citations = _CitationOut(many=True)
    article = _ArticleOut()
    verified_at = serializers.DateTimeField(help_text="When this version was approved")
    version = serializers.IntegerField(help_text="The FactCheck version (2+ = corrected)")
    updated_at = serializers.DateTimeField(help_text="Last change; use with updated_since")

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return represent(
            instance,
            url_prefix=self.context.get("url_prefix", ""),
            site=self.context.get("site", ""),
        )


class ClaimTombstoneSerializer(serializers.Serializer):
    """A retracted claim in an `updated_since` sync: drop it."""

    id = serializers.IntegerField()
    retracted = TrueField()
    retracted_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="The retracted FactCheck version")
    updated_at = serializers.DateTimeField()

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return represent(instance)
