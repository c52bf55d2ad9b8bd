from django.urls import path

from studies.privacy import views

urlpatterns = [
    path("participants/<int:participant_id>/erase/", views.participant_erase_page, name="participant_erase"),
    path("participants/<int:participant_id>/export/", views.participant_export_download, name="participant_export"),
]
