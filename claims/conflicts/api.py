"""Staff endpoint: the conflict flags, filterable, cursor-paginated, read-only.

Register with ``router.register("conflicts", ConflictViewSet, basename="conflict")``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from claims.conflicts.selectors import conflicts_with_claims
from claims.models import Claim, Conflict
from newsdesk.common.api import (
    STAFF_LIST_ERRORS,
    IsStaffMember,
    StableCursorPagination,
    staff_detail_errors,
)


class ConflictFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(method="filter_claim", label="Claim on either side")
    kind = django_filters.ChoiceFilter(choices=Conflict.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Conflict.Status.choices)
    severity = django_filters.ChoiceFilter(choices=Conflict.Severity.choices)
    entity = django_filters.NumberFilter(field_name="claim_a__entity_id", label="Entity id")

    class Meta:
        model = Conflict
        fields = ["claim", "kind", "status", "severity", "entity"]

    def filter_claim(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # claim_a = x: the unique (claim_a, claim_b, kind) index; claim_b = x:
        # claims_conflict_claim_b.
        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value))


class ClaimBriefSerializer(serializers.ModelSerializer):
    article_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "statement", "article_id", "status"]


class ConflictSerializer(serializers.ModelSerializer):
    claim_a_detail = ClaimBriefSerializer(source="claim_a", read_only=True)
    claim_b_detail = ClaimBriefSerializer(source="claim_b", read_only=True)

    class Meta:
        model = Conflict
        fields = [
            "id",
            "claim_a",
            "claim_b",
            "claim_a_detail",
            "claim_b_detail",
            "kind",
            "status",
            "severity",
            "explanation",
            "detected_at",
            "resolved_at",
            "resolution",
        ]
        read_only_fields = fields


class ConflictPagination(StableCursorPagination):
    # Newest first; the open list is served by claims_conflict_open when filtered on status.
    ordering = ("-detected_at", "-id")


@extend_schema_view(
    list=extend_schema(responses={200: ConflictSerializer, **STAFF_LIST_ERRORS}),
    retrieve=extend_schema(
        responses={200: ConflictSerializer, **staff_detail_errors("No such conflict")}
    ),
)
class ConflictViewSet(viewsets.ReadOnlyModelViewSet):
    """Conflicts between claims, newest first. Staff only."""

    serializer_class = ConflictSerializer
    filterset_class = ConflictFilter
    pagination_class = ConflictPagination
    permission_classes = [IsAuthenticated, IsStaffMember]

    def get_queryset(self) -> QuerySet[Conflict]:
        # One query per page: both claims joined (select_related in the selector).
        return conflicts_with_claims()
