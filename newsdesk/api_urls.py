"""The API router: every app registers its viewsets here."""

from rest_framework.routers import APIRootView, DefaultRouter

from claims.conflicts.api import ConflictViewSet
from claims.publishing.api.views import ClaimReviewFeedViewSet, ClaimViewSet
from newsdesk.common import roles
from sources.api.views import ArticleViewSet

# What a caller without a newsroom role (a read key) may use; the rest is staff only.
PUBLIC_RESOURCES = frozenset({"claims", "claimreview"})


class ApiRoot(APIRootView):
    """The API's resources: those the caller's key or account may use."""

    def get(self, request, *args, **kwargs):
        if not roles.is_staff_member(request.user):
            self.api_root_dict = {
                prefix: name
                for prefix, name in self.api_root_dict.items()
                if prefix in PUBLIC_RESOURCES
            }
        return super().get(request, *args, **kwargs)


class Router(DefaultRouter):
    APIRootView = ApiRoot


router = Router()
router.register("claims", ClaimViewSet, basename="claim")
router.register("articles", ArticleViewSet, basename="article")
router.register("conflicts", ConflictViewSet, basename="conflict")
router.register("claimreview", ClaimReviewFeedViewSet, basename="claimreview")

urlpatterns = router.urls
