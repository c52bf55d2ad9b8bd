from django.urls import path

from synthesis.validation import views

app_name = "validation"

urlpatterns = [
    path("insights/validate/", views.validate_new, name="new"),
    path("insights/<int:pk>/validation/classify/", views.insight_classify, name="classify"),
    path("insights/<int:pk>/validation/answers/<int:answer_id>/review/", views.answer_review, name="review"),
]
