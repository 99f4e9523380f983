"""Filters of the claim list, for both of its views.

Staff filter working claims (a Claim queryset); consumers filter each claim's published
verdict (a FactCheck queryset, see `claims.publishing.api.public`): rating, entity and
attribute then mean the approved ones, not an edit in progress. Every parameter is validated
by its form field, so a bad value is a 400 and never reaches the database.
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet
from django_filters.fields import IsoDateTimeField

from claims.models import ClaimStatus, Entity, FactCheck, Rating
from claims.publishing.api import public

MAX_ID = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC (PostgreSQL refuses offsets beyond ±15:59)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Give a date-time between years 1 and 9999.") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


def _is_public(queryset: QuerySet) -> bool:
    return queryset.model is FactCheck


def _id_or_none(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ClaimStatus.choices, method="filter_status", label="Status (staff view)"
    )
    rating = django_filters.MultipleChoiceFilter(choices=Rating.choices, method="filter_rating")
    entity = django_filters.CharFilter(
        method="filter_entity", max_length=200, label="Entity id or name"
    )
    measure = django_filters.CharFilter(
        method="filter_measure", max_length=200, label="Measure slug or name"
    )
    attribute = django_filters.CharFilter(
        method="filter_measure", max_length=200, label="The measure (former name of `measure`)"
    )
    article = IntegerFilter(
        method="filter_article", min_value=1, max_value=MAX_ID, label="Article id"
    )
    outlet = django_filters.CharFilter(
        method="filter_outlet", max_length=253, label="Outlet id or domain"
    )
    updated_since = UTCDateTimeFilter(
        method="filter_updated_since",
        label="Changed at or after (ISO 8601); consumers also get tombstones of retractions",
    )
    q = django_filters.CharFilter(method="filter_text", max_length=200, label="Full-text search")

    def filter_status(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not _is_public(queryset):
            return queryset.filter(status__in=value)
        # Consumers see the published state only: a verdict is "verified" while its row is
        # not retracted, "retracted" once it is. The claim's live status (reopened, back in
        # review) is internal and must not be readable through the filter.
        published = Q(pk__in=[])
        if ClaimStatus.VERIFIED in value:
            published |= Q(retracted_at__isnull=True)
        if ClaimStatus.RETRACTED in value:
            published |= Q(retracted_at__isnull=False)
        return queryset.filter(published)

    def filter_rating(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.filter(rating__in=value)

    def filter_entity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        field = "entity_key" if _is_public(queryset) else "entity_id"
        entity_id = _id_or_none(value)
        if entity_id is not None:
            return queryset.filter(**{field: entity_id})
        by_name = Entity.objects.filter(name__iexact=value.strip()).values("pk")
        return queryset.filter(**{f"{field}__in": by_name})

    def filter_measure(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if _is_public(queryset):  # the measure as approved (older verdicts: the attribute)
            return queryset.filter(
                Q(fact__measure_slug=value)
                | Q(fact__measure__iexact=value)
                | Q(fact__attribute=value)
            )
        return queryset.filter(Q(measure__slug=value) | Q(measure__name__iexact=value))

    def filter_article(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        field = "claim__article_id" if _is_public(queryset) else "article_id"
        return queryset.filter(**{field: value})

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        prefix = "claim__article__outlet" if _is_public(queryset) else "article__outlet"
        outlet_id = _id_or_none(value)
        if outlet_id is not None:
            return queryset.filter(**{f"{prefix}_id": outlet_id})
        return queryset.filter(**{f"{prefix}__domain__iexact": value.strip()})

    def filter_updated_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(updated_at__gte=value)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if _is_public(queryset):
            return public.text_search(queryset, value)
        vector = SearchVector("statement", "exact", "summary", config="english")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(value, search_type="websearch", config="english")
        )
