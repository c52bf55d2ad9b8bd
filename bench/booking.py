"""Sync booking figures: the slot computation for a round with 5 hosts over 30 days, and booking throughput.

In acme's schema, inside one transaction that is rolled back at the end (nothing is committed, no email or webhook
leaves, nothing needs removing), `build_round` writes a sync round with 5 hosts in 5 time zones (New York, London,
Berlin, Kolkata, Tokyo), 09:00-17:00 on weekdays with a lunch break, a day off and an extra Saturday each, 45-minute
calls every 30 minutes with a 15-minute buffer, and existing bookings on about a third of the hosts' days.

- Slots: `available_slots` for 30 days in Europe/Berlin, median and p95 of `repeat` runs, with its query count.
- Throughput: `booking_create` called back to back (participant created, host locked, slot rechecked, booking
  inserted, contact history, two emails rendered with their calendar invite, webhook rows) on free slots, and the
  same through `POST /api/v1/bookings/` with Django's test client in this process (no network). One writer at a
  time: this is the cost of one booking, not the capacity of a server (`tests/interviews/booking/test_race.py`
  shows what concurrent writers for one slot get).
"""

import statistics
import time
from datetime import UTC, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.loadgen import percentile
from interviews.booking.services import booking_create
from interviews.booking.slots import available_slots
from interviews.models import Booking, BookingRules, DateOverride, HostSchedule, WeeklyHours
from studies.models import Participant, Round, RoundKind, Study
from workspaces.models import Role, User, Workspace
from workspaces.services import api_key_create

WORKSPACE = "acme"
ZONES = ("America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo")
DAYS = 30


def build_round(*, hosts: int = 5, existing_every: int = 3) -> BookingRules:
    """Write the round, its hosts' schedules and existing bookings in the current schema (inside the caller's
    transaction: the hosts are users of the public schema)."""
    tag = f"bench-{time.monotonic_ns()}"
    study = Study.objects.create(title=f"{tag} booking", goal="understanding_workflows")
    round_ = Round.objects.create(study=study, order=1, kind=RoundKind.SYNC, purpose="Calls", target_participants=500)
    rules = BookingRules.objects.create(
        round=round_, duration_minutes=45, slot_interval_minutes=30, buffer_before_minutes=0, buffer_after_minutes=15,
        min_notice_hours=4, horizon_days=DAYS + 5, max_per_host_per_day=6, bookings_per_participant=1,
    )  # fmt: skip
    users = [User.objects.create_user(email=f"{tag}-host{n}@example.com", password=None) for n in range(hosts)]
    today = timezone.now().date()
    for n, user in enumerate(users):
        schedule = HostSchedule.objects.create(user=user, timezone=ZONES[n % len(ZONES)])
        WeeklyHours.objects.bulk_create(
            WeeklyHours(schedule=schedule, weekday=day, start=start, end=end)
            for day in range(5)
            for start, end in ((clock(9), clock(12, 30)), (clock(13, 30), clock(17)))
        )
        DateOverride.objects.create(schedule=schedule, date=today + timedelta(days=7 + n))  # a day off
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
        DateOverride.objects.create(schedule=schedule, date=saturday, start=clock(10), end=clock(12))
        rules.hosts.add(user)
    # Existing calls: the first slot of every `existing_every`-th day of each host, from another participant each.
    slots = available_slots(rules=rules, start_date=today, end_date=today + timedelta(days=DAYS), tz=UTC)
    taken, seen = [], set()
    for slot in slots:
        host = slot.host_ids[0]
        day = slot.start.date()
        if (host, day) not in seen and day.toordinal() % existing_every == 0:
            seen.add((host, day))
            taken.append((host, slot))
    people = Participant.objects.bulk_create(
        Participant(email=f"{tag}-existing{n}@example.com") for n in range(len(taken))
    )
    Booking.objects.bulk_create(
        Booking(round=round_, host_id=host, participant=person, start=slot.start, end=slot.end)
        for (host, slot), person in zip(taken, people, strict=True)
    )
    return rules


class _Rollback(Exception):
    pass


def _slot_times(rules: BookingRules, repeat: int) -> tuple[list[float], int, int]:
    today = timezone.now().date()
    window = {"rules": rules, "start_date": today, "end_date": today + timedelta(days=DAYS - 1), "tz": "Europe/Berlin"}
    with CaptureQueriesContext(connection) as queries:
        slots = available_slots(**window)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        available_slots(**window)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries), len(slots)


def _spaced(slots, count: int) -> list:
    """`count` slots at least 90 minutes apart (a call, its buffer and a margin): booking one never takes the next."""
    chosen = []
    for slot in slots:
        if not chosen or slot.start >= chosen[-1].start + timedelta(minutes=90):
            chosen.append(slot)
        if len(chosen) == count:
            break
    return chosen


def _free_slots(rules: BookingRules, count: int) -> list:
    today = timezone.now().date()
    slots = available_slots(rules=rules, start_date=today, end_date=today + timedelta(days=DAYS - 1), tz=UTC)
    return _spaced(slots, count)


def _book_services(rules: BookingRules, count: int) -> tuple[float, int]:
    """Book up to `count` calls back to back through the service, after one untimed (imports, caches); returns
    (seconds, bookings made)."""
    slots = _free_slots(rules, count + 1)
    warm_up, slots = slots[0], slots[1:]
    booking_create(round=rules.round, start=warm_up.start, answers={}, by_staff=True,
                   participant={"email": f"bench-warm-{time.monotonic_ns()}@example.com"})  # fmt: skip
    started = time.perf_counter()
    for n, slot in enumerate(slots):
        booking_create(
            round=rules.round, start=slot.start, answers={}, by_staff=True,
            participant={"email": f"bench-svc-{n}-{time.monotonic_ns()}@example.com", "name": f"Booker {n}",
                         "timezone": "Europe/Berlin"},
        )  # fmt: skip
    return time.perf_counter() - started, len(slots)


def _book_api(workspace: Workspace, rules: BookingRules, secret: str, count: int) -> tuple[float, int, dict]:
    host = workspace.domains.all()[0].domain
    with schema_context(workspace.schema_name):
        slots = _free_slots(rules, count)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.get("/api/v1/bookings/?status=cancelled", HTTP_HOST=host)  # warm up the API's code paths
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    for n, slot in enumerate(slots):
        body = {"round": rules.round_id, "start": slot.start.isoformat(), "participant": {
            "email": f"bench-api-{n}-{time.monotonic_ns()}@example.com", "name": f"API booker {n}"}}  # fmt: skip
        response = client.post("/api/v1/bookings/", body, content_type="application/json", HTTP_HOST=host)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    return elapsed, statuses.get(201, 0), statuses


def measure(*, repeat: int = 20, bookings: int = 100, hosts: int = 5) -> dict:
    """The figures; everything written is rolled back."""
    workspace = Workspace.objects.prefetch_related("domains").get(slug=WORKSPACE)
    figures: dict = {}
    try:
        with transaction.atomic():
            _, secret = api_key_create(workspace=workspace, name="bench booking", role=Role.RESEARCHER, actor=None)
            with schema_context(workspace.schema_name):
                rules = build_round(hosts=hosts)
                existing = Booking.objects.filter(round=rules.round).count()
                times, queries, slots = _slot_times(rules, repeat)
                service_s, service_made = _book_services(rules, bookings)
            api_s, api_made, statuses = _book_api(workspace, rules, secret, max(1, bookings // 2))
            if set(statuses) != {201}:
                raise RuntimeError(f"POST /api/v1/bookings/ answered {statuses} (status: count), not only 201")
            figures = {
                "booking_slots_hosts": hosts,
                "booking_slots_days": DAYS,
                "booking_slots_existing_bookings": existing,
                "booking_slots_found": slots,
                "booking_slots_p50_ms": statistics.median(times),
                "booking_slots_p95_ms": percentile(sorted(times), 0.95),
                "booking_slots_queries": queries,
                "booking_service_bookings": service_made,
                "booking_service_per_s": service_made / service_s,
                "booking_service_ms_each": service_s * 1000 / service_made,
                "booking_api_bookings": api_made,
                "booking_api_per_s": api_made / api_s,
                "booking_api_ms_each": api_s * 1000 / api_made,
            }
            raise _Rollback
    except _Rollback:
        pass
    return figures
