from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector

from claims.models import Claim, ClaimStatus, Rating


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    rating = django_filters.MultipleChoiceFilter(choices=Rating.choices)
    entity = django_filters.CharFilter(method="filter_entity")
    attribute = django_filters.CharFilter(field_name="attribute")
    article = django_filters.NumberFilter(field_name="article_id")
    outlet = django_filters.CharFilter(method="filter_outlet")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    q = django_filters.CharFilter(method="filter_text", max_length=200)

    class Meta:
        model = Claim
        fields = ["status", "rating", "entity", "attribute", "article", "outlet", "updated_since"]

    def filter_entity(self, queryset, name, value):
        if value.isdigit():
            return queryset.filter(entity_id=int(value))
        return queryset.filter(entity__name__iexact=value)

    def filter_outlet(self, queryset, name, value):
        if value.isdigit():
            return queryset.filter(article__outlet_id=int(value))
        return queryset.filter(article__outlet__domain__iexact=value)

    def filter_text(self, queryset, name, value):
        vector = SearchVector("statement", "exact", "summary", config="english")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(value, search_type="websearch", config="english")
        )
