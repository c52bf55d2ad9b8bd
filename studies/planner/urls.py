from django.urls import path

from studies.planner import views

urlpatterns = [
    path("studies/<int:study_id>/planner/", views.planner_preview, name="planner"),
    path("studies/<int:study_id>/planner/apply/", views.planner_apply, name="planner_apply"),
]
