"""The slot engine: when a sync round's hosts are free, in three queries however many hosts, days and bookings
(the busy times of the hosts' own calendars come with their bookings).

Hours are wall-clock times in each host's zone and become UTC instants day by day, so a daylight-saving change
in the host's zone moves the instants, never the hours; the participant's zone only decides which dates they
asked for. A slot lists every host free for it: the booking service picks one (single or round-robin).
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import DateField, IntegerField, Value
from django.utils import timezone

from interviews.models import (
    BLOCKING_STATUSES,
    Assignment,
    Booking,
    BookingRules,
    BusyInterval,
    DateOverride,
    WeeklyHours,
)
from studies.models import RoundStatus

# Hours of any zone fall within a day and a bit of UTC: load a margin around the asked window.
_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    host_ids: tuple[int, ...]  # the hosts free for it, in the round's host order


@dataclass
class _Host:
    user_id: int
    zone: ZoneInfo
    weekly: dict[int, list[tuple[time, time]]] = field(default_factory=lambda: defaultdict(list))
    overrides: dict[date, list[tuple[time, time]]] = field(default_factory=lambda: defaultdict(list))
    # The host's blocking bookings, by start: (start, end, gap needed before it, gap needed after it).
    busy: list[tuple[datetime, datetime, timedelta, timedelta]] = field(default_factory=list)
    busy_ends: list[datetime] = field(default_factory=list)
    # Busy times from the host's own calendars, merged (so ordered by start and by end): (start, end).
    away: list[tuple[datetime, datetime]] = field(default_factory=list)
    away_ends: list[datetime] = field(default_factory=list)
    # This round's bookings per date in the host's zone, for the daily cap.
    per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))


def _zone(tz) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(str(tz))


def round_host_ids(rules: BookingRules) -> list[int]:
    """The round's hosts in the order they were added; a single-host round uses the first."""
    through = BookingRules.hosts.through
    ids = list(through.objects.filter(bookingrules_id=rules.pk).order_by("pk").values_list("user_id", flat=True))
    return ids[:1] if rules.assignment == Assignment.SINGLE else ids


def _load_hosts(host_ids: list[int], first_day: date, last_day: date) -> dict[int, _Host]:
    """Weekly hours and the window's overrides of every host, with their zones, in one query."""
    weekly = (
        WeeklyHours.objects.filter(schedule__user_id__in=host_ids)
        .order_by()
        .values_list(
            "schedule__user_id", "schedule__timezone", "weekday", Value(None, output_field=DateField()), "start", "end"
        )
    )
    overrides = (
        DateOverride.objects.filter(schedule__user_id__in=host_ids, date__gte=first_day, date__lte=last_day)
        .order_by()
        .values_list(
            "schedule__user_id", "schedule__timezone", Value(-1, output_field=IntegerField()), "date", "start", "end"
        )
    )
    hosts: dict[int, _Host] = {}
    for user_id, zone, weekday, day, start, end in weekly.union(overrides, all=True).order_by():
        host = hosts.get(user_id) or hosts.setdefault(user_id, _Host(user_id, ZoneInfo(zone)))
        if day is None:
            host.weekly[weekday].append((start, end))
        else:
            # A day off is an override without times: the date exists in `overrides` with no ranges.
            ranges = host.overrides[day]
            if start is not None:
                ranges.append((start, end))
    return hosts


def _load_bookings(
    hosts: dict[int, _Host], rules: BookingRules, lo: datetime, hi: datetime, exclude_booking_id: int | None
) -> None:
    """The hosts' blocking bookings (every round: a host is one person) and the busy times of their own calendars
    around the window, in one query."""
    bookings = Booking.objects.filter(host_id__in=list(hosts), status__in=BLOCKING_STATUSES, start__lt=hi, end__gt=lo)
    if exclude_booking_id is not None:
        bookings = bookings.exclude(pk=exclude_booking_id)
    rows = bookings.order_by().values_list(
        "host_id",
        "round_id",
        "start",
        "end",
        "round__booking_rules__buffer_before_minutes",
        "round__booking_rules__buffer_after_minutes",
    )
    none = Value(None, output_field=IntegerField())
    away = (
        BusyInterval.objects.filter(host_id__in=list(hosts), start__lt=hi, end__gt=lo)
        .order_by()
        .values_list("host_id", none, "start", "end", none, none)
    )
    own_before = timedelta(minutes=rules.buffer_before_minutes)
    own_after = timedelta(minutes=rules.buffer_after_minutes)
    for host_id, round_id, start, end, their_before, their_after in sorted(
        rows.union(away, all=True), key=lambda row: row[2]
    ):
        host = hosts[host_id]
        if round_id is None:  # a busy time from the host's calendar (several calendars may overlap: merge them)
            if host.away and start <= host.away[-1][1]:
                host.away[-1] = (host.away[-1][0], max(host.away[-1][1], end))
                host.away_ends[-1] = host.away[-1][1]
            else:
                host.away.append((start, end))
                host.away_ends.append(end)
            continue
        # The gap between two calls is the larger of the two rounds' buffers on that side.
        gap_before = max(own_after, timedelta(minutes=their_before or 0))  # our call ends, theirs starts
        gap_after = max(own_before, timedelta(minutes=their_after or 0))  # theirs ends, our call starts
        host.busy.append((start, end, gap_before, gap_after))
        host.busy_ends.append(end)
        if round_id == rules.round_id:
            host.per_day[start.astimezone(host.zone).date()] += 1


def _is_away(host: _Host, start: datetime, end: datetime, before: timedelta, after: timedelta) -> bool:
    """Whether the call, with the round's buffers around it, touches a busy time of the host's own calendars."""
    i = bisect.bisect_right(host.away_ends, start - before)
    return i < len(host.away) and host.away[i][0] < end + after


def _is_free(host: _Host, start: datetime, end: datetime, max_gap: timedelta) -> bool:
    # Calls of one host never overlap (the database refuses it), so ordered by start they are ordered by end too.
    i = bisect.bisect_right(host.busy_ends, start - max_gap)
    while i < len(host.busy):
        b_start, b_end, gap_before, gap_after = host.busy[i]
        if b_start >= end + max_gap:
            return True
        if b_start < end + gap_before and start < b_end + gap_after:
            return False
        i += 1
    return True


def _ranges(host: _Host, day: date) -> list[tuple[time, time]]:
    if day in host.overrides:
        return host.overrides[day]
    return host.weekly.get(day.weekday(), [])


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    # A wall time skipped by a spring-forward change resolves with the offset before it (fold=0), i.e. later.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def compute_slots(
    *,
    rules: BookingRules,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    host_ids: list[int] | None = None,
    check_bookings: bool = True,
    check_notice: bool = True,
    exclude_booking_id: int | None = None,
) -> list[Slot]:
    """Slots starting in [window_start, window_end) (aware datetimes), within the round's notice and horizon.

    `check_bookings=False` and `check_notice=False` give the times the round offers at all, which tells a
    taken time ("just taken") from one that never existed."""
    host_ids = round_host_ids(rules) if host_ids is None else host_ids
    if not host_ids:
        return []
    duration = timedelta(minutes=rules.duration_minutes)
    step = timedelta(minutes=rules.slot_interval_minutes)
    earliest = max(window_start, now + timedelta(hours=rules.min_notice_hours) if check_notice else now)
    latest = min(window_end, now + timedelta(days=rules.horizon_days))
    if earliest >= latest:
        return []

    lo, hi = earliest - _MARGIN, latest + _MARGIN
    hosts = _load_hosts(host_ids, lo.date(), hi.date())
    if not hosts:
        return []
    if check_bookings:
        _load_bookings(hosts, rules, lo, hi + duration, exclude_booking_id)
    max_gap = timedelta(minutes=240 + max(rules.buffer_before_minutes, rules.buffer_after_minutes))
    cap = rules.max_per_host_per_day if check_bookings else None
    buffer_before = timedelta(minutes=rules.buffer_before_minutes)
    buffer_after = timedelta(minutes=rules.buffer_after_minutes)

    free: dict[datetime, list[int]] = defaultdict(list)
    order = {host_id: i for i, host_id in enumerate(host_ids)}
    for host in sorted(hosts.values(), key=lambda h: order[h.user_id]):
        day, last_day = earliest.astimezone(host.zone).date(), latest.astimezone(host.zone).date()
        while day <= last_day:
            if cap is not None and host.per_day.get(day, 0) >= cap:
                day += timedelta(days=1)
                continue
            for range_start, range_end in _ranges(host, day):
                start, stop = _local(day, range_start, host.zone), _local(day, range_end, host.zone)
                while start + duration <= stop:
                    if start >= latest:
                        break
                    if start >= earliest and (
                        not check_bookings
                        or (
                            _is_free(host, start, start + duration, max_gap)
                            and not _is_away(host, start, start + duration, buffer_before, buffer_after)
                        )
                    ):
                        free[start].append(host.user_id)
                    start += step
            day += timedelta(days=1)
    return [Slot(start, start + duration, tuple(ids)) for start, ids in sorted(free.items())]


def available_slots(
    *,
    rules: BookingRules,
    start_date: date,
    end_date: date,
    tz,
    now: datetime | None = None,
    booking: Booking | None = None,
) -> list[Slot]:
    """Free slots whose start falls on `start_date`..`end_date` (inclusive) as dates in the zone `tz`.

    With `booking`, the times that booking may move to: its own host's, ignoring the booking itself. A closed
    round offers none."""
    if rules.round.status == RoundStatus.CLOSED:
        return []
    zone = _zone(tz)
    window_start = datetime.combine(start_date, time(0), tzinfo=zone)
    window_end = datetime.combine(end_date + timedelta(days=1), time(0), tzinfo=zone)
    return compute_slots(
        rules=rules,
        window_start=window_start,
        window_end=window_end,
        now=now or timezone.now(),
        host_ids=[booking.host_id] if booking is not None else None,
        exclude_booking_id=booking.pk if booking is not None else None,
    )


def free_hosts_at(
    *,
    rules: BookingRules,
    start: datetime,
    now: datetime | None = None,
    host_ids: list[int] | None = None,
    exclude_booking_id: int | None = None,
) -> tuple[tuple[int, ...], bool]:
    """Who of the round's hosts (or of `host_ids`) is free for a call starting at `start`, and whether the round
    offers that time at all (ignoring bookings and notice), which tells "just taken" from "never offered"."""
    window = {"window_start": start, "window_end": start + timedelta(seconds=1), "now": now or timezone.now()}
    found = compute_slots(rules=rules, host_ids=host_ids, exclude_booking_id=exclude_booking_id, **window)
    if found and found[0].start == start:
        return found[0].host_ids, True
    offered = compute_slots(rules=rules, host_ids=host_ids, check_bookings=False, check_notice=False, **window)
    return (), bool(offered and offered[0].start == start)
