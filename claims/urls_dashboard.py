"""The dashboard's URLs.

The project includes them: ``path("", include("claims.urls_dashboard"))``.
"""

from django.urls import path

from claims import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/timeline/", views_dashboard.timeline, name="timeline"),
]
