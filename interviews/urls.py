from django.urls import path

from interviews.views import participant, staff, transcripts

app_name = "interviews"

urlpatterns = [
    path("i/<str:token>/", participant.interview, name="interview"),
    path("i/<str:token>/answer/", participant.answer, name="answer"),
    path("i/<str:token>/later/", participant.finish_later, name="finish_later"),
    path("rounds/<int:round_id>/interviews/", staff.round_interviews, name="round"),
    path("rounds/<int:round_id>/interviews/links/", staff.link_new, name="link_new"),
    path("rounds/<int:round_id>/interviews/invite/", staff.invite, name="invite"),
    path("links/<int:link_id>/disable/", staff.link_disable, name="link_disable"),
    path("sessions/<int:session_id>/", staff.session_detail, name="session"),
    path("settings/interviewer/", staff.interviewer_settings, name="settings"),
    path("bookings/<int:pk>/transcript/", transcripts.booking_transcript, name="booking-transcript"),
]
