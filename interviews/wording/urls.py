from django.urls import path

from interviews.wording import views

urlpatterns = [
    path("settings/emails/", views.email_wording, name="emails"),
    path("settings/emails/publish/", views.email_wording_publish, name="emails_publish"),
    path("settings/emails/library/", views.email_wording_from_library, name="emails_from_library"),
]
