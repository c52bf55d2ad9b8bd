"""Booking services: create (participant, answers, governance, one per person, host assignment), reschedule,
cancel, mark, invitations, hosts' schedules and rules; emails with calendar invites, webhooks."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from interviews.booking import rules as round_rules
from interviews.booking import schedules, selectors, services
from interviews.booking.services import ContactRefused, SlotTaken
from interviews.models import (
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingReminder,
    BookingStatus,
    HostSchedule,
    WeeklyHours,
)
from outbox.models import Email
from outbox.services import email_deliver
from studies.models import ContactEvent, ContactKind, Participant
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory, RoundFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)  # a Friday
MONDAY_9 = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    """Monday 09:00 UTC plus `hours`."""
    return MONDAY_9 + timedelta(hours=hours)


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        # Browser tests commit in acme's schema; this test's view of the outbox starts empty (rolled back after).
        Email.objects.all().delete()
        yield world


def make_rules(world, hosts=None, **fields):
    defaults = {"duration_minutes": 30, "slot_interval_minutes": 30, "buffer_before_minutes": 0,
                "buffer_after_minutes": 0, "min_notice_hours": 2, "horizon_days": 30,
                "min_change_notice_hours": 24, "max_reschedules": 1}  # fmt: skip
    return sync_round_with_rules(hosts=hosts or [world.owner], hours=("09:00", "17:00"), **{**defaults, **fields})


def person(email="ada@example.com", name="Ada Lovelace", tz="Europe/Berlin") -> dict:
    return {"email": email, "name": name, "timezone": tz}


def calendar_of(email: Email) -> Calendar:
    (item,) = email.attachments
    return Calendar.from_ical(item["content"])


def test_booking_creates_the_participant_and_emails_both_with_the_invite(acme):
    rules = make_rules(acme, location="https://meet.example.com/research")
    booking = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})

    assert (booking.host, booking.start, booking.end) == (acme.owner, at(1), at(1.5))
    assert booking.status == BookingStatus.BOOKED and booking.sequence == 0
    assert booking.location == "https://meet.example.com/research"
    participant = Participant.objects.get(email="ada@example.com")
    assert (participant.name, participant.timezone, booking.timezone) == ("Ada Lovelace", "Europe/Berlin",
                                                                          "Europe/Berlin")  # fmt: skip
    # The interview is in the participant's history, dated when it happens.
    assert booking.contact_event.kind == ContactKind.INTERVIEW and booking.contact_event.occurred_at == at(1)

    emails = {e.to: e for e in Email.objects.filter(template="booking-confirmed")}
    assert set(emails) == {"ada@example.com", acme.owner.email}
    to_participant, to_host = emails["ada@example.com"], emails[acme.owner.email]
    # In each reader's zone: Berlin for Ada; the host's schedule is in UTC.
    assert "Monday 4 March 2030, 11:00\N{EN DASH}11:30 (Europe/Berlin)" in to_participant.subject
    assert "Monday 4 March 2030, 10:00\N{EN DASH}10:30 (UTC)" in to_host.subject
    manage = f"http://acme.localhost:8000/booking/{booking.manage_token}/"
    assert manage in to_participant.body_text and manage in to_participant.body_html
    assert "calendar.google.com" in to_participant.body_text
    assert f"/bookings/{booking.pk}/" in to_host.body_text and manage not in to_host.body_text
    for email in (to_participant, to_host):
        cal = calendar_of(email)
        assert email.attachments[0]["mimetype"] == "text/calendar; method=REQUEST"
        assert cal["METHOD"] == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == booking.uid and event["SEQUENCE"] == 0

    # Delivered, the invite is a real attachment with the method parameter mail clients look for.
    mail.outbox.clear()
    email_deliver(email_id=to_participant.pk)
    (message,) = mail.outbox
    raw = message.message().as_string()
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert 'filename="invite.ics"' in raw
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert Calendar.from_ical(part.get_content())["METHOD"] == "REQUEST"


def test_an_existing_participant_is_found_by_email_and_updated(acme):
    rules = make_rules(acme)
    known = ParticipantFactory(email="ada@example.com", name="Ada L.", timezone="UTC")
    booking = services.booking_create(
        round=rules.round, start=at(1), participant=person(email="ADA@example.com", tz="Asia/Kolkata"), answers={}
    )
    known.refresh_from_db()
    assert booking.participant == known
    assert (known.name, known.timezone) == ("Ada L.", "Asia/Kolkata")  # a typed name never overwrites the record
    assert Participant.objects.count() == 1


def test_answers_are_checked_and_nothing_is_written_on_bad_input(acme):
    rules = make_rules(acme)
    BookingQuestion.objects.create(rules=rules, order=1, label="Your role", required=True)
    BookingQuestion.objects.create(rules=rules, order=2, label="Team size", kind="choice", choices=["1-10", "11+"])
    with pytest.raises(ValidationError) as error:
        services.booking_create(round=rules.round, start=at(1), participant=person(), answers={"Team size": "5"})
    assert error.value.message_dict["answers"] == ["Please answer “Your role”.",
                                                   "“5” is not one of the choices for “Team size”."]  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.booking_create(
            round=rules.round, start=at(1), participant=person(tz="Mars/Olympus"), answers={"Your role": "PM"}
        )
    assert "timezone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.booking_create(round=rules.round, start=at(1), participant={"email": ""}, answers={"Your role": "PM"})
    assert "email" in error.value.message_dict
    assert not Booking.objects.exists() and not Participant.objects.exists() and not Email.objects.exists()

    booking = services.booking_create(
        round=rules.round, start=at(1), participant=person(),
        answers={"Your role": " Ops lead ", "Team size": "11+", "Unknown": "ignored"},
    )  # fmt: skip
    assert booking.answers == {"Your role": "Ops lead", "Team size": "11+"}


def test_taken_and_never_offered_times(acme):
    rules = make_rules(acme)
    services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    with pytest.raises(SlotTaken, match=r"That time was just taken\."):
        services.booking_create(round=rules.round, start=at(1), participant=person("bo@example.com"), answers={})
    # Within the minimum notice (2 h): gone as well.
    with time_machine.travel(at(-1), tick=False), pytest.raises(SlotTaken):
        services.booking_create(round=rules.round, start=at(0.5), participant=person("bo@example.com"), answers={})
    # 03:00 is outside the hours, 10:10 is off the interval: not "taken", just not a time of this round.
    for start in (at(-6), at(1 + 1 / 6)):
        with pytest.raises(ValidationError) as error:
            services.booking_create(round=rules.round, start=start, participant=person("bo@example.com"), answers={})
        assert not isinstance(error.value, SlotTaken) and "start" in error.value.message_dict
    with pytest.raises(ValidationError, match="offset"):
        services.booking_create(round=rules.round, start=datetime(2030, 3, 4, 10), participant=person(), answers={})
    assert Booking.objects.count() == 1


def test_the_database_is_the_backstop_when_the_check_misses_a_call(acme, monkeypatch):
    rules = make_rules(acme)
    services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    # As if another process inserted between the check and the insert: the check says free, PostgreSQL says no.
    monkeypatch.setattr(services, "free_hosts_at", lambda **kwargs: ((acme.owner.pk,), True))
    with pytest.raises(SlotTaken, match=r"That time was just taken\."):
        services.booking_create(round=rules.round, start=at(1.25), participant=person("b@example.com"), answers={})
    assert Booking.objects.count() == 1 and not Participant.objects.filter(email="b@example.com").exists()


def test_closed_private_and_async_rounds_take_no_bookings(acme):
    rules = make_rules(acme, is_public=False)
    with pytest.raises(ValidationError, match="booking page is closed"):
        services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    # Staff may still book someone on a private round.
    services.booking_create(round=rules.round, start=at(1), participant=person(), answers={}, by_staff=True)
    rules.round.status = "closed"
    rules.round.save()
    with pytest.raises(ValidationError, match="closed"):
        services.booking_create(round=rules.round, start=at(2), participant=person("b@example.com"), answers={},
                                by_staff=True)  # fmt: skip
    with pytest.raises(ValidationError, match="does not take bookings"):
        services.booking_create(round=RoundFactory(kind="async"), start=at(2), participant=person(), answers={})


def test_one_booking_per_participant_unless_the_round_allows_more(acme):
    rules = make_rules(acme)
    first = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    with pytest.raises(ContactRefused) as refused:
        services.booking_create(round=rules.round, start=at(2), participant=person(), answers={})
    assert refused.value.code == "already_booked" and "confirmation email" in refused.value.messages[0]
    # A cancelled call frees the place; a round allowing two takes a second.
    services.booking_cancel(booking=first, actor=acme.owner)
    services.booking_create(round=rules.round, start=at(2), participant=person(), answers={})
    rules.bookings_per_participant = 2
    rules.save()
    services.booking_create(round=rules.round, start=at(3), participant=person(), answers={})
    assert Booking.objects.exclude(status=BookingStatus.CANCELLED).count() == 2


def test_governance_refuses_with_a_reason(acme):
    rules = make_rules(acme)
    ParticipantFactory(email="quiet@example.com", name="Quinn", do_not_contact=True)
    with pytest.raises(ContactRefused) as refused:
        services.booking_create(round=rules.round, start=at(1), participant=person("quiet@example.com"), answers={})
    # The public page never says what the record holds; staff get the reason.
    assert refused.value.code == "do_not_contact" and "Quinn" not in refused.value.messages[0]
    with pytest.raises(ContactRefused) as refused:
        services.booking_create(round=rules.round, start=at(1), participant=person("quiet@example.com"), answers={},
                                by_staff=True)  # fmt: skip
    assert refused.value.messages[0] == "Quinn asked not to be contacted."

    # A recent invitation: staff reaching out again are refused (cooldown); the person booking themselves is not.
    invited = ParticipantFactory(email="recent@example.com")
    ContactEvent.objects.create(participant=invited, kind=ContactKind.INVITATION, channel="async",
                                occurred_at=NOW - timedelta(days=3))  # fmt: skip
    with pytest.raises(ContactRefused) as refused:
        services.booking_create(round=rules.round, start=at(1), participant=person("recent@example.com"), answers={},
                                by_staff=True)  # fmt: skip
    assert refused.value.code == "cooldown" and refused.value.decision.next_possible_at is not None
    services.booking_create(round=rules.round, start=at(1), participant=person("recent@example.com"), answers={})
    assert Booking.objects.count() == 1


def test_round_robin_balances_bookings_and_breaks_ties_by_host_order(acme):
    rules = make_rules(acme, hosts=[acme.researcher, acme.owner, acme.pm], min_notice_hours=0)
    hosts = [
        services.booking_create(
            round=rules.round, start=at(i / 2), participant=person(f"p{i}@example.com"), answers={}
        ).host
        for i in range(9)
    ]
    assert hosts[:3] == [acme.researcher, acme.owner, acme.pm]  # ties go to the host listed first
    assert [hosts.count(h) for h in (acme.researcher, acme.owner, acme.pm)] == [3, 3, 3]
    # A host busy at that time is skipped, and catches up afterwards.
    other = sync_round_with_rules(hosts=[acme.researcher])
    Booking.objects.create(round=other.round, host=acme.researcher, participant=ParticipantFactory(), start=at(24),
                           end=at(25))  # fmt: skip
    assert services.booking_create(round=rules.round, start=at(24), participant=person("x@example.com"),
                                   answers={}).host == acme.owner  # fmt: skip
    assert services.booking_create(round=rules.round, start=at(25), participant=person("y@example.com"),
                                   answers={}).host == acme.pm  # fmt: skip
    assert services.booking_create(round=rules.round, start=at(26), participant=person("z@example.com"),
                                   answers={}).host == acme.researcher  # fmt: skip
    # Balance is about the work ahead: upcoming calls count first, all calls only break ties.
    for host, hour in [(acme.owner, 72), (acme.pm, 73)]:
        Booking.objects.create(round=rules.round, host=host, participant=ParticipantFactory(), start=at(hour),
                               end=at(hour + 0.5))  # fmt: skip
    for hour in (-48, -47):  # two calls last Saturday
        Booking.objects.create(round=rules.round, host=acme.researcher, participant=ParticipantFactory(),
                               start=at(hour), end=at(hour + 0.5), status=BookingStatus.COMPLETED)  # fmt: skip
    nxt = services.booking_create(round=rules.round, start=at(48), participant=person("n@example.com"), answers={})
    assert nxt.host == acme.researcher  # 6 calls in all (the others 5), but 4 upcoming (the others 5)


def test_single_assignment_uses_the_first_host_only(acme):
    rules = make_rules(acme, hosts=[acme.owner, acme.researcher], assignment="single")
    assert services.booking_create(round=rules.round, start=at(1), participant=person(), answers={}).host == acme.owner
    with pytest.raises(SlotTaken):
        services.booking_create(round=rules.round, start=at(1), participant=person("b@example.com"), answers={})


def test_the_hosts_meeting_url_is_the_location_when_the_round_has_none(acme):
    rules = make_rules(acme)
    HostSchedule.objects.filter(user=acme.owner).update(meeting_url="https://zoom.example.com/j/1")
    booking = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    assert booking.location == "https://zoom.example.com/j/1"


@pytest.fixture
def endpoint(acme):
    return WebhookEndpoint.objects.create(url="https://hooks.example.com/parley", events=[])


def test_reschedule_keeps_the_uid_and_raises_the_sequence(acme, endpoint):
    rules = make_rules(acme)
    booking = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    BookingReminder.objects.create(booking=booking, offset_minutes=1440, sent_at=NOW)
    uid = booking.uid
    Email.objects.all().delete()
    # Half an hour later overlaps the call itself: the booking being moved never blocks itself.
    moved = services.booking_reschedule(booking=booking, start=at(1.5))
    assert (moved.uid, moved.sequence, moved.reschedule_count, moved.start) == (uid, 1, 1, at(1.5))
    assert not BookingReminder.objects.filter(booking=booking).exists()  # reminders follow the new time
    assert moved.contact_event.occurred_at == at(1.5)
    emails = Email.objects.filter(template="booking-rescheduled")
    assert {e.to for e in emails} == {"ada@example.com", acme.owner.email}
    for email in emails:
        (event,) = calendar_of(email).walk("VEVENT")
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == at(1.5)
        assert "Was: Monday 4 March 2030" in email.body_text
    delivery = WebhookDelivery.objects.get(event="booking.rescheduled")
    assert delivery.payload["data"]["previous_start"] == at(1).isoformat()
    assert delivery.payload["data"]["start"] == at(1.5).isoformat()

    # The participant may move it once (max_reschedules=1); staff may always.
    with pytest.raises(ValidationError, match="cannot be moved again"):
        services.booking_reschedule(booking=moved, start=at(3))
    again = services.booking_reschedule(booking=moved, start=at(3), actor=acme.owner)
    assert again.sequence == 2 and again.uid == uid


def test_reschedule_onto_a_taken_time_or_too_late(acme):
    rules = make_rules(acme, max_reschedules=5)
    booking = services.booking_create(round=rules.round, start=at(30), participant=person(), answers={})
    services.booking_create(round=rules.round, start=at(31), participant=person("b@example.com"), answers={})
    with pytest.raises(SlotTaken):
        services.booking_reschedule(booking=booking, start=at(31))
    with pytest.raises(ValidationError) as error:
        services.booking_reschedule(booking=booking, start=at(30.1))
    assert "start" in error.value.message_dict
    # Within the change notice (24 h), the participant cannot move it; staff can.
    with time_machine.travel(at(10), tick=False):
        with pytest.raises(ValidationError, match="24 hours before the call"):
            services.booking_reschedule(booking=booking, start=at(29))
        assert services.booking_reschedule(booking=booking, start=at(29), actor=acme.owner).start == at(29)
    booking.refresh_from_db()
    assert booking.start == at(29) and booking.sequence == 1


def test_cancel_sends_method_cancel_and_frees_the_time(acme, endpoint):
    rules = make_rules(acme)
    booking = services.booking_create(round=rules.round, start=at(30), participant=person(), answers={})
    event_id = booking.contact_event_id
    with time_machine.travel(at(10), tick=False), pytest.raises(ValidationError, match="24 hours"):
        services.booking_cancel(booking=booking, reason="Sick")
    cancelled = services.booking_cancel(booking=booking, reason="Something came up")
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.sequence == 1
    assert cancelled.cancelled_at == NOW and cancelled.cancel_reason == "Something came up"
    # A call that never happened leaves the contact history (it must not count against the cap).
    assert not ContactEvent.objects.filter(pk=event_id).exists()
    emails = Email.objects.filter(template="booking-cancelled")
    assert {e.to for e in emails} == {"ada@example.com", acme.owner.email}
    for email in emails:
        cal = calendar_of(email)
        (event,) = cal.walk("VEVENT")
        assert cal["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
        assert str(event["UID"]) == booking.uid and event["SEQUENCE"] == 1
        assert email.attachments[0]["mimetype"] == "text/calendar; method=CANCEL"
    assert "Something came up" in emails.get(to=acme.owner.email).body_text
    assert WebhookDelivery.objects.get(event="booking.cancelled").payload["data"]["reason"] == "Something came up"
    with pytest.raises(ValidationError, match=r"is cancelled; it cannot be cancelled"):
        services.booking_cancel(booking=cancelled, actor=acme.owner)
    # The time is free again.
    services.booking_create(round=rules.round, start=at(30), participant=person("b@example.com"), answers={})
    # Staff cancel even at the last minute.
    late = services.booking_create(round=rules.round, start=at(5), participant=person("c@example.com"), answers={})
    with time_machine.travel(at(4.9), tick=False):
        assert services.booking_cancel(booking=late, actor=acme.owner).status == BookingStatus.CANCELLED


def test_created_webhook_carries_the_booking(acme, endpoint):
    rules = make_rules(acme)
    booking = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    data = WebhookDelivery.objects.get(event="booking.created").payload["data"]
    assert data["id"] == booking.pk and data["participant"]["email"] == "ada@example.com"
    assert data["host"]["id"] == acme.owner.pk and data["start"] == at(1).isoformat() and data["uid"] == booking.uid


def test_mark_completed_or_no_show_after_the_call(acme):
    rules = make_rules(acme)
    booking = services.booking_create(round=rules.round, start=at(1), participant=person(), answers={})
    with pytest.raises(ValidationError, match="not started"):
        services.booking_mark(booking=booking, status=BookingStatus.NO_SHOW, actor=acme.owner)
    with time_machine.travel(at(2), tick=False):
        with pytest.raises(ValidationError):
            services.booking_mark(booking=booking, status=BookingStatus.CANCELLED, actor=acme.owner)
        marked = services.booking_mark(booking=booking, status=BookingStatus.NO_SHOW, actor=acme.owner)
    assert marked.status == BookingStatus.NO_SHOW
    history = list(ContactEvent.objects.filter(participant=booking.participant).values_list("kind", "note"))
    assert history == [(ContactKind.INTERVIEW, f"No-show for the call with {acme.owner.get_full_name()}")]
    assert selectors.round_funnel(rules.round) == {"invited": 0, "booked": 1, "completed": 0, "no_show": 1,
                                                   "cancelled": 0}  # fmt: skip


def test_invitation_emails_a_personal_link_and_books_the_invited_person(acme):
    rules = make_rules(acme)
    ada = ParticipantFactory(email="ada@example.com", name="Ada", timezone="Asia/Kolkata")
    invite = services.booking_invite_create(round=rules.round, participant=ada, actor=acme.researcher)
    email = Email.objects.get(template="booking-invitation")
    assert email.to == "ada@example.com"
    assert f"http://acme.localhost:8000/book/i/{invite.token}/" in email.body_text
    assert ContactEvent.objects.filter(participant=ada, kind=ContactKind.INVITATION, channel="sync").exists()
    assert selectors.invite_by_token(invite.token) == invite

    # Inviting again within the cooldown is refused with the reason.
    with pytest.raises(ContactRefused, match="Invited less than a day ago"):
        services.booking_invite_create(round=rules.round, participant=ada, actor=acme.researcher)
    # Booking through the invitation is not refused by the cooldown the invitation itself started.
    booking = services.booking_create(
        round=rules.round, start=at(1), participant={"email": "ada@example.com", "timezone": ""}, answers={},
        invite=invite,
    )  # fmt: skip
    invite.refresh_from_db()
    assert invite.booking == booking and booking.invite == invite and booking.timezone == "Asia/Kolkata"
    assert selectors.round_funnel(rules.round)["invited"] == 1


def test_invitation_refused_for_do_not_contact(acme):
    rules = make_rules(acme)
    quiet = ParticipantFactory(do_not_contact=True, name="Quinn")
    with pytest.raises(ContactRefused, match="Quinn asked not to be contacted"):
        services.booking_invite_create(round=rules.round, participant=quiet, actor=acme.researcher)
    assert not BookingInvite.objects.exists() and not Email.objects.exists()


def test_host_schedule_save(acme):
    schedule = schedules.host_schedule_save(
        user=acme.researcher, actor=acme.researcher, timezone_name="America/New_York",
        weekly_hours=[(0, "09:00", "12:00"), (0, "13:00", "17:00"), (2, time(10), time(11))],
    )  # fmt: skip
    assert list(schedule.weekly_hours.values_list("weekday", "start", "end")) == [
        (0, time(9), time(12)), (0, time(13), time(17)), (2, time(10), time(11)),
    ]  # fmt: skip
    for bad, field in [
        ({"weekly_hours": [(0, "09:00", "12:00"), (0, "11:00", "13:00")]}, "weekly_hours"),
        ({"weekly_hours": [(0, "12:00", "09:00")]}, "weekly_hours"),
        ({"weekly_hours": [(9, "09:00", "10:00")]}, "weekly_hours"),
        ({"weekly_hours": [(0, "9h", "10:00")]}, "weekly_hours"),
        ({"timezone_name": "Moon/Base"}, "timezone"),
    ]:
        with pytest.raises(ValidationError) as error:
            schedules.host_schedule_save(user=acme.researcher, actor=acme.researcher, **bad)
        assert field in error.value.message_dict, bad
    assert WeeklyHours.objects.filter(schedule=schedule).count() == 3  # nothing half-replaced
    with pytest.raises(ValidationError, match="members"):
        schedules.host_schedule_save(user=acme.outsider, actor=acme.owner, timezone_name="UTC")
    old_token = schedule.feed_token
    rotated = schedules.host_feed_rotate(schedule=schedule, actor=acme.researcher)
    assert rotated.feed_token != old_token and len(rotated.feed_token) >= 32  # 192 bits, URL-safe


def test_overrides_day_off_and_extra_hours(acme):
    schedule = schedules.host_schedule_save(user=acme.owner, actor=acme.owner, weekly_hours=[])
    day = datetime(2030, 3, 5).date()
    schedules.host_override_add(schedule=schedule, date=day, start=time(9), end=time(10), actor=acme.owner)
    schedules.host_override_add(schedule=schedule, date=day, start=time(14), end=time(15), actor=acme.owner)
    with pytest.raises(ValidationError, match="overlap"):
        schedules.host_override_add(schedule=schedule, date=day, start=time(9, 30), end=time(11), actor=acme.owner)
    with pytest.raises(ValidationError):
        schedules.host_override_add(schedule=schedule, date=day, start=time(9), actor=acme.owner)
    schedules.host_override_add(schedule=schedule, date=day, actor=acme.owner)  # a day off replaces the ranges
    assert [(o.start, o.is_day_off) for o in schedule.overrides.all()] == [(None, True)]


def test_booking_rules_save(acme):
    sync_round = RoundFactory(kind="sync")
    rules = round_rules.booking_rules_save(
        round=sync_round, actor=acme.owner, hosts=[acme.pm, acme.owner], duration_minutes=60,
        reminder_offsets_minutes=[60, 1440, 60], location=" Room 4 ",
    )  # fmt: skip
    assert rules.location == "Room 4" and rules.reminder_offsets_minutes == [1440, 60]
    from interviews.booking.slots import round_host_ids

    assert round_host_ids(rules) == [acme.pm.pk, acme.owner.pk]  # in the order given
    assert HostSchedule.objects.filter(user=acme.pm).exists()
    for bad, field in [
        ({"hosts": [acme.outsider]}, "hosts"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"reminder_offsets_minutes": [0]}, "reminder_offsets_minutes"),
        ({"reminder_offsets_minutes": "soon"}, "reminder_offsets_minutes"),
        ({"assignment": "lottery"}, "assignment"),
        ({"public_token": "mine"}, "public_token"),
    ]:
        with pytest.raises(ValidationError) as error:
            round_rules.booking_rules_save(round=sync_round, actor=acme.owner, **bad)
        assert field in error.value.message_dict, bad
    with pytest.raises(ValidationError, match="sync"):
        round_rules.booking_rules_save(round=RoundFactory(kind="async"), actor=acme.owner)
