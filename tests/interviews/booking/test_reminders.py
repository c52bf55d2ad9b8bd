"""Reminders before a call: at the round's offsets, each exactly once, however often beat runs."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from interviews.booking import notifications, services
from interviews.booking.tasks import send_booking_reminders_all_workspaces
from interviews.models import BookingReminder
from outbox.models import Email
from tests.interviews.factories import sync_round_with_rules

BOOKED_AT = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
CALL = datetime(2030, 3, 4, 14, 0, tzinfo=UTC)


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name):
        # Browser tests commit in acme's schema; this test's view of the outbox starts empty (rolled back after).
        Email.objects.all().delete()
        yield world


def book(world, start=CALL, email="ada@example.com", **rule_fields):
    with time_machine.travel(BOOKED_AT, tick=False):
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), min_notice_hours=0,
                                      duration_minutes=30, **rule_fields)  # fmt: skip
        return services.booking_create(
            round=rules.round,
            start=start,
            answers={},
            participant={"email": email, "name": "Ada", "timezone": "Europe/Berlin"},
        )


def reminders() -> list[str]:
    return list(Email.objects.filter(template="booking-reminder").order_by("pk").values_list("subject", flat=True))


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return notifications.booking_reminders_send()


def test_24h_and_1h_reminders_each_once(acme):
    booking = book(acme)
    assert run_at(CALL - timedelta(hours=24, minutes=1)) == 0
    assert run_at(CALL - timedelta(hours=24)) == 1
    assert run_at(CALL - timedelta(hours=23, minutes=59)) == 0  # beat again a minute later
    assert run_at(CALL - timedelta(hours=2)) == 0
    assert run_at(CALL - timedelta(minutes=60)) == 1
    assert run_at(CALL - timedelta(minutes=59)) == 0
    assert run_at(CALL - timedelta(minutes=1)) == 0
    assert run_at(CALL + timedelta(minutes=1)) == 0
    assert reminders() == [
        "Reminder: your call tomorrow (Monday 4 March 2030, 15:00\N{EN DASH}15:30 (Europe/Berlin))",
        "Reminder: your call in 60 minutes (Monday 4 March 2030, 15:00\N{EN DASH}15:30 (Europe/Berlin))",
    ]
    assert sorted(BookingReminder.objects.filter(booking=booking).values_list("offset_minutes", flat=True)) == [
        60,
        1440,
    ]
    email = Email.objects.filter(template="booking-reminder").first()
    assert email.to == "ada@example.com" and f"/booking/{booking.manage_token}/" in email.body_text


def test_the_beat_task_across_workspaces_run_twice(acme):
    book(acme)
    with time_machine.travel(CALL - timedelta(minutes=30), tick=False):
        send_booking_reminders_all_workspaces()
        send_booking_reminders_all_workspaces()
    # Both due offsets were claimed at once (beat was down at the 24 h mark): one email, for the nearest.
    assert len(reminders()) == 1 and "in 30 minutes" in reminders()[0]
    assert BookingReminder.objects.count() == 2


def test_round_offsets_and_late_bookings(acme):
    # Booked 3 hours before: the 24 h reminder's time had passed when it was booked, so only the 1 h one goes.
    late = book(acme, start=BOOKED_AT + timedelta(hours=3), email="late@example.com")
    assert run_at(BOOKED_AT + timedelta(hours=2)) == 1
    assert Email.objects.get(template="booking-reminder").to == "late@example.com"
    assert list(late.reminders.values_list("offset_minutes", flat=True)) == [60]

    # A round with its own offsets: 2 hours only.
    Email.objects.all().delete()
    custom = book(acme, email="c@example.com", reminder_offsets_minutes=[120])
    assert run_at(CALL - timedelta(hours=24)) == 0
    assert run_at(CALL - timedelta(hours=2)) == 1
    assert list(custom.reminders.values_list("offset_minutes", flat=True)) == [120]


def test_rescheduled_and_cancelled_calls(acme):
    booking = book(acme)
    assert run_at(CALL - timedelta(hours=24)) == 1
    # Moved two days later: reminders start over for the new time.
    with time_machine.travel(CALL - timedelta(hours=23), tick=False):
        moved = services.booking_reschedule(booking=booking, start=CALL + timedelta(days=2), actor=acme.owner)
    assert run_at(moved.start - timedelta(hours=24)) == 1
    assert "Wednesday 6 March" in reminders()[-1]
    with time_machine.travel(moved.start - timedelta(hours=5), tick=False):
        services.booking_cancel(booking=moved, actor=acme.owner)
    assert run_at(moved.start - timedelta(hours=1)) == 0
    # A participant who asked not to be contacted meanwhile gets none.
    other = book(acme, email="q@example.com")
    other.participant.do_not_contact = True
    other.participant.save()
    assert run_at(CALL - timedelta(hours=1)) == 0
