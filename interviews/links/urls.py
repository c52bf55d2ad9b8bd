"""Async interview pages: the participant's (public, by token) and the staff's (a round's links, a session)."""

from django.urls import path

from interviews.links.views import participant, staff

urlpatterns = [
    path("i/<str:token>/", participant.interview, name="interview"),
    path("i/<str:token>/screener/", participant.screener, name="screener"),
    path("i/<str:token>/answer/", participant.answer, name="answer"),
    path("i/<str:token>/reply/", participant.reply, name="reply"),
    path("i/<str:token>/later/", participant.finish_later, name="finish_later"),
    path("i/<str:token>/followup/", participant.followup, name="followup"),
    path("rounds/<int:round_id>/interviews/", staff.round_interviews, name="round"),
    path("rounds/<int:round_id>/interviews/links/", staff.link_new, name="link_new"),
    path("rounds/<int:round_id>/interviews/invite/", staff.invite, name="invite"),
    path("rounds/<int:round_id>/interviews/episodes/", staff.episode_new, name="episode_new"),
    path("links/<int:link_id>/disable/", staff.link_disable, name="link_disable"),
    path("sessions/<int:session_id>/", staff.session_detail, name="session"),
]
