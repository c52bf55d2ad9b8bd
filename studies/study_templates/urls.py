from django.urls import path

from studies.study_templates import views

urlpatterns = [
    path("studies/from-library/", views.study_from_library, name="from_library"),
    path("studies/<int:study_id>/library/publish/", views.study_publish, name="template_publish"),
    path("studies/<int:study_id>/from-library/", views.template_started, name="template_started"),
]
