from django.urls import path

from claims import views

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:claim_id>/decide/", views.review_decide, name="review-decide"),
]
