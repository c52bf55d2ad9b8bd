"""The race for the last slot, with real commits: 20 API calls at once on one slot, each on its own connection,
give exactly one booking; the others get 409 "That time was just taken." The database holds one row."""

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from interviews.models import Booking, BookingRules, HostSchedule, WeeklyHours
from outbox.models import Email
from studies.models import Participant, Study
from tests.conftest import ACME_HOST
from tests.processes import committed
from workspaces.models import ApiKey, Role
from workspaces.services import api_key_create

RACERS = 20


@pytest.fixture
def race_round(world):
    """A committed sync round with one host free all week, and a researcher's key; removed afterwards."""
    tag = uuid.uuid4().hex[:8]

    def create():
        _, secret = api_key_create(workspace=world.acme, name=f"race-{tag}", role=Role.RESEARCHER, actor=None)
        with schema_context(world.acme.schema_name):
            study = Study.objects.create(title=f"Race {tag}", goal="early_problem_discovery")
            round_ = study.rounds.create(order=1, kind="sync", purpose="Race", target_participants=5)
            rules = BookingRules.objects.create(round=round_, duration_minutes=30, min_notice_hours=0)
            schedule = HostSchedule.objects.create(user=world.staff, timezone="UTC")
            WeeklyHours.objects.bulk_create(
                WeeklyHours(schedule=schedule, weekday=day, start=clock(8), end=clock(18)) for day in range(7)
            )
            rules.hosts.add(world.staff)
        return round_.pk, secret

    round_id, secret = committed(create)
    yield round_id, secret, tag

    def remove():
        ApiKey.objects.filter(name=f"race-{tag}").delete()
        with schema_context(world.acme.schema_name):
            emails = list(Participant.objects.filter(email__startswith=f"race-{tag}-").values_list("email", flat=True))
            Booking.objects.filter(round_id=round_id).delete()
            Email.objects.filter(to__in=[*emails, world.staff.email]).delete()
            Participant.objects.filter(email__in=emails).delete()
            Study.objects.filter(title=f"Race {tag}").delete()
            HostSchedule.objects.filter(user=world.staff).delete()

    committed(remove)


def test_twenty_racers_for_one_slot_get_one_booking(race_round, world, report):
    round_id, secret, tag = race_round
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, clock(10), tzinfo=UTC).isoformat()
    barrier = threading.Barrier(RACERS)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def racer(i: int) -> None:
        client = APIClient(HTTP_HOST=ACME_HOST)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        payload = {"round": round_id, "start": start, "participant": {
            "email": f"race-{tag}-{i}@example.org", "name": f"Racer {i}", "timezone": "Europe/Berlin"}}  # fmt: skip
        try:
            barrier.wait(timeout=30)
            response = client.post("/api/v1/bookings/", payload, format="json")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - began

    codes = sorted(code for code, _ in results)
    assert codes == [201] + [409] * (RACERS - 1), results
    assert {body["detail"] for code, body in results if code == 409} == {"That time was just taken."}
    (won,) = [body for code, body in results if code == 201]

    def stored():
        with schema_context(world.acme.schema_name):
            return list(Booking.objects.filter(round_id=round_id).values_list("pk", "participant__email"))

    assert committed(stored) == [(won["id"], won["participant"]["email"])]
    report(f"booking race: {RACERS} concurrent API bookings of one slot -> 1x201, {RACERS - 1}x409 in {elapsed:.2f} s")
