"""Claim endpoints: reading, annotating, editing and the review workflow.

Views are thin: an input serializer checks the shape, one service applies the rules.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from claims import selectors, services
from claims.api import serializers as s
from claims.api.filters import ClaimFilter
from newsdesk.common.api import IsStaffMember, StableCursorPagination

ERRORS = {
    400: OpenApiResponse(description="Invalid input"),
    403: OpenApiResponse(description="Not allowed"),
    404: OpenApiResponse(description="No such claim"),
    409: OpenApiResponse(description="Stale version or wrong status"),
}


class ClaimViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Claims. Staff see and change every claim; others see verified claims only."""

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    pagination_class = StableCursorPagination
    permission_classes = [IsAuthenticated]

    def get_permissions(self):
        if self.action not in ("list", "retrieve"):
            return [IsAuthenticated(), IsStaffMember()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.claims_visible_to(self.request.user).prefetch_related(
            "citations__source__article"
        )

    def _claim_response(self, claim_id: int, code: int = status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim_id)
        return Response(self.get_serializer(claim).data, status=code)

    @extend_schema(request=s.ClaimCreateInput, responses={201: s.ClaimSerializer, **ERRORS})
    def create(self, request):
        data = s.ClaimCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        fact = {k: values.pop(k) for k in s.FACT_INPUT_FIELDS if k in values}
        if "entity" in fact:
            fact["entity_id"] = fact.pop("entity").pk if fact["entity"] else None
        claim = services.claim_create(
            article_id=values["article"].pk,
            author=request.user,
            start=values.get("start"),
            end=values.get("end"),
            quote=values.get("quote"),
            occurrence=values.get("occurrence", 1),
            statement=values.get("statement", ""),
            claimant=values.get("claimant", ""),
            fact=fact,
        )
        return self._claim_response(claim.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.ClaimUpdateInput, responses={200: s.ClaimSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        self.get_object()
        data = s.ClaimUpdateInput(data=request.data, partial=False)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data}
        version = changes.pop("version", data.validated_data["version"])
        claim = services.claim_update(
            claim_id=int(pk), version=version, actor=request.user, **changes
        )
        return self._claim_response(claim.pk)

    @extend_schema(request=s.CitationInput, responses={201: s.CitationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def citations(self, request, pk=None):
        self.get_object()
        data = s.CitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        citation = services.citation_add(
            claim_id=int(pk), actor=request.user, stance=v["stance"],
            source_id=v.get("source"), article_id=v.get("article"), url=v.get("url", ""),
            title=v.get("title", ""), publisher=v.get("publisher", ""),
            kind=v.get("kind", "other"), quote=v.get("quote", ""), locator=v.get("locator", ""),
        )
        return Response(s.CitationSerializer(citation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VersionInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        v = self._input(s.VersionInput)
        services.claim_submit(claim_id=int(pk), version=v["version"], actor=request.user)
        return self._claim_response(int(pk))

    @extend_schema(request=s.VersionInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        v = self._input(s.VersionInput)
        services.claim_approve(claim_id=int(pk), version=v["version"], reviewer=request.user)
        return self._claim_response(int(pk))

    @extend_schema(request=s.CommentInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        v = self._input(s.CommentInput)
        services.claim_request_changes(
            claim_id=int(pk), version=v["version"], reviewer=request.user, comment=v["comment"]
        )
        return self._claim_response(int(pk))

    @extend_schema(request=s.ReasonInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def retract(self, request, pk=None):
        v = self._input(s.ReasonInput)
        services.claim_retract(
            claim_id=int(pk), version=v["version"], actor=request.user, reason=v["reason"]
        )
        return self._claim_response(int(pk))

    @extend_schema(request=s.OptionalCommentInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        v = self._input(s.OptionalCommentInput)
        services.claim_reopen(
            claim_id=int(pk), version=v["version"], actor=request.user,
            comment=v.get("comment", ""),
        )
        return self._claim_response(int(pk))

    def _input(self, serializer_class) -> dict:
        self.get_object()
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data
