"""A public booking page's free times are computed once and shared by its visitors, and every change that moves
them (hours, a day off, a booking in any round, a host leaving the round, the rules) shows on the next page view."""

import re
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from interviews.booking import availability, schedules, services
from interviews.booking.slots import compute_slots
from interviews.models import HostSchedule
from tests.interviews.booking.test_pages import MONDAY, NOW, frozen  # noqa: F401
from tests.interviews.factories import sync_round_with_rules

HALF_HOURS = {"duration_minutes": 30, "slot_interval_minutes": 30, "buffer_before_minutes": 0,
              "buffer_after_minutes": 0}  # fmt: skip


@pytest.fixture
def rules(world):
    """The owner free 09:00-12:00 UTC on weekdays, half-hour calls, 2 h notice, a week ahead (no questions)."""
    with schema_context(world.acme.schema_name):
        return sync_round_with_rules(hosts=[world.owner], hours=("09:00", "12:00"), min_notice_hours=2,
                                     horizon_days=7, **HALF_HOURS)  # fmt: skip


def monday_times(rules) -> list[str]:
    page = Client(HTTP_HOST="acme.localhost").get(f"/book/{rules.public_token}/", {"tz": "UTC", "day": MONDAY})
    assert page.status_code == 200
    return re.findall(r'class="time"[^>]*>([0-9:]+)<', page.text)


def test_the_second_visitor_gets_the_times_without_the_slot_engine(world, rules, frozen):  # noqa: F811
    assert monday_times(rules) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    with CaptureQueriesContext(connection) as queries:
        assert monday_times(rules) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    engine = [q["sql"] for q in queries.captured_queries if "interviews_weeklyhours" in q["sql"]]
    assert engine == []
    # Time passes: a cached time inside the notice is not offered any more.
    frozen.move_to(datetime(2030, 3, 4, 8, 10, tzinfo=UTC))
    assert monday_times(rules)[0] == "10:30"


def test_every_change_to_what_is_free_shows_on_the_next_view(world, rules, frozen):  # noqa: F811
    assert monday_times(rules)[:2] == ["09:00", "09:30"]
    with schema_context(world.acme.schema_name):
        # New weekly hours (written in bulk, without signals).
        schedules.host_schedule_save(user=world.owner, actor=world.owner, weekly_hours=[(0, "14:00", "15:00")])
    assert monday_times(rules) == ["14:00", "14:30"]
    with schema_context(world.acme.schema_name):
        services.booking_create(
            round=rules.round, start=datetime(2030, 3, 4, 14, 0, tzinfo=UTC), answers={},
            participant={"email": "first@example.com", "name": "First"},
        )  # fmt: skip
    assert monday_times(rules) == ["14:30"]
    with schema_context(world.acme.schema_name):
        # A booking of the same host in another round takes the time too: a host is one person.
        other = sync_round_with_rules(hosts=[world.owner], min_notice_hours=0, **HALF_HOURS)
        services.booking_create(
            round=other.round, start=datetime(2030, 3, 4, 14, 30, tzinfo=UTC), answers={},
            participant={"email": "second@example.com", "name": "Second"},
        )  # fmt: skip
    assert monday_times(rules) == []
    with schema_context(world.acme.schema_name):
        schedule = HostSchedule.objects.get(user=world.owner)
        schedules.host_override_add(schedule=schedule, date=date(2030, 3, 4), actor=world.owner, start=datetime(
            2030, 3, 4, 16, 0).time(), end=datetime(2030, 3, 4, 17, 0).time())  # fmt: skip
    assert monday_times(rules) == ["16:00", "16:30"]
    with schema_context(world.acme.schema_name):
        rules.duration_minutes = 60
        rules.save()
    assert monday_times(rules) == ["16:00"]
    with schema_context(world.acme.schema_name):
        rules.hosts.clear()
    assert monday_times(rules) == []


def test_cached_times_are_the_slot_engines(world, rules, frozen):  # noqa: F811
    """What the page offers from the cache is what the slot engine computes for the same window."""
    with schema_context(world.acme.schema_name):
        first = availability.offered_slots(rules)
        again = availability.offered_slots(rules)
        window = {"window_start": NOW, "window_end": datetime(2030, 3, 12, tzinfo=UTC), "now": NOW}
        assert first == again == compute_slots(rules=rules, **window)
        assert len(first) == 6 * 5  # six times on each of the next five weekdays (the horizon ends on Monday 07:00)
