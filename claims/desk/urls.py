"""The desk's pages: the review queue, the dashboard and a fact's timeline."""

from django.urls import path

from claims.desk import dashboard, review

urlpatterns = [
    path("review/", review.review_queue, name="review-queue"),
    path("review/<int:claim_id>/decide/", review.review_decide, name="review-decide"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/timeline/", dashboard.timeline, name="timeline"),
]
