"""The API router: every app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from claims.conflicts.api import ConflictViewSet
from claims.publishing.api.views import ClaimReviewFeedViewSet, ClaimViewSet
from sources.api.views import ArticleViewSet

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("articles", ArticleViewSet, basename="article")
router.register("conflicts", ConflictViewSet, basename="conflict")
router.register("claimreview", ClaimReviewFeedViewSet, basename="claimreview")

urlpatterns = router.urls
