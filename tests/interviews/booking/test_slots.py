"""The slot engine: weekly hours in the host's zone, overrides, bookings with buffers, notice, daily cap, horizon,
several hosts, and daylight-saving changes in the host's and the participant's zones."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.booking.slots import available_slots
from interviews.models import Booking, BookingStatus, DateOverride, HostSchedule, WeeklyHours
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory

NEW_YORK, BERLIN, KOLKATA = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Kolkata")
MONDAY = date(2030, 3, 4)  # a Monday; New York is on EST (UTC-5), Berlin on CET (UTC+1)
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def starts(slots, zone=UTC) -> list[str]:
    return [s.start.astimezone(zone).strftime("%m-%d %H:%M") for s in slots]


def book(rules, host, start, minutes=None, status=BookingStatus.BOOKED, round_=None):
    minutes = minutes or rules.duration_minutes
    return Booking.objects.create(
        round=round_ or rules.round, host=host, participant=ParticipantFactory(), start=start,
        end=start + timedelta(minutes=minutes), status=status,
    )  # fmt: skip


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        yield world


def one_host(world, **fields):
    defaults = {"duration_minutes": 30, "slot_interval_minutes": 30, "buffer_before_minutes": 0,
                "buffer_after_minutes": 0, "min_notice_hours": 0, "horizon_days": 60}  # fmt: skip
    return sync_round_with_rules(hosts=[world.owner], hours=("09:00", "12:00"), **{**defaults, **fields})


def test_a_closed_round_offers_nothing(acme):
    rules = one_host(acme)
    assert available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC")
    rules.round.status = "closed"
    rules.round.save()
    assert available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC") == []


def test_weekly_hours_become_slots_at_the_interval(acme):
    rules = one_host(acme, duration_minutes=45, slot_interval_minutes=30)
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    # 09:00-12:00 with 45-minute calls every 30 minutes: the last one starts at 11:00 and ends at 11:45.
    assert starts(slots) == ["03-04 09:00", "03-04 09:30", "03-04 10:00", "03-04 10:30", "03-04 11:00"]
    assert all(s.end - s.start == timedelta(minutes=45) and s.host_ids == (acme.owner.pk,) for s in slots)
    # The weekend has no hours.
    assert (
        available_slots(rules=rules, start_date=date(2030, 3, 9), end_date=date(2030, 3, 10), tz="UTC", now=NOW) == []
    )


def test_several_ranges_a_day(acme):
    rules = one_host(acme, duration_minutes=60, slot_interval_minutes=60)
    schedule = HostSchedule.objects.get(user=acme.owner)
    WeeklyHours.objects.create(schedule=schedule, weekday=0, start=time(14), end=time(16))
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    assert starts(slots) == ["03-04 09:00", "03-04 10:00", "03-04 11:00", "03-04 14:00", "03-04 15:00"]


def test_bookings_and_their_buffers_block_time(acme):
    rules = one_host(acme, buffer_before_minutes=15, buffer_after_minutes=30)
    book(rules, acme.owner, utc(2030, 3, 4, 10, 0))  # 10:00-10:30
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    # 09:30 would end when it starts (30 minutes of buffer needed); 10:30 would start without the 30 after it.
    assert starts(slots) == ["03-04 09:00", "03-04 11:00", "03-04 11:30"]


def test_another_rounds_booking_blocks_the_host_with_the_larger_buffer(acme):
    rules = one_host(acme)
    other = sync_round_with_rules(hosts=[acme.owner], buffer_after_minutes=60, buffer_before_minutes=0)
    book(other, acme.owner, utc(2030, 3, 4, 9, 30), minutes=30)  # 09:30-10:00, then an hour of rest
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    assert starts(slots) == ["03-04 09:00", "03-04 11:00", "03-04 11:30"]


def test_cancelled_and_no_show_bookings_block_nothing(acme):
    rules = one_host(acme)
    book(rules, acme.owner, utc(2030, 3, 4, 9, 0), status=BookingStatus.CANCELLED)
    book(rules, acme.owner, utc(2030, 3, 4, 9, 30), status=BookingStatus.NO_SHOW)
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    assert len(slots) == 6


def test_minimum_notice_and_horizon(acme):
    rules = one_host(acme, min_notice_hours=2, horizon_days=3)
    now = utc(2030, 3, 4, 8, 15)
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=date(2030, 3, 15), tz="UTC", now=now)
    # Nothing before 10:15 on Monday; nothing starting after Thursday 08:15.
    assert starts(slots)[0] == "03-04 10:30"
    assert starts(slots)[-1] == "03-06 11:30"
    assert {s.start.date() for s in slots} == {date(2030, 3, 4), date(2030, 3, 5), date(2030, 3, 6)}
    # The past is never offered.
    assert available_slots(rules=rules, start_date=date(2030, 3, 1), end_date=date(2030, 3, 3), tz="UTC", now=now) == []


def test_daily_cap_counts_the_hosts_day_in_their_zone(acme):
    rules = sync_round_with_rules(
        hosts=[acme.owner], hours=("09:00", "12:00"), tz="America/New_York", duration_minutes=30,
        slot_interval_minutes=30, buffer_after_minutes=0, min_notice_hours=0, max_per_host_per_day=2,
    )  # fmt: skip
    # Monday in New York: 09:00 and 10:00 EST are 14:00 and 15:00 UTC.
    book(rules, acme.owner, datetime(2030, 3, 4, 9, 0, tzinfo=NEW_YORK))
    monday = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz=NEW_YORK, now=NOW)
    assert len(monday) == 5  # one taken, cap not reached
    book(rules, acme.owner, datetime(2030, 3, 4, 11, 0, tzinfo=NEW_YORK))
    assert available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz=NEW_YORK, now=NOW) == []
    # Tuesday is another day for the host, although Monday evening in New York is already Tuesday in Kolkata.
    tuesday = available_slots(rules=rules, start_date=date(2030, 3, 5), end_date=date(2030, 3, 5), tz=NEW_YORK, now=NOW)
    assert len(tuesday) == 6
    # Another round's bookings do not count against this round's cap.
    rules.max_per_host_per_day = 3
    rules.save()
    other = sync_round_with_rules(hosts=[acme.owner])
    book(other, acme.owner, datetime(2030, 3, 4, 11, 30, tzinfo=NEW_YORK))
    assert starts(available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz=NEW_YORK, now=NOW), NEW_YORK) == [
        "03-04 09:30", "03-04 10:00", "03-04 10:30",
    ]  # fmt: skip


def test_date_overrides_replace_the_weekdays_hours(acme):
    rules = one_host(acme, duration_minutes=60, slot_interval_minutes=60)
    schedule = HostSchedule.objects.get(user=acme.owner)
    DateOverride.objects.create(schedule=schedule, date=MONDAY)  # day off
    DateOverride.objects.create(schedule=schedule, date=date(2030, 3, 5), start=time(15), end=time(17))
    DateOverride.objects.create(schedule=schedule, date=date(2030, 3, 9), start=time(10), end=time(11))  # Saturday
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=date(2030, 3, 10), tz="UTC", now=NOW)
    by_day = {}
    for slot in slots:
        by_day.setdefault(slot.start.date().isoformat(), []).append(slot.start.strftime("%H:%M"))
    assert by_day == {
        "2030-03-05": ["15:00", "16:00"],  # replaced, not added to
        "2030-03-06": ["09:00", "10:00", "11:00"],
        "2030-03-07": ["09:00", "10:00", "11:00"],
        "2030-03-08": ["09:00", "10:00", "11:00"],
        "2030-03-09": ["10:00"],  # extra hours on a weekend
    }


def test_a_slot_lists_every_free_host(acme):
    rules = sync_round_with_rules(
        hosts=[acme.owner, acme.researcher], hours=("09:00", "10:00"), duration_minutes=30,
        slot_interval_minutes=30, buffer_after_minutes=0, min_notice_hours=0,
    )  # fmt: skip
    book(rules, acme.owner, utc(2030, 3, 4, 9, 30))
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    assert [(s.start.strftime("%H:%M"), s.host_ids) for s in slots] == [
        ("09:00", (acme.owner.pk, acme.researcher.pk)),
        ("09:30", (acme.researcher.pk,)),
    ]
    # "One host" rounds offer only the first host's times.
    rules.assignment = "single"
    rules.save()
    slots = available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY, tz="UTC", now=NOW)
    assert [(s.start.strftime("%H:%M"), s.host_ids) for s in slots] == [("09:00", (acme.owner.pk,))]


def new_york_host(world):
    return sync_round_with_rules(
        hosts=[world.owner], hours=("09:00", "17:00"), tz="America/New_York", duration_minutes=60,
        slot_interval_minutes=60, buffer_after_minutes=0, min_notice_hours=0, horizon_days=365,
    )  # fmt: skip


def test_march_change_in_new_york_moves_the_utc_times_not_the_hours(acme):
    rules = new_york_host(acme)
    # US clocks go forward on Sunday 10 March 2030; Europe's on 31 March; India has no daylight saving.
    friday = available_slots(rules=rules, start_date=date(2030, 3, 8), end_date=date(2030, 3, 8), tz=BERLIN)
    monday = available_slots(rules=rules, start_date=date(2030, 3, 11), end_date=date(2030, 3, 11), tz=BERLIN)
    assert [s.start.astimezone(NEW_YORK).strftime("%H:%M") for s in friday] == [f"{h:02}:00" for h in range(9, 17)]
    assert [s.start.astimezone(NEW_YORK).strftime("%H:%M") for s in monday] == [f"{h:02}:00" for h in range(9, 17)]
    assert friday[0].start == utc(2030, 3, 8, 14) and monday[0].start == utc(2030, 3, 11, 13)
    # A Berlin participant sees 15:00 on Friday and 14:00 on Monday (their own clocks have not changed yet).
    assert starts(friday, BERLIN)[0] == "03-08 15:00" and starts(monday, BERLIN)[0] == "03-11 14:00"
    # Kolkata: 19:30 then 18:30; 9-17 in New York runs past midnight in Kolkata, so Monday in Kolkata ends early.
    kolkata_monday = available_slots(rules=rules, start_date=date(2030, 3, 11), end_date=date(2030, 3, 11), tz=KOLKATA)
    assert starts(kolkata_monday, KOLKATA) == ["03-11 18:30", "03-11 19:30", "03-11 20:30", "03-11 21:30",
                                               "03-11 22:30", "03-11 23:30"]  # fmt: skip
    kolkata_tuesday = available_slots(rules=rules, start_date=date(2030, 3, 12), end_date=date(2030, 3, 12), tz=KOLKATA)
    assert starts(kolkata_tuesday, KOLKATA)[:2] == ["03-12 00:30", "03-12 01:30"]
    # Asked for the same week from any zone, the same instants come back, each once.
    week = {
        zone: available_slots(rules=rules, start_date=date(2030, 3, 6), end_date=date(2030, 3, 14), tz=zone)
        for zone in (BERLIN, KOLKATA, NEW_YORK)
    }
    inner = {s.start for s in week[NEW_YORK] if date(2030, 3, 7) <= s.start.date() <= date(2030, 3, 13)}
    assert len(inner) == 5 * 8
    for slots in week.values():
        assert inner <= {s.start for s in slots}
        assert len({s.start for s in slots}) == len(slots)


def test_hours_through_the_skipped_hour_lose_it(acme):
    rules = new_york_host(acme)
    schedule = HostSchedule.objects.get(user=acme.owner)
    # Sunday 10 March 2030, 00:00-06:00 on the wall clock: 02:00-03:00 does not exist that night.
    DateOverride.objects.create(schedule=schedule, date=date(2030, 3, 10), start=time(0), end=time(6))
    slots = available_slots(rules=rules, start_date=date(2030, 3, 10), end_date=date(2030, 3, 10), tz=NEW_YORK)
    assert starts(slots, NEW_YORK) == ["03-10 00:00", "03-10 01:00", "03-10 03:00", "03-10 04:00", "03-10 05:00"]
    assert all(s.end - s.start == timedelta(hours=1) for s in slots)


def test_november_change_in_new_york(acme):
    rules = new_york_host(acme)
    schedule = HostSchedule.objects.get(user=acme.owner)
    # The repeated hour: 00:00-04:00 on Sunday 3 November lasts five real hours.
    DateOverride.objects.create(schedule=schedule, date=date(2030, 11, 3), start=time(0), end=time(4))
    # Europe went back on 27 October 2030, New York goes back on Sunday 3 November.
    with time_machine.travel(datetime(2030, 10, 20, tzinfo=UTC), tick=False):
        friday = available_slots(rules=rules, start_date=date(2030, 11, 1), end_date=date(2030, 11, 1), tz=BERLIN)
        monday = available_slots(rules=rules, start_date=date(2030, 11, 4), end_date=date(2030, 11, 4), tz=BERLIN)
        sunday = available_slots(rules=rules, start_date=date(2030, 11, 3), end_date=date(2030, 11, 3), tz=NEW_YORK)
    assert friday[0].start == utc(2030, 11, 1, 13) and monday[0].start == utc(2030, 11, 4, 14)
    assert starts(friday, BERLIN)[0] == "11-01 14:00" and starts(monday, BERLIN)[0] == "11-04 15:00"
    assert starts(friday, KOLKATA)[0] == "11-01 18:30" and starts(monday, KOLKATA)[0] == "11-04 19:30"
    assert len(friday) == len(monday) == 8
    assert [s.start for s in sunday] == [utc(2030, 11, 3, h) for h in range(4, 9)]
    assert starts(sunday, NEW_YORK) == ["11-03 00:00", "11-03 01:00", "11-03 01:00", "11-03 02:00", "11-03 03:00"]


def test_a_berlin_hosts_hours_after_europes_march_change(acme):
    # Berlin's clocks go forward on 31 March 2030: the host's 09:00 is an hour earlier in UTC from then on.
    rules = sync_round_with_rules(
        hosts=[acme.owner], hours=("09:00", "10:00"), tz="Europe/Berlin", duration_minutes=60,
        slot_interval_minutes=60, buffer_after_minutes=0, min_notice_hours=0, horizon_days=365,
    )  # fmt: skip
    slots = available_slots(rules=rules, start_date=date(2030, 3, 29), end_date=date(2030, 4, 1), tz=KOLKATA)
    assert [s.start for s in slots] == [utc(2030, 3, 29, 8), utc(2030, 4, 1, 7)]
    assert starts(slots, KOLKATA) == ["03-29 13:30", "04-01 12:30"]


def test_query_count_does_not_grow_with_hosts_days_or_bookings(acme, django_user_model):
    rules = sync_round_with_rules(
        hosts=[acme.owner, acme.researcher, acme.pm], hours=("09:00", "17:00"), duration_minutes=30,
        min_notice_hours=0, horizon_days=60,
    )  # fmt: skip

    def count(days: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            available_slots(rules=rules, start_date=MONDAY, end_date=MONDAY + timedelta(days=days), tz=BERLIN, now=NOW)
        return len(queries)

    few = count(1)
    for day in range(20):
        book(rules, [acme.owner, acme.researcher, acme.pm][day % 3], utc(2030, 3, 4, 9) + timedelta(days=day))
    assert count(30) == few <= 6
