from django.urls import path

from synthesis.jobs import views

app_name = "synthesis_jobs"

urlpatterns = [
    path("synthesis/jobs/", views.job_list, name="list"),
    path("synthesis/jobs/start/", views.job_start, name="start"),
    path("synthesis/jobs/<int:job_id>/", views.job_detail, name="detail"),
    path("synthesis/jobs/<int:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("synthesis/jobs/<int:job_id>/themes/", views.job_themes, name="themes"),
    path("synthesis/themes/<int:theme_id>/insight/", views.theme_insight, name="theme_insight"),
    path("synthesis/suggestions/", views.suggestion_inbox, name="suggestions"),
    path("synthesis/suggestions/bulk/", views.suggestions_bulk, name="suggestions_bulk"),
    path("synthesis/suggestions/<int:suggestion_id>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("synthesis/suggestions/<int:suggestion_id>/reject/", views.suggestion_reject, name="suggestion_reject"),
    path("synthesis/bulk-accepts/<int:bulk_id>/", views.bulk_detail, name="bulk"),
    path("synthesis/bulk-accepts/<int:bulk_id>/undo/", views.bulk_undo, name="bulk_undo"),
]
