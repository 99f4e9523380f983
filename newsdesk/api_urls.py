"""The API router: every app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from claims.api.views import ClaimViewSet

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = router.urls
