"""The panel's staff actions that belong to interviews (the panel's pages are studies.participants)."""

from django.urls import path

from interviews.panel import views

app_name = "panel"

urlpatterns = [
    path("participants/segments/<int:segment_id>/invite/", views.segment_invite_view, name="segment_invite"),
    path("bookings/<int:booking_id>/rating/", views.booking_rate, name="booking_rate"),
]
