"""Booking pages: the participant's (public, by token) and the staff's (hosts, a round's booking, a booking)."""

from django.urls import path

from interviews.booking.views import participant, presets, staff

app_name = "booking"

urlpatterns = [
    # Participants: no login, unguessable tokens.
    path("book/i/<str:token>/", participant.invite_page, name="invite"),
    path("book/<str:token>/", participant.booking_page, name="page"),
    path("book/<str:token>/screener/", participant.booking_screener, name="screener"),
    path("booking/<str:token>/", participant.manage, name="manage"),
    path("booking/<str:token>/confirmed/", participant.confirmed, name="confirmed"),
    path("booking/<str:token>/invite.ics", participant.booking_ics_download, name="ics"),
    path("booking/<str:token>/cancel/", participant.cancel, name="cancel"),
    path("calendar/<str:token>.ics", participant.host_feed, name="feed"),
    # Staff.
    path("hosts/", staff.hosts, name="hosts"),
    path("hosts/<int:user_id>/", staff.hosts, name="host"),
    path("hosts/<int:user_id>/hours/", staff.host_hours, name="host_hours"),
    path("hosts/<int:user_id>/overrides/", staff.host_override_add, name="host_override_add"),
    path("hosts/<int:user_id>/overrides/<int:override_id>/delete/", staff.host_override_delete, name="override_delete"),
    path("hosts/<int:user_id>/feed/rotate/", staff.host_feed_rotate, name="host_feed_rotate"),
    path("hosts/<int:user_id>/calendars/", staff.host_calendar_add, name="host_calendar_add"),
    path(
        "hosts/<int:user_id>/calendars/<int:calendar_id>/refresh/",
        staff.host_calendar_refresh,
        name="host_calendar_refresh",
    ),
    path(
        "hosts/<int:user_id>/calendars/<int:calendar_id>/delete/",
        staff.host_calendar_delete,
        name="host_calendar_delete",
    ),
    path("rounds/<int:round_id>/booking/", staff.round_booking, name="round"),
    path("rounds/<int:round_id>/booking/rules/", staff.rules_save, name="rules"),
    path("rounds/<int:round_id>/booking/questions/", staff.question_add, name="question_add"),
    path("rounds/<int:round_id>/booking/invite/", staff.invite_send, name="invite_send"),
    path("rounds/<int:round_id>/booking/library/", presets.preset_copy, name="preset_copy"),
    path("rounds/<int:round_id>/booking/library/publish/", presets.preset_publish, name="preset_publish"),
    path("rounds/<int:round_id>/booking/rotate/", staff.public_link_rotate, name="public_link_rotate"),
    path("booking-questions/<int:question_id>/edit/", staff.question_edit, name="question_edit"),
    path("booking-questions/<int:question_id>/move/", staff.question_move, name="question_move"),
    path("booking-questions/<int:question_id>/delete/", staff.question_delete, name="question_delete"),
    path("bookings/<int:booking_id>/", staff.booking_detail, name="detail"),
    path("bookings/<int:booking_id>/mark/", staff.booking_mark, name="mark"),
    path("bookings/<int:booking_id>/cancel/", staff.booking_staff_cancel, name="staff_cancel"),
]
