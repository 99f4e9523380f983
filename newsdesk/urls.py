from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, include, path, re_path, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.publishing.feeds import VerifiedClaimsFeed
from newsdesk.common import health
from newsdesk.common.api import error_body

admin.site.site_header = "Newsdesk"
admin.site.site_title = "Newsdesk"
admin.site.index_title = "Fact-checking desk"


@csrf_exempt  # changes nothing; answers every method with the same 404
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown URLs under /api/ answer in the API's error shape, not an HTML page."""
    detail = {}
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api-not-found":
            detail = {"did_you_mean": request.path + "/"}
    return JsonResponse(
        error_body("not_found", "There is no such API endpoint.", detail), status=404
    )


def server_error(request: HttpRequest):
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body("server_error", "The server failed to answer; the error was logged."),
            status=500,
        )
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception):
    if isinstance(exception, RequestDataTooBig):  # a form or body over the upload limit
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576:.0f} MB"
        message = f"What was sent is larger than the {limit} a request may carry."
        if request.path.startswith("/api/"):
            return JsonResponse(error_body("too_large", message), status=413)
        return render(request, "413.html", {"message": message}, status=413)
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("bad_request", "The request is malformed."), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("permission_denied", "Not allowed."), status=403)
    return defaults.permission_denied(request, exception)


# Errors raised outside DRF's views (the middleware, Django itself) keep the API's shape.
handler400 = bad_request
handler403 = permission_denied
handler500 = server_error

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(settings.NEWSDESK_ADMIN_PATH, admin.site.urls),
    path("api/v1/", include("newsdesk.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api-not-found"),
    path("feeds/verified.atom", VerifiedClaimsFeed(), name="feed-verified"),
    path("", include("claims.publishing.urls")),
    path("", include("claims.desk.urls")),
]
