"""`/api/v1/rounds/{id}/slots/` and `/api/v1/bookings/`: slots in the asker's zone, booking with 201/400/409,
cancel and reschedule, roles, isolation and query budgets."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import schema_context

from interviews.models import Booking, BookingQuestion, BookingStatus
from outbox.models import Email
from studies.models import Participant
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory, RoundFactory
from workspaces.models import Role

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rules(world):
    with schema_context(world.acme.schema_name):
        # Browser tests commit in acme's schema; this test's view of the outbox starts empty (rolled back after).
        Email.objects.all().delete()
        return sync_round_with_rules(
            hosts=[world.owner, world.researcher], hours=("09:00", "11:00"), tz="America/New_York",
            duration_minutes=60, slot_interval_minutes=60, buffer_after_minutes=0, min_notice_hours=0,
        )  # fmt: skip


def body(rules, start="2030-03-04T15:00:00+01:00", email="ada@example.com", **extra):
    person = {"email": email, "name": "Ada", "timezone": "Europe/Berlin"}
    return {"round": rules.round_id, "start": start, "participant": person, **extra}


def test_slots_in_the_askers_zone(api_for, rules, world):
    response = api_for(role=Role.VIEWER).get(
        f"/api/v1/rounds/{rules.round_id}/slots/?start=2030-03-04&end=2030-03-05&tz=Europe/Berlin"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["timezone"] == "Europe/Berlin" and data["count"] == 4
    # New York 09:00 and 10:00 EST are 15:00 and 16:00 in Berlin, each with both hosts free.
    assert [s["start"] for s in data["results"]] == [
        "2030-03-04T15:00:00+01:00", "2030-03-04T16:00:00+01:00",
        "2030-03-05T15:00:00+01:00", "2030-03-05T16:00:00+01:00",
    ]  # fmt: skip
    assert data["results"][0]["end"] == "2030-03-04T16:00:00+01:00"
    assert data["results"][0]["hosts"] == [world.owner.pk, world.researcher.pk]


def test_slots_bad_input_and_other_rounds(api_for, rules, world):
    client = api_for(role=Role.VIEWER)
    url = f"/api/v1/rounds/{rules.round_id}/slots/"
    assert client.get(url + "?tz=Mars/Base").json() == {"tz": ["“Mars/Base” is not a time zone name such as "
                                                              "Europe/Berlin."]}  # fmt: skip
    assert client.get(url + "?start=2030-03-05&end=2030-03-04").status_code == 400
    assert client.get(url + "?start=2030-03-01&end=2030-06-01").status_code == 400
    assert "start" in client.get(url + "?start=tomorrow").json()
    # Without dates: the next 14 days from today in the zone.
    assert client.get(url).json()["start"] == "2030-03-01"
    with schema_context(world.acme.schema_name):
        async_round = RoundFactory(kind="async")
    assert client.get(f"/api/v1/rounds/{async_round.pk}/slots/").status_code == 404
    assert client.get("/api/v1/rounds/999999/slots/").status_code == 404


def test_book_then_the_slot_is_gone(api_for, rules, world):
    client = api_for(role=Role.RESEARCHER)
    created = client.post("/api/v1/bookings/", body(rules), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["start"] == "2030-03-04T14:00:00Z" and data["status"] == "booked" and data["sequence"] == 0
    assert data["host"]["id"] == world.owner.pk and data["participant"]["email"] == "ada@example.com"
    assert data["manage_url"].startswith("http://acme.localhost:8000/booking/")
    again = client.post("/api/v1/bookings/", body(rules, email="bo@example.com"), format="json")
    assert again.status_code == 201 and again.json()["host"]["id"] == world.researcher.pk  # round-robin
    gone = client.post("/api/v1/bookings/", body(rules, email="cy@example.com"), format="json")
    assert gone.status_code == 409
    assert gone.json() == {"detail": "That time was just taken.", "code": "slot_taken", "next_possible_at": None}
    slots = client.get(f"/api/v1/rounds/{rules.round_id}/slots/?start=2030-03-04&end=2030-03-04&tz=UTC").json()
    assert [s["start"] for s in slots["results"]] == ["2030-03-04T15:00:00+00:00"]
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.filter(email="cy@example.com").exists()
        assert Email.objects.filter(template="booking-confirmed").count() == 4


def test_bad_input_gets_field_messages_and_writes_nothing(api_for, rules, world):
    with schema_context(world.acme.schema_name):
        BookingQuestion.objects.create(rules=rules, order=1, label="Your role", required=True)
        BookingQuestion.objects.create(rules=rules, order=2, label="Team size", kind="choice", choices=["1-10", "11+"])
    client = api_for(role=Role.OWNER)
    cases = [
        ({**body(rules), "participant": {"email": "not-an-email"}},
         {"participant": {"email": ["Enter a valid email address."]}}),
        ({**body(rules), "participant": {"email": "a@example.com", "timezone": "Nowhere"}}, "participant"),
        ({**body(rules), "start": "soon"}, "start"),
        ({**body(rules), "round": 999999}, "round"),
        (body(rules, answers={"Team size": "9"}), {"answers": ["“9” is not one of the choices for “Team size”."]}),
        (body(rules, start="2030-03-04T15:30:00+01:00"), "start"),  # off the hour
    ]  # fmt: skip
    for payload, expected in cases:
        response = client.post("/api/v1/bookings/", payload, format="json")
        assert response.status_code == 400, (payload, response.json())
        if isinstance(expected, dict):
            assert response.json() == expected
        else:
            assert expected in response.json()
    with schema_context(world.acme.schema_name):
        async_round = RoundFactory(kind="async")
    response = client.post("/api/v1/bookings/", {**body(rules), "round": async_round.pk}, format="json")
    assert response.status_code == 400 and "round" in response.json()
    with schema_context(world.acme.schema_name):
        assert not Booking.objects.exists() and not Participant.objects.exists() and not Email.objects.exists()
    # A required question is the participant's to answer: booking on their behalf may leave it open.
    booked = client.post("/api/v1/bookings/", body(rules, answers={"Team size": "11+"}), format="json")
    assert booked.status_code == 201 and booked.json()["answers"] == {"Team size": "11+"}


def test_governance_refuses_with_409_and_the_reason(api_for, rules, world):
    with schema_context(world.acme.schema_name):
        ParticipantFactory(email="quiet@example.com", name="Quinn", do_not_contact=True)
    response = api_for(role=Role.RESEARCHER).post("/api/v1/bookings/", body(rules, email="quiet@example.com"),
                                                  format="json")  # fmt: skip
    assert response.status_code == 409
    assert response.json() == {"detail": "Quinn asked not to be contacted.", "code": "do_not_contact",
                               "next_possible_at": None}  # fmt: skip


def test_cancel_and_reschedule(api_for, rules, world):
    client = api_for(role=Role.RESEARCHER)
    booking = client.post("/api/v1/bookings/", body(rules), format="json").json()
    moved = client.post(f"/api/v1/bookings/{booking['id']}/reschedule/", {"start": "2030-03-05T09:00:00-05:00"},
                        format="json")  # fmt: skip
    assert moved.status_code == 200, moved.json()
    assert moved.json()["start"] == "2030-03-05T14:00:00Z" and moved.json()["sequence"] == 1
    assert moved.json()["uid"] == booking["uid"]
    bad = client.post(f"/api/v1/bookings/{booking['id']}/reschedule/", {"start": "2030-03-05T03:00:00Z"},
                      format="json")  # fmt: skip
    assert bad.status_code == 400 and "start" in bad.json()
    assert client.post(f"/api/v1/bookings/{booking['id']}/reschedule/", {}, format="json").status_code == 400
    cancelled = client.post(f"/api/v1/bookings/{booking['id']}/cancel/", {"reason": "Moved on"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_reason"] == "Moved on"
    again = client.post(f"/api/v1/bookings/{booking['id']}/cancel/", {}, format="json")
    assert again.status_code == 400 and "cancelled" in again.json()["detail"][0]
    detail = client.get(f"/api/v1/bookings/{booking['id']}/").json()
    assert detail["status"] == "cancelled" and detail["sequence"] == 2
    assert client.post("/api/v1/bookings/999999/cancel/", {}, format="json").status_code == 404


def test_roles_and_outsiders(api_for, rules, world):
    with schema_context(world.acme.schema_name):
        booking = Booking.objects.create(
            round=rules.round, host=world.owner, participant=ParticipantFactory(),
            start=datetime(2030, 3, 4, 14, tzinfo=UTC), end=datetime(2030, 3, 4, 15, tzinfo=UTC),
        )  # fmt: skip
    for role in (Role.VIEWER, Role.PM):
        client = api_for(role=role)
        assert client.get("/api/v1/bookings/").status_code == 200
        assert client.get(f"/api/v1/bookings/{booking.pk}/").status_code == 200
        assert client.get(f"/api/v1/rounds/{rules.round_id}/slots/").status_code == 200
        assert client.post("/api/v1/bookings/", body(rules, email="x@example.com"), format="json").status_code == 403
        assert client.post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, format="json").status_code == 403
        assert client.post(f"/api/v1/bookings/{booking.pk}/reschedule/", {"start": "2030-03-05T14:00:00Z"},
                           format="json").status_code == 403  # fmt: skip
    # Signed-in members too: a viewer reads, cannot write.
    viewer = api_for(user=world.viewer)
    assert viewer.get("/api/v1/bookings/").status_code == 200
    assert viewer.post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, format="json").status_code == 403
    # Another workspace's key or member: this workspace's bookings do not exist.
    for outsider in (api_for(role=Role.OWNER, workspace=world.globex, host="acme.localhost"),
                     api_for(user=world.outsider)):  # fmt: skip
        assert outsider.get("/api/v1/bookings/").status_code == 404
        assert outsider.get(f"/api/v1/bookings/{booking.pk}/").status_code == 404
        assert outsider.get(f"/api/v1/rounds/{rules.round_id}/slots/").status_code == 404
        assert outsider.post("/api/v1/bookings/", body(rules, email="x@example.com"), format="json").status_code == 404
        assert outsider.post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, format="json").status_code == 404
    # Globex's own key on globex: acme's booking ids find nothing there.
    globex = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex.get(f"/api/v1/bookings/{booking.pk}/").status_code == 404
    assert globex.get(f"/api/v1/rounds/{rules.round_id}/slots/").status_code == 404
    with schema_context(world.acme.schema_name):
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
        assert Booking.objects.count() == 1


def test_list_filters_and_query_budget(api_for, rules, world, django_assert_max_num_queries):
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/workspace/")
    counts = []
    with schema_context(world.acme.schema_name):
        other = sync_round_with_rules(hosts=[world.pm])
    for extra in (1, 30):
        with schema_context(world.acme.schema_name):
            first = Booking.objects.count()
            Booking.objects.bulk_create(
                Booking(round=rules.round, host=world.owner, participant=ParticipantFactory(),
                        start=datetime(2030, 4, 1, tzinfo=UTC) + timedelta(hours=first + i),
                        end=datetime(2030, 4, 1, tzinfo=UTC) + timedelta(hours=first + i, minutes=30))
                for i in range(extra)
            )  # fmt: skip
            Booking.objects.create(round=other.round, host=world.pm, participant=ParticipantFactory(),
                                   start=datetime(2030, 4, 1, tzinfo=UTC) + timedelta(hours=first),
                                   end=datetime(2030, 4, 1, 1, tzinfo=UTC) + timedelta(hours=first))  # fmt: skip
        with django_assert_max_num_queries(12) as captured:
            listed = client.get(f"/api/v1/bookings/?round={rules.round_id}")
        counts.append(len(captured))
    assert counts[0] == counts[1] and listed.json()["count"] == 31
    starts = [b["start"] for b in listed.json()["results"]]
    assert starts == sorted(starts)
    assert client.get(f"/api/v1/bookings/?host={world.pm.pk}").json()["count"] == 2
    assert client.get("/api/v1/bookings/?status=cancelled").json()["count"] == 0


def test_a_retry_with_the_same_idempotency_key_replays_the_booking(api_for, rules, world):
    client = api_for(role=Role.RESEARCHER)
    first = client.post("/api/v1/bookings/", body(rules), format="json", HTTP_IDEMPOTENCY_KEY="crm-42")
    again = client.post("/api/v1/bookings/", body(rules), format="json", HTTP_IDEMPOTENCY_KEY="crm-42")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    # Without the key, the same request is a second booking attempt: that person already has one.
    assert client.post("/api/v1/bookings/", body(rules), format="json").json()["code"] == "already_booked"
    other = client.post("/api/v1/bookings/", body(rules, email="x@example.com"), format="json",
                        HTTP_IDEMPOTENCY_KEY="crm-42")  # fmt: skip
    assert other.status_code == 422
    with schema_context(world.acme.schema_name):
        assert Booking.objects.count() == 1 and Email.objects.filter(template="booking-confirmed").count() == 2
