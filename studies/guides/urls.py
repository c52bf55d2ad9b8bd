from django.urls import path

from studies.guides import views

urlpatterns = [
    path("rounds/<int:round_id>/guide/", views.guide, name="guide"),
    path("rounds/<int:round_id>/guide/questions/", views.question_add, name="question_add"),
    path("rounds/<int:round_id>/guide/copy/", views.guide_copy, name="guide_copy"),
    path("rounds/<int:round_id>/guide/template/", views.guide_template, name="guide_template"),
    path("rounds/<int:round_id>/guide/library/", views.guide_from_library, name="guide_from_library"),
    path("rounds/<int:round_id>/guide/publish/", views.guide_publish, name="guide_publish"),
    path("questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("guide-lint/", views.lint_preview, name="lint_preview"),
]
