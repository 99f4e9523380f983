from django.urls import path

from claims.publishing import pages

urlpatterns = [
    path("fact-checks/", pages.factcheck_index, name="factcheck-index"),
    path("fact-checks/<int:claim_id>/", pages.factcheck_page, {"slug": ""}, name="factcheck-id"),
    path("fact-checks/<int:claim_id>/<slug:slug>/", pages.factcheck_page, name="factcheck-page"),
    path("sitemap.xml", pages.sitemap, name="sitemap"),
]
