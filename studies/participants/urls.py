from django.urls import path

from studies.participants import views

urlpatterns = [
    path("participants/", views.participant_list, name="participants"),
    path("participants/new/", views.participant_form, name="participant_new"),
    path("participants/import/", views.participant_import, name="participant_import"),
    path("participants/rules/", views.governance, name="governance"),
    path("participants/segments/", views.segment_new, name="segment_new"),
    path("participants/segments/<int:segment_id>/", views.segment_detail, name="segment"),
    path("participants/segments/<int:segment_id>/delete/", views.segment_remove, name="segment_delete"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant"),
    path("participants/<int:participant_id>/edit/", views.participant_form, name="participant_edit"),
]
