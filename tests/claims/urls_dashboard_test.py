"""Test-only URLconf: the project's URLs plus the dashboard (until the project includes it)."""

from django.urls import include, path

from claims import admin_conflicts  # noqa: F401  (registers the Conflict admin)
from newsdesk import urls as project_urls

urlpatterns = [
    path("", include("claims.urls_dashboard")),
    *project_urls.urlpatterns,
]
