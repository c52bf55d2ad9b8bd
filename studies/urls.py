from django.urls import path

from studies.views import guides, participants, programme

app_name = "studies"

urlpatterns = [
    path("studies/", programme.study_list, name="list"),
    path("studies/new/", programme.study_new, name="new"),
    path("studies/<int:study_id>/", programme.study_detail, name="detail"),
    path("studies/<int:study_id>/edit/", programme.study_edit, name="edit"),
    path("studies/<int:study_id>/status/", programme.study_status, name="status"),
    path("studies/<int:study_id>/planner/", programme.planner_preview, name="planner"),
    path("studies/<int:study_id>/planner/apply/", programme.planner_apply, name="planner_apply"),
    path("studies/<int:study_id>/rounds/new/", programme.round_new, name="round_new"),
    path("rounds/<int:round_id>/edit/", programme.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/move/", programme.round_move, name="round_move"),
    path("rounds/<int:round_id>/delete/", programme.round_delete, name="round_delete"),
    path("rounds/<int:round_id>/guide/", guides.guide, name="guide"),
    path("rounds/<int:round_id>/guide/questions/", guides.question_add, name="question_add"),
    path("rounds/<int:round_id>/guide/copy/", guides.guide_copy, name="guide_copy"),
    path("rounds/<int:round_id>/guide/template/", guides.guide_template, name="guide_template"),
    path("questions/<int:question_id>/edit/", guides.question_edit, name="question_edit"),
    path("questions/<int:question_id>/move/", guides.question_move, name="question_move"),
    path("questions/<int:question_id>/delete/", guides.question_delete, name="question_delete"),
    path("guide-lint/", guides.lint_preview, name="lint_preview"),
    path("participants/", participants.participant_list, name="participants"),
    path("participants/new/", participants.participant_form, name="participant_new"),
    path("participants/import/", participants.participant_import, name="participant_import"),
    path("participants/rules/", participants.governance, name="governance"),
    path("participants/<int:participant_id>/", participants.participant_detail, name="participant"),
    path("participants/<int:participant_id>/edit/", participants.participant_form, name="participant_edit"),
]
