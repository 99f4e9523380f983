"""Article endpoints: staff read articles; editors import them through the one service."""

from __future__ import annotations

import django_filters
from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from newsdesk.common.api import (
    KEY_ERRORS,
    STAFF_LIST_ERRORS,
    IsEditor,
    IsStaffMember,
    StableCursorPagination,
    error_response,
    staff_detail_errors,
)
from sources.api import serializers as s
from sources.models import Article, ImportMethod
from sources.services import ImportFailed, article_import

IMPORT_ERRORS = {
    400: error_response(
        "The input is invalid or cannot be imported: error.message says why, error.code "
        "is stable (invalid, import_failed, bad_url, too_large, empty, fetch_failed...)"
    ),
    403: error_response("Not signed in, or not an editor"),
    415: error_response("The body is not JSON, form data or multipart"),
    **KEY_ERRORS,
}
# The JSON body may carry a page of up to the upload limit, plus the other fields.
_BODY_SLACK = 64 * 1024


class ArticleFilter(django_filters.FilterSet):
    outlet = django_filters.NumberFilter(field_name="outlet_id")
    import_method = django_filters.ChoiceFilter(choices=ImportMethod.choices)
    language = django_filters.CharFilter()
    url = django_filters.CharFilter()

    class Meta:
        model = Article
        fields = ["outlet", "import_method", "language", "url"]


class ArticlePagination(StableCursorPagination):
    ordering = ("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(responses={200: s.ArticleListSerializer, **STAFF_LIST_ERRORS}),
    retrieve=extend_schema(
        responses={200: s.ArticleSerializer, **staff_detail_errors("No such article")}
    ),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imported articles. Staff (editors and reviewers) read; editors import."""

    filterset_class = ArticleFilter
    pagination_class = ArticlePagination
    queryset = Article.objects.select_related("outlet")

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), IsEditor()]
        return [IsAuthenticated(), IsStaffMember()]

    def get_serializer_class(self):
        return s.ArticleListSerializer if self.action == "list" else s.ArticleSerializer

    @extend_schema(
        request=s.ArticleImportInput,
        responses={201: s.ArticleImportResult, 200: s.ArticleImportResult, **IMPORT_ERRORS},
        description=(
            "Import one article: `url` alone is fetched; `html` is extracted (a `url` beside "
            "it is recorded as the canonical address, not fetched); `text` is cleaned. 201 "
            "with the new article, 200 with the existing one (the same text or URL; a changed "
            "text at a known URL becomes a new revision)."
        ),
    )
    def create(self, request):
        # Refuse an oversized body before it is read and parsed.
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.NEWSDESK_IMPORT_MAX_BYTES + _BODY_SLACK:
            raise ImportFailed(
                f"The request is {int(length) / 1_048_576:.1f} MB; the limit is "
                f"{settings.NEWSDESK_IMPORT_MAX_BYTES / 1_048_576:g} MB.",
                code="too_large",
            )
        data = s.ArticleImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = article_import(
            method=ImportMethod.API,
            user=request.user,
            url=values.get("url", ""),
            html=values.get("html"),
            text=values.get("text"),
            title=values.get("title", ""),
            published_at=values.get("published_at"),
            outlet=values.get("outlet") or None,
        )
        article = self.get_queryset().get(pk=result.article.pk)
        body = s.ArticleImportResult(article, context={"outcome": result.outcome}).data
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(body, status=code)
