"""Claim endpoints: reading, annotating, editing and the review workflow, and the
consumers' view of verified claims.

Views are thin: an input serializer checks the shape, one service applies the rules.

`GET /claims/` and `GET /claims/{id}/` have two views of the same claims:
- **public** (the default for read-scope API keys and users without a newsroom role, and
  for staff who ask `?view=public`): each claim's latest published FactCheck, see
  `claims.publishing.api.public`, with ETag / Last-Modified and tombstones in `updated_since` syncs;
- **staff** (the default for editors, reviewers and staff-scope keys): the working claim.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBase
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims import selectors, services
from claims.conflicts.selectors import fact_relations
from claims.models import Claim, FactCheck
from claims.publishing.api import public
from claims.publishing.api import serializers as s
from claims.publishing.api.filters import ClaimFilter
from claims.publishing.claimreview import (
    CLAIM_REVIEW_SCHEMA,
    DATA_FEED_SCHEMA,
    claim_review,
    data_feed,
)
from claims.publishing.links import page_url
from newsdesk.common import roles
from newsdesk.common.api import (
    KEY_ERRORS,
    IsStaffMember,
    StableCursorPagination,
    error_response,
)
from newsdesk.common.errors import DomainError

ERRORS = {
    400: error_response("Invalid input"),
    403: error_response("Not allowed"),
    404: error_response("No such claim"),
    409: error_response("Stale version or wrong status"),
}
READ_ERRORS = {
    400: error_response("A parameter is invalid (the detail names it)"),
    403: error_response("Not signed in, or not allowed"),
    **KEY_ERRORS,
}
NOT_MODIFIED = OpenApiResponse(description="Not modified (If-None-Match / If-Modified-Since)")
PRECONDITION = error_response("Precondition failed (If-Match / If-Unmodified-Since)")
VALIDATOR_HEADERS = [
    OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]),
    OpenApiParameter(
        "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]
    ),
    OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER),
    OpenApiParameter("If-Modified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER),
]
VIEW_PARAMETER = OpenApiParameter(
    "view",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["public", "staff"],
    description="public: verified claims as consumers see them (the default without a "
    "newsroom role); staff: the working claims (editors, reviewers, staff keys only).",
)
CLAIM_VIEWS = PolymorphicProxySerializer(
    component_name="ClaimView",
    serializers=[public.PublicClaimSerializer, public.ClaimTombstoneSerializer, s.ClaimSerializer],
    resource_type_field_name=None,
)
CLAIM_DETAIL_VIEWS = PolymorphicProxySerializer(
    component_name="ClaimDetailView",
    serializers=[public.PublicClaimSerializer, s.ClaimDetailSerializer],
    resource_type_field_name=None,
)


class Retracted(DomainError):
    status = 410
    code = "retracted"


class JSONLDRenderer(JSONRenderer):
    """JSON-LD with `<`, `>` and `&` written as JSON escapes (\\u003c...), so a document
    pasted into an HTML page cannot end its <script> element; parsers read the same data."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        body = super().render(data, accepted_media_type, renderer_context)
        return html_safe_json(body)


class HTMLSafeJSONRenderer(JSONRenderer):
    """Plain JSON for the ClaimReview endpoints, escaped as JSONLDRenderer is."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return html_safe_json(super().render(data, accepted_media_type, renderer_context))


def html_safe_json(body: bytes) -> bytes:
    # In JSON text these three characters can only occur inside strings, where the escape
    # means the same character.
    return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class JSONErrorsMixin:
    """Errors are application/json whatever representation the client negotiated."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(response, Response):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class PublicResponseMixin:
    """Consumers' responses: validators from the claims' watermark, bodies cached by ETag.

    Every public representation depends on the claims (`public.watermark()` moves with any
    change) and on the request's URL and media type, so (URL, media type, watermark) names
    one immutable body. The ETag is that name: a revalidation costs the key check and the
    watermark (two index lookups), and a repeated request is served from the cache without
    building the page again. A bad parameter or a missing claim raises before anything is
    stored. Renames of outlets or articles show once the cached body expires
    (NEWSDESK_API_RESPONSE_CACHE_SECONDS).
    """

    FILTER_PARAMS = frozenset(ClaimFilter.base_filters)

    def filter_queryset(self, queryset):
        if self.FILTER_PARAMS.isdisjoint(self.request.query_params):
            return queryset  # nothing to filter or validate: skip building the FilterSet
        return super().filter_queryset(queryset)

    def public_response(self, kind: str, build: Callable[[], Response]) -> HttpResponseBase:
        request = self.request
        last, top = public.watermark()
        media_type = request.accepted_media_type
        etag = public.etag_for(
            kind, media_type, request.build_absolute_uri(), last, top, *_representation()
        )
        # An If-None-Match naming an ETag can only match a body this URL had (the ETag
        # embeds it), so it is answered before anything is built. "*", If-Match and
        # If-Unmodified-Since are about whether the resource exists: build it first.
        meta = request.META
        early = "*" not in meta.get("HTTP_IF_NONE_MATCH", "") and not (
            "HTTP_IF_MATCH" in meta or "HTTP_IF_UNMODIFIED_SINCE" in meta
        )
        if early and (found := public.not_modified(request, etag=etag, last_modified=last)):
            return found
        response = self._body(etag, media_type, build)
        if not early and (found := public.not_modified(request, etag=etag, last_modified=last)):
            return found
        return public.set_validators(response, etag=etag, last_modified=last)

    def _body(self, etag: str, media_type: str, build: Callable[[], Response]) -> HttpResponseBase:
        """The body for `etag`, from the cache or built (and then stored)."""
        ttl = settings.NEWSDESK_API_RESPONSE_CACHE_SECONDS
        renderer = self.request.accepted_renderer
        cacheable = ttl > 0 and isinstance(renderer, JSONRenderer)
        key = f"newsdesk:api:{etag.strip(chr(34))}"
        stored = cache.get(key) if cacheable else None
        if stored is None:
            built = build()
            if not cacheable:
                return built
            body = renderer.render(built.data, media_type, self.get_renderer_context())
            stored = (body, {h: built[h] for h in ("Link",) if h in built})
            cache.set(key, stored, ttl)
        body, headers = stored
        response = HttpResponse(body, content_type=media_type)
        for header, value in headers.items():
            response[header] = value
        return response


def _representation() -> tuple[str, ...]:
    """Settings that shape public bodies: a change to them must not serve old bodies."""
    return (
        settings.NEWSDESK_PUBLISHER_NAME,
        settings.NEWSDESK_PUBLISHER_URL,
        settings.NEWSDESK_CLAIM_PERMALINK,
        "v1",
    )


def json_ld(schema, description: str) -> dict:
    """A 200 response served as JSON-LD or, when asked for, as plain JSON."""
    return {
        (200, media): OpenApiResponse(response=schema, description=description)
        for media in (JSONLDRenderer.media_type, JSONRenderer.media_type)
    }


class ClaimCursorPagination(StableCursorPagination):
    """The claims' pages: the working claims by (updated_at, id), the consumers' rows by
    (updated_at, claim id)."""

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        if queryset.model is FactCheck:
            # The consumers' rows: one per claim, so the claim id is the unique tiebreaker,
            # and (updated_at, claim id) walks claims_claim_updated with a LIMIT.
            return ("-updated_at", "-claim_id")
        return super().get_ordering(request, queryset, view)


def _claim_id(pk: Any) -> int:
    text = str(pk)
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise exceptions.NotFound("There is no such claim.")
    return int(text)


class ClaimViewSet(
    JSONErrorsMixin,
    PublicResponseMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claims. Staff see and change every claim; consumers see verified claims only."""

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    pagination_class = ClaimCursorPagination
    permission_classes = [IsAuthenticated]
    READ_ACTIONS = ("list", "retrieve", "claimreview")

    def get_permissions(self):
        if self.action not in self.READ_ACTIONS:
            return [IsAuthenticated(), IsStaffMember()]
        return super().get_permissions()

    def is_public(self) -> bool:
        """Serve the consumers' view? Decided once per request (see the module docstring)."""
        if not hasattr(self, "_public"):
            wanted = self.request.query_params.get("view", "")
            if wanted not in ("", "public", "staff"):
                raise exceptions.ValidationError({"view": ["Use public or staff."]})
            staff = roles.is_staff_member(self.request.user)
            if wanted == "staff" and not staff:
                raise exceptions.PermissionDenied("The staff view is for editors and reviewers.")
            self._public = self.action == "claimreview" or wanted == "public" or not staff
        return self._public

    def get_serializer_class(self):
        if self.action in ("retrieve", "same_fact"):
            return s.ClaimDetailSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        if self.action in self.READ_ACTIONS and self.is_public():
            tombstones = "updated_since" in self.request.query_params
            return public.published_factchecks(tombstones=tombstones)
        return selectors.claims_visible_to(self.request.user).prefetch_related(
            "citations__source__article"
        )

    def _url_prefix(self) -> str:
        return self.request.build_absolute_uri(reverse("claim-list"))

    @extend_schema(
        parameters=[VIEW_PARAMETER, *VALIDATOR_HEADERS],
        responses={200: CLAIM_VIEWS, 304: NOT_MODIFIED, 412: PRECONDITION, **READ_ERRORS},
        description="Consumers: verified claims (each claim's latest published verdict), "
        "newest change first; with `updated_since`, retracted claims come as tombstones "
        "(`retracted: true`) to drop. Sync by passing the newest `updated_at` you have seen, "
        "less a minute. Staff: every working claim, unless `view=public`.",
    )
    def list(self, request, *args, **kwargs):
        if not self.is_public():
            return super().list(request, *args, **kwargs)
        return self.public_response("claims", self._public_page)

    def _public_page(self) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(public.public_rows(queryset))
        prefix = self._url_prefix()
        site = self._site()
        return self.get_paginated_response(
            [public.represent(r, url_prefix=prefix, site=site) for r in page]
        )

    def _site(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")

    def _public_row(self, pk: Any, *, first_approval: bool = False) -> dict[str, Any]:
        claim_id = _claim_id(pk)
        queryset = public.published_factchecks(tombstones=True).filter(claim_id=claim_id)
        extra: tuple[str, ...] = ()
        if first_approval:
            queryset, extra = public.with_first_approval(queryset), ("first_approved_at",)
        row = public.public_rows(queryset, *extra).first()
        if row is None:
            raise exceptions.NotFound("There is no verified claim with this id.")
        if row["retracted_at"] is not None:
            raise Retracted(
                "This fact-check was retracted.",
                detail={"retracted_at": public.iso(row["retracted_at"])},
            )
        return row

    @extend_schema(
        parameters=[VIEW_PARAMETER, *VALIDATOR_HEADERS],
        responses={
            200: CLAIM_DETAIL_VIEWS,
            304: NOT_MODIFIED,
            410: error_response("The fact-check was retracted"),
            412: PRECONDITION,
            **READ_ERRORS,
            404: error_response("No such (verified) claim"),
        },
    )
    def retrieve(self, request, *args, **kwargs):
        if not self.is_public():
            return super().retrieve(request, *args, **kwargs)

        def build() -> Response:
            row = self._public_row(kwargs["pk"])
            body = public.represent(row, url_prefix=self._url_prefix(), site=self._site())
            claim = Claim.objects.select_related("measure").get(pk=row["claim_id"])
            body.update(fact_relations(claim, verified_only=True))
            return Response(body)

        return self.public_response("claim", build)

    @extend_schema(
        parameters=VALIDATOR_HEADERS,
        responses={
            **json_ld(CLAIM_REVIEW_SCHEMA, "schema.org ClaimReview"),
            304: NOT_MODIFIED,
            410: error_response("The fact-check was retracted"),
            412: PRECONDITION,
            **READ_ERRORS,
            404: error_response("No such verified claim"),
        },
        description="The claim's published verdict as schema.org ClaimReview (JSON-LD).",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="claimreview",
        renderer_classes=[JSONLDRenderer, HTMLSafeJSONRenderer],
    )
    def claimreview(self, request, pk=None):
        def build() -> Response:
            row = self._public_row(pk, first_approval=True)
            url = page_url(request, row["claim_id"], row["statement"])
            return Response(claim_review(row, url=url))

        return self.public_response("claimreview", build)

    def _claim_response(self, claim_id: int, code: int = status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim_id)
        return Response(self.get_serializer(claim).data, status=code)

    @extend_schema(request=s.ClaimCreateInput, responses={201: s.ClaimSerializer, **ERRORS})
    def create(self, request):
        data = s.ClaimCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        fact = {k: values.pop(k) for k in s.FACT_INPUT_FIELDS if k in values}
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
            claim_id=int(pk),
            actor=request.user,
            stance=v["stance"],
            source_id=v.get("source"),
            article_id=v.get("article"),
            url=v.get("url", ""),
            title=v.get("title", ""),
            publisher=v.get("publisher", ""),
            kind=v.get("kind", "other"),
            quote=v.get("quote", ""),
            locator=v.get("locator", ""),
        )
        return Response(s.CitationSerializer(citation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VersionInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        v = self._input(s.VersionInput)
        services.claim_submit(claim_id=int(pk), version=v["version"], actor=request.user)
        return self._claim_response(int(pk))

    @extend_schema(request=s.ApproveInput, responses={200: s.ClaimSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        v = self._input(s.ApproveInput)
        services.claim_approve(
            claim_id=int(pk),
            version=v["version"],
            reviewer=request.user,
            override_conflicts=v["override_conflicts"],
        )
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
            claim_id=int(pk),
            version=v["version"],
            actor=request.user,
            comment=v.get("comment", ""),
        )
        return self._claim_response(int(pk))

    @extend_schema(
        request=s.SameFactInput,
        responses={200: s.ClaimDetailSerializer, **ERRORS},
        description="An editor's word on another claim: the same fact as this one (they "
        "are compared whatever their identities say) or not the same (never compared).",
    )
    @action(detail=True, methods=["post"], url_path="same-fact")
    def same_fact(self, request, pk=None):
        v = self._input(s.SameFactInput)
        services.claim_link(
            claim_id=int(pk), other_id=v["other"], same=v["same"], actor=request.user
        )
        return self._claim_response(int(pk))

    def _input(self, serializer_class) -> dict:
        self.get_object()
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


@extend_schema_serializer(many=False)
class DataFeedSerializer(serializers.Serializer):
    """Documents the DataFeed body (one object, not a list) in the OpenAPI schema."""


class DataFeedSchema(OpenApiSerializerExtension):
    target_class = DataFeedSerializer

    def map_serializer(self, auto_schema, direction):
        return DATA_FEED_SCHEMA


class FeedCursorPagination(ClaimCursorPagination):
    """The DataFeed's pages: the body stays pure schema.org, the links go in `Link`."""

    page_size = 500
    max_page_size = 1000

    def get_paginated_response(self, data):
        response = Response(data)
        links = [
            f'<{link}>; rel="{rel}"'
            for link, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if link
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        return schema


class ClaimReviewFeedViewSet(JSONErrorsMixin, PublicResponseMixin, viewsets.GenericViewSet):
    """Every verified claim as schema.org ClaimReview, in one DataFeed (paged via `Link`)."""

    filterset_class = ClaimFilter
    pagination_class = FeedCursorPagination
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONLDRenderer, HTMLSafeJSONRenderer]

    def get_queryset(self):
        return public.with_first_approval(public.published_factchecks())

    @extend_schema(
        parameters=[
            *VALIDATOR_HEADERS,
            OpenApiParameter("Link", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200]),
        ],
        responses={
            **json_ld(
                DataFeedSerializer,
                "schema.org DataFeed of ClaimReviews; more pages in the Link header",
            ),
            304: NOT_MODIFIED,
            412: PRECONDITION,
            **READ_ERRORS,
            404: error_response("Unknown format"),
        },
    )
    def list(self, request):
        return self.public_response("datafeed", self._feed_page)

    def _feed_page(self) -> Response:
        request = self.request
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(public.public_rows(queryset, "first_approved_at"))
        reviews = [
            claim_review(
                row, url=page_url(request, row["claim_id"], row["statement"]), context=False
            )
            for row in rows
        ]
        newest = max((row["updated_at"] for row in rows), default=None)
        body = data_feed(
            reviews,
            name=f"{settings.NEWSDESK_PUBLISHER_NAME} fact-checks",
            url=request.build_absolute_uri(reverse("claimreview-list")),
            modified=newest,
        )
        return self.get_paginated_response(body)
