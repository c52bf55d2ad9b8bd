"""The transcript of a booked call: its import form posts here (the section sits on the booking's page)."""

from django.urls import path

from interviews.transcripts import views

urlpatterns = [
    path("bookings/<int:pk>/transcript/", views.booking_transcript, name="booking-transcript"),
    path("bookings/<int:pk>/recording/", views.booking_recording, name="booking-recording"),
]
