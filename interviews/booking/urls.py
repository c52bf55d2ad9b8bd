"""Booking pages: the participant's (public, by token) and the staff's (hosts, a round's booking, a booking)."""

from django.urls import path

from interviews.booking import views

app_name = "booking"

urlpatterns = [
    # Participants: no login, unguessable tokens.
    path("book/i/<str:token>/", views.invite_page, name="invite"),
    path("book/<str:token>/", views.booking_page, name="page"),
    path("booking/<str:token>/", views.manage, name="manage"),
    path("booking/<str:token>/confirmed/", views.confirmed, name="confirmed"),
    path("booking/<str:token>/invite.ics", views.booking_ics_download, name="ics"),
    path("booking/<str:token>/cancel/", views.cancel, name="cancel"),
    path("calendar/<str:token>.ics", views.host_feed, name="feed"),
    # Staff.
    path("hosts/", views.hosts, name="hosts"),
    path("hosts/<int:user_id>/", views.hosts, name="host"),
    path("hosts/<int:user_id>/hours/", views.host_hours, name="host_hours"),
    path("hosts/<int:user_id>/overrides/", views.host_override_add, name="host_override_add"),
    path("hosts/<int:user_id>/overrides/<int:override_id>/delete/", views.host_override_delete, name="override_delete"),
    path("hosts/<int:user_id>/feed/rotate/", views.host_feed_rotate, name="host_feed_rotate"),
    path("rounds/<int:round_id>/booking/", views.round_booking, name="round"),
    path("rounds/<int:round_id>/booking/rules/", views.rules_save, name="rules"),
    path("rounds/<int:round_id>/booking/questions/", views.question_add, name="question_add"),
    path("rounds/<int:round_id>/booking/invite/", views.invite_send, name="invite_send"),
    path("rounds/<int:round_id>/booking/rotate/", views.public_link_rotate, name="public_link_rotate"),
    path("booking-questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("booking-questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("booking-questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="detail"),
    path("bookings/<int:booking_id>/mark/", views.booking_mark, name="mark"),
    path("bookings/<int:booking_id>/cancel/", views.booking_staff_cancel, name="staff_cancel"),
]
