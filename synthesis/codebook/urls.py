from django.urls import path

from synthesis.codebook import views

app_name = "codebook"

urlpatterns = [
    path("codebook/", views.codebook, name="index"),
    path("codebook/new/", views.tag_new, name="new"),
    path("codebook/import/", views.import_page, name="import"),
    path("codebook/publish/", views.codebook_publish, name="publish"),
    path("codebook/library/", views.codebook_from_library, name="from_library"),
    path("codebook/export.qdc", views.export_qdc, name="export_qdc"),
    path("codebook/export.csv", views.export_csv, name="export_csv"),
    path("codebook/<int:tag_id>/", views.tag_detail, name="tag"),
    path("codebook/<int:tag_id>/edit/", views.tag_edit, name="edit"),
    path("codebook/<int:tag_id>/move/", views.tag_move_view, name="move"),
    path("codebook/<int:tag_id>/merge/", views.tag_merge_view, name="merge"),
    path("codebook/<int:tag_id>/delete/", views.tag_delete_view, name="delete"),
]
