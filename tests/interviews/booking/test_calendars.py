"""Hosts' own calendars, read from a real local HTTP server: a weekly meeting with an exception and a moved
instance across Berlin's spring-forward change, an all-day event, a transparent and a cancelled one; conditional
requests; errors shown with their HTTP status or line; the outbound policy's refusals; the booking race path."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from interviews.booking.calendars import busy_times, host_calendar_add, host_calendar_refresh, parse_calendar
from interviews.booking.services import SlotTaken, booking_create
from interviews.booking.slots import available_slots
from interviews.models import BusyInterval, HostCalendar, HostSchedule
from tests.interviews.booking import ics_server
from tests.interviews.factories import sync_round_with_rules

NOW = datetime(2030, 3, 15, 12, 0, tzinfo=UTC)  # a Friday; Berlin moves to summer time on Sunday 31 March 2030
BERLIN = "Europe/Berlin"

# Dana's team meeting: Mondays 10:00-11:00 Berlin time from 18 March, eight times; not on 25 March (EXDATE); on
# 1 April (after the change) moved to 11:00-12:00 (RECURRENCE-ID). Plus a transparent "focus time" on Tuesday
# 19 March, a cancelled call on Wednesday 20 March and an all-day offsite on Wednesday 3 April.
FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Dana//EN\r
BEGIN:VTIMEZONE\r
TZID:Europe/Berlin\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:team-weekly@test\r
DTSTAMP:20300301T000000Z\r
DTSTART;TZID=Europe/Berlin:20300318T100000\r
DTEND;TZID=Europe/Berlin:20300318T110000\r
RRULE:FREQ=WEEKLY;COUNT=8\r
EXDATE;TZID=Europe/Berlin:20300325T100000\r
SUMMARY:Team meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:team-weekly@test\r
DTSTAMP:20300301T000000Z\r
RECURRENCE-ID;TZID=Europe/Berlin:20300401T100000\r
DTSTART;TZID=Europe/Berlin:20300401T110000\r
DTEND;TZID=Europe/Berlin:20300401T120000\r
SUMMARY:Team meeting (moved)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:focus@test\r
DTSTAMP:20300301T000000Z\r
DTSTART;TZID=Europe/Berlin:20300319T090000\r
DTEND;TZID=Europe/Berlin:20300319T120000\r
TRANSP:TRANSPARENT\r
SUMMARY:Focus time\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:cancelled@test\r
DTSTAMP:20300301T000000Z\r
DTSTART;TZID=Europe/Berlin:20300320T090000\r
DTEND;TZID=Europe/Berlin:20300320T120000\r
STATUS:CANCELLED\r
SUMMARY:Client call (cancelled)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:offsite@test\r
DTSTAMP:20300301T000000Z\r
DTSTART;VALUE=DATE:20300403\r
DTEND;VALUE=DATE:20300404\r
SUMMARY:Offsite\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture(scope="module")
def server():
    fake, http = ics_server.start()
    yield fake
    http.shutdown()


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        yield world


def dana_round(world, **fields):
    defaults = {"duration_minutes": 30, "slot_interval_minutes": 30, "buffer_before_minutes": 0,
                "buffer_after_minutes": 0, "min_notice_hours": 0, "horizon_days": 60}  # fmt: skip
    return sync_round_with_rules(hosts=[world.owner], hours=("09:00", "12:00"), tz=BERLIN, **{**defaults, **fields})


def berlin_times(rules, day: date) -> list[str]:
    slots = available_slots(rules=rules, start_date=day, end_date=day, tz=BERLIN)
    return [s.start.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M") for s in slots]


def connect(world, server, path="/dana.ics", body=FEED, **options) -> HostCalendar:
    url = server.serve(path, body)
    schedule = HostSchedule.objects.get_or_create(user=world.owner, defaults={"timezone": BERLIN})[0]
    calendar = host_calendar_add(schedule=schedule, url=url, actor=world.owner, **options)
    return host_calendar_refresh(calendar=calendar)


ALL = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]


def test_the_weekly_meeting_its_exception_and_moved_instance_across_daylight_saving(acme, server):
    rules = dana_round(acme)
    assert berlin_times(rules, date(2030, 3, 18)) == ALL
    calendar = connect(acme, server)
    assert calendar.error == "" and calendar.last_read_at == NOW

    # Winter time: the meeting at 10:00-11:00 Berlin (09:00 UTC) takes two slots.
    assert berlin_times(rules, date(2030, 3, 18)) == ["09:00", "09:30", "11:00", "11:30"]
    assert berlin_times(rules, date(2030, 3, 25)) == ALL  # EXDATE: not that week
    # After the change: the moved instance sits at 11:00-12:00, and the usual 10:00 is free that day.
    assert berlin_times(rules, date(2030, 4, 1)) == ["09:00", "09:30", "10:00", "10:30"]
    # Summer time: still 10:00 on the wall clock (08:00 UTC now, not 09:00).
    assert berlin_times(rules, date(2030, 4, 8)) == ["09:00", "09:30", "11:00", "11:30"]
    stored = BusyInterval.objects.filter(calendar=calendar, start__date=date(2030, 4, 8)).get()
    assert (stored.start, stored.end) == (datetime(2030, 4, 8, 8, tzinfo=UTC), datetime(2030, 4, 8, 9, tzinfo=UTC))
    # Transparent and cancelled events do not block; the all-day offsite blocks the whole day.
    assert berlin_times(rules, date(2030, 3, 19)) == ALL
    assert berlin_times(rules, date(2030, 3, 20)) == ALL
    assert berlin_times(rules, date(2030, 4, 3)) == []
    # COUNT=8 from 18 March, one excluded: seven meetings (one moved), the offsite: eight busy intervals.
    assert BusyInterval.objects.filter(calendar=calendar).count() == 8


def test_all_day_events_block_unless_the_host_says_otherwise(acme, server):
    rules = dana_round(acme)
    connect(acme, server, all_day_blocks=False)
    assert berlin_times(rules, date(2030, 4, 3)) == ALL
    assert berlin_times(rules, date(2030, 3, 18)) == ["09:00", "09:30", "11:00", "11:30"]


def test_the_rounds_buffers_keep_a_gap_around_busy_times(acme, server):
    rules = dana_round(acme, buffer_before_minutes=15, buffer_after_minutes=15)
    connect(acme, server)
    # 09:30-10:00 would end as the meeting starts, 11:00 would start as it ends: both need 15 minutes more.
    assert berlin_times(rules, date(2030, 3, 18)) == ["09:00", "11:30"]


def test_unchanged_feeds_answer_304_and_keep_their_busy_times(acme, server):
    calendar = connect(acme, server, path="/etag.ics")
    stored = BusyInterval.objects.filter(calendar=calendar).count()
    assert stored >= 5 and calendar.etag.startswith('"') and calendar.last_modified == ics_server.LAST_MODIFIED
    server.requests.clear()
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        again = host_calendar_refresh(calendar=calendar)
    method, path, headers = server.requests[-1]
    assert (method, path) == ("GET", "/etag.ics")
    assert headers["if-none-match"] == calendar.etag
    assert headers["if-modified-since"] == ics_server.LAST_MODIFIED
    assert again.last_read_at == NOW + timedelta(minutes=10) and again.error == ""
    assert BusyInterval.objects.filter(calendar=calendar).count() == stored


def test_errors_say_what_went_wrong_and_keep_the_last_good_busy_times(acme, server):
    rules = dana_round(acme)
    calendar = connect(acme, server, path="/flaky.ics")
    server.serve("/flaky.ics", status=404)
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        failed = host_calendar_refresh(calendar=calendar)
    assert "HTTP 404" in failed.error and failed.last_read_at == NOW
    assert failed.last_tried_at == NOW + timedelta(minutes=10)
    assert berlin_times(rules, date(2030, 3, 18)) == ["09:00", "09:30", "11:00", "11:30"]  # still blocked

    broken = FEED.replace("SUMMARY:Offsite\r\n", "SUMMARY:Offsite\r\nthis line is not iCalendar\r\n")
    server.serve("/flaky.ics", broken)
    failed = host_calendar_refresh(calendar=calendar)
    line = broken.splitlines().index("this line is not iCalendar") + 1
    assert failed.error == f"Line {line} is not an iCalendar line: “this line is not iCalendar”."

    server.serve("/flaky.ics", "<html><body>Sign in</body></html>", content_type="text/html")
    assert "not an iCalendar file" in host_calendar_refresh(calendar=calendar).error
    server.serve("/flaky.ics", FEED.replace("20300403", "2030-04-03"))
    assert host_calendar_refresh(calendar=calendar).error.startswith("Line ")

    server.serve("/flaky.ics", FEED)
    assert host_calendar_refresh(calendar=calendar).error == ""


def test_unsafe_addresses_are_refused(acme, server, settings):
    schedule = HostSchedule.objects.get_or_create(user=acme.owner)[0]
    for url, reason in [
        ("ftp://calendar.example.org/a.ics", "http:// or https://"),
        ("http://10.0.0.5/a.ics", "private network"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://127.0.0.2:8080/a.ics", "loopback"),
    ]:
        with pytest.raises(ValidationError) as refused:
            host_calendar_add(schedule=schedule, url=url, actor=acme.owner)
        assert reason in str(refused.value.message_dict["url"]), url
    assert not HostCalendar.objects.exists()

    # A redirect to a forbidden address is refused at connect time, and so is an answer over 5 MB.
    redirect_url = server.serve("/moved.ics", status=302, location="http://127.0.0.2:9/secret.ics")
    calendar = host_calendar_add(schedule=schedule, url=redirect_url, actor=acme.owner)
    assert "loopback" in host_calendar_refresh(calendar=calendar).error
    huge = server.serve("/huge.ics", "BEGIN:VCALENDAR\r\n" + "X-FILL:" + "x" * (5 * 1024 * 1024) + "\r\n")
    calendar = host_calendar_add(schedule=schedule, url=huge, actor=acme.owner)
    assert host_calendar_refresh(calendar=calendar).error == "The calendar is larger than 5 MB."
    # Loopback itself is only allowed because the tests allow it, as an operator would: without that, the address
    # is refused when saved and again when read.
    calendar = host_calendar_add(schedule=schedule, url=server.serve("/dana.ics", FEED), actor=acme.owner)
    settings.PARLEY_OUTBOUND_ALLOW = []
    assert "loopback" in host_calendar_refresh(calendar=calendar).error
    with pytest.raises(ValidationError, match="loopback"):
        host_calendar_add(schedule=schedule, url=server.url("/dana.ics"), actor=acme.owner)


def test_the_booking_race_path_refuses_a_busy_time_and_books_while_stale(acme, server):
    rules = dana_round(acme)
    calendar = connect(acme, server, path="/race.ics")
    person = {"email": "ada@example.com", "name": "Ada Lovelace", "timezone": BERLIN}
    busy = datetime(2030, 3, 18, 9, 0, tzinfo=UTC)  # 10:00 Berlin: the team meeting
    with pytest.raises(SlotTaken):
        booking_create(round=rules.round, start=busy, participant=person, answers={})
    # The feed is gone: the calendar is stale, its last busy times still hold, and free times still book.
    server.serve("/race.ics", status=500)
    assert "HTTP 500" in host_calendar_refresh(calendar=calendar).error
    with pytest.raises(SlotTaken):
        booking_create(round=rules.round, start=busy, participant=person, answers={})
    booking = booking_create(round=rules.round, start=busy + timedelta(hours=1), participant=person, answers={})
    assert booking.host_id == acme.owner.pk


def test_parse_and_expand_without_a_server():
    calendar = parse_calendar(FEED.encode())
    start, end = datetime(2030, 3, 1, tzinfo=UTC), datetime(2030, 5, 1, tzinfo=UTC)
    found = busy_times(calendar, start=start, end=end, zone=ZoneInfo(BERLIN))
    assert found[0] == (datetime(2030, 3, 18, 9, tzinfo=UTC), datetime(2030, 3, 18, 10, tzinfo=UTC))
    assert (datetime(2030, 4, 2, 22, tzinfo=UTC), datetime(2030, 4, 3, 22, tzinfo=UTC)) in found  # the offsite


def test_isolation_busy_times_stay_in_their_workspace(acme, server, world):
    connect(acme, server, path="/mine.ics")
    with schema_context(world.globex.schema_name):
        assert not BusyInterval.objects.exists() and not HostCalendar.objects.exists()
