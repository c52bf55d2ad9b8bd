"""A room per call: a Jitsi room with a random, unguessable name, or a URL template with {booking} / {token}; the
room is in the confirmation email, the calendar invite (LOCATION and URL), the manage page and the host's page."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from interviews.booking.ics import booking_ics
from interviews.booking.rules import booking_rules_save
from interviews.booking.services import booking_create
from outbox.models import Email
from tests.interviews.factories import sync_round_with_rules

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
MONDAY_10 = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
MONDAY_11 = datetime(2030, 3, 4, 11, 0, tzinfo=UTC)


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        Email.objects.all().delete()
        yield world


def rules_with_room(world, **room):
    rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), duration_minutes=45,
                                  slot_interval_minutes=60, min_notice_hours=0)  # fmt: skip
    return booking_rules_save(round=rules.round, actor=world.owner, **room)


def book(rules, start, email):
    person = {"email": email, "name": email.split("@")[0].title(), "timezone": "UTC"}
    return booking_create(round=rules.round, start=start, participant=person, answers={})


def test_each_jitsi_call_gets_its_own_unguessable_room(acme):
    rules = rules_with_room(acme, room="jitsi")
    first, second = book(rules, MONDAY_10, "ada@example.com"), book(rules, MONDAY_11, "bo@example.com")
    for booking in (first, second):
        assert re.fullmatch(r"https://meet\.jit\.si/[a-z0-9]{26}", booking.location), booking.location
    assert first.location != second.location
    own = rules_with_room(acme, room="jitsi", room_server="https://video.example.org/")
    assert book(own, datetime(2030, 3, 5, 10, tzinfo=UTC), "cy@example.com").location.startswith(
        "https://video.example.org/")  # fmt: skip


def test_a_template_room_and_where_it_shows(acme, client_for):
    rules = rules_with_room(acme, room="template", room_server="https://rooms.example.org/r/{booking}-{token}")
    booking = book(rules, MONDAY_10, "ada@example.com")
    assert re.fullmatch(rf"https://rooms\.example\.org/r/{booking.pk}-[A-Za-z0-9_-]{{32}}", booking.location)
    invite = booking_ics(booking).decode()
    unfolded = invite.replace("\r\n ", "")
    assert f"LOCATION:{booking.location}" in unfolded and f"URL:{booking.location}" in unfolded
    confirmation = Email.objects.filter(to__icontains="ada@example.com").first()
    assert confirmation is not None and booking.location in confirmation.body_text
    manage = client_for().get(f"/booking/{booking.manage_token}/")
    assert booking.location in manage.text
    assert booking.location in client_for(acme.owner).get(f"/bookings/{booking.pk}/").text


def test_room_settings_are_checked(acme):
    for room in [{"room": "template", "room_server": "https://rooms.example.org/static"},
                 {"room": "template", "room_server": "https://rooms.example.org/{participant}"},
                 {"room": "template", "room_server": "ftp://rooms.example.org/{token}"},
                 {"room": "jitsi", "room_server": "not a server"},
                 {"room": "", "room_server": "https://meet.example.org"}]:  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            rules_with_room(acme, **room)
        assert "room_server" in refused.value.message_dict, room
