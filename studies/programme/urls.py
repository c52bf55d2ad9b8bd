from django.urls import path

from studies.programme import views

urlpatterns = [
    path("studies/", views.study_list, name="list"),
    path("studies/new/", views.study_new, name="new"),
    path("studies/<int:study_id>/", views.study_detail, name="detail"),
    path("studies/<int:study_id>/edit/", views.study_edit, name="edit"),
    path("studies/<int:study_id>/status/", views.study_status, name="status"),
    path("studies/<int:study_id>/rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/move/", views.round_move, name="round_move"),
    path("rounds/<int:round_id>/delete/", views.round_delete, name="round_delete"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/reopen/", views.round_reopen, name="round_reopen"),
]
