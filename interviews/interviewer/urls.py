from django.urls import path

from interviews.interviewer import views

urlpatterns = [
    path("settings/interviewer/", views.interviewer_settings, name="settings"),
]
