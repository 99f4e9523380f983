"""The desk's pages: the claim workspace, the inbox, the review queue, conflict triage, the
dashboard and the fact pages."""

from django.urls import path

from claims.desk import conflicts, dashboard, facts, inbox, review, workspace

urlpatterns = [
    path("review/", review.review_queue, name="review-queue"),
    path("review/<int:claim_id>/decide/", review.review_decide, name="review-decide"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("claims/<int:claim_id>/", workspace.claim_workspace, name="claim-workspace"),
    path("claims/<int:claim_id>/decide/", workspace.claim_decide, name="claim-decide"),
    path("claims/<int:claim_id>/comment/", workspace.claim_comment, name="claim-comment"),
    path("claims/<int:claim_id>/same-fact/", review.same_fact, name="desk-same-fact"),
    path("conflicts/<int:conflict_id>/", conflicts.conflict_triage, name="conflict-triage"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("facts/", facts.fact_index, name="fact-index"),
    path("facts/<slug:entity_slug>/<slug:measure_slug>/", facts.fact_page, name="fact-page"),
]
