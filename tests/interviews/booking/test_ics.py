"""Calendar output parsed back with icalendar: the invite, its cancellation, the host's feed, the Google link."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from icalendar import Calendar

from interviews.booking import ics, services
from interviews.models import Booking, BookingStatus
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
START = datetime(2030, 3, 4, 14, 0, tzinfo=UTC)


@pytest.fixture
def booking(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("09:00", "17:00"), duration_minutes=45, min_notice_hours=0,
            location="https://meet.example.com/abc",
        )  # fmt: skip
        yield services.booking_create(
            round=rules.round, start=START, answers={},
            participant={"email": "ada@example.com", "name": "Ada Lovelace", "timezone": "Asia/Kolkata"},
        )  # fmt: skip


def test_request_invite(booking, world):
    cal = Calendar.from_ical(ics.booking_ics(booking))
    assert cal["METHOD"] == "REQUEST" and cal["VERSION"] == "2.0" and "Parley" in str(cal["PRODID"])
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == booking.uid and booking.uid.endswith("@parley")
    assert event["SEQUENCE"] == 0
    # Times in UTC (the trailing Z), whatever the participant's or host's zone.
    assert event["DTSTART"].to_ical() == b"20300304T140000Z" and event["DTEND"].to_ical() == b"20300304T144500Z"
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == START + timedelta(minutes=45)
    assert str(event["ORGANIZER"]) == f"mailto:{world.owner.email}"
    assert event["ORGANIZER"].params["CN"] == "Olive Owner"
    assert str(event["ATTENDEE"]) == "mailto:ada@example.com" and event["ATTENDEE"].params["CN"] == "Ada Lovelace"
    assert str(event["LOCATION"]) == str(event["URL"]) == "https://meet.example.com/abc"
    assert event["STATUS"] == "CONFIRMED"
    assert f"/booking/{booking.manage_token}/" in str(event["DESCRIPTION"])


def test_cancel_invite_after_changes(booking, world):
    moved = services.booking_reschedule(booking=booking, start=START + timedelta(hours=1), actor=world.owner)
    cancelled = services.booking_cancel(booking=moved, actor=world.owner)
    cal = Calendar.from_ical(ics.booking_ics(cancelled, method="CANCEL"))
    (event,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == booking.uid and event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == START + timedelta(hours=1)
    with pytest.raises(ValueError):
        ics.booking_ics(booking, method="PUBLISH")


def test_host_feed_lists_the_hosts_bookings_only(booking, world):
    other_round = sync_round_with_rules(hosts=[world.researcher])
    Booking.objects.create(round=other_round.round, host=world.researcher, participant=ParticipantFactory(),
                           start=START, end=START + timedelta(hours=1))  # fmt: skip
    cancelled = Booking.objects.create(
        round=booking.round, host=world.owner, participant=ParticipantFactory(), start=START + timedelta(days=1),
        end=START + timedelta(days=1, hours=1), status=BookingStatus.CANCELLED, sequence=1,
    )  # fmt: skip
    old = Booking.objects.create(
        round=booking.round, host=world.owner, participant=ParticipantFactory(), start=START - timedelta(days=365),
        end=START - timedelta(days=365, hours=-1), status=BookingStatus.COMPLETED,
    )  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        cal = Calendar.from_ical(ics.host_feed_ics(world.owner))
    assert "METHOD" not in cal and "Acme Corp" in str(cal["X-WR-CALNAME"])
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {booking.uid, cancelled.uid}  # not the researcher's, not last year's
    assert old.uid not in events
    assert events[cancelled.uid]["STATUS"] == "CANCELLED" and events[cancelled.uid]["SEQUENCE"] == 1
    assert events[booking.uid]["STATUS"] == "CONFIRMED"


def test_google_calendar_link(booking):
    url = ics.google_calendar_url(booking)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.netloc == "calendar.google.com"
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20300304T140000Z/20300304T144500Z"]
    assert query["location"] == ["https://meet.example.com/abc"]
    # The participant's link never shows the team's internal title: the public one, or a neutral phrase.
    assert query["text"] == ["A conversation with Acme Corp · Olive Owner"]
    assert booking.round.study.title not in query["details"][0]
    booking.round.study.public_title = "Your first month"
    assert parse_qs(urlsplit(ics.google_calendar_url(booking)).query)["text"] == ["Your first month · Olive Owner"]
    host = parse_qs(urlsplit(ics.google_calendar_url(booking, for_host=True)).query)
    assert booking.round.study.title in host["text"][0] and "Ada Lovelace" in host["details"][0]
