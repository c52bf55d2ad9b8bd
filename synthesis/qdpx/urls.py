from django.urls import path

from synthesis.qdpx import views

app_name = "qdpx"

urlpatterns = [
    path("studies/<int:study_id>/export.qdpx", views.study_export, name="export"),
    path("studies/<int:study_id>/import-qdpx/", views.study_import, name="import"),
]
