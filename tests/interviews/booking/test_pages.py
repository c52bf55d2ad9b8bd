"""The participant's booking pages without JavaScript: choose a day and a time in their zone, book, confirm, add to
a calendar, reschedule and cancel from the manage link; the refusals they can meet; the host's calendar feed."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django_tenants.utils import schema_context
from icalendar import Calendar

from interviews.booking import services
from interviews.models import Booking, BookingQuestion, BookingStatus, HostSchedule
from outbox.models import Email
from studies.models import Participant
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory

NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)  # a Monday; 08:00 in Berlin (UTC+1 until the end of March)
MONDAY = "2030-03-04"
TUESDAY = "2030-03-05"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules(world):
    """One host (the owner) free 09:00-12:00 UTC on weekdays; 30-minute calls on the half hour; 2 h notice."""
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("09:00", "12:00"), tz="UTC", duration_minutes=30, slot_interval_minutes=30,
            buffer_before_minutes=0, buffer_after_minutes=0, min_notice_hours=2, horizon_days=7,
            min_change_notice_hours=4, max_reschedules=1, location="https://meet.example.com/acme",
        )  # fmt: skip
        tool = BookingQuestion.objects.create(rules=rules, order=1, label="Which tool do you use today?", required=True)
        size = BookingQuestion.objects.create(
            rules=rules, order=2, label="Team size", kind="choice", choices=["1-10", "11-50", "51+"]
        )
        rules.question_ids = {"q1": tool.pk, "q2": size.pk}
        return rules


def visitor() -> Client:
    return Client(HTTP_HOST="acme.localhost")


def book_form(**overrides) -> dict:
    data = {
        "start": f"{MONDAY}T09:00Z",
        "timezone": "Europe/Berlin",
        "name": "Mia Müller",
        "email": "mia@example.com",
        "question_{q1}": "Spreadsheets",
        "consent": "1",
    }
    data.update(overrides)
    return data


def with_questions(rules, data: dict) -> dict:
    """The form's question fields are named by the questions' ids."""
    return {key.format(**rules.question_ids): value for key, value in data.items()}


def selected_zone(html: str) -> str:
    """The zone the page's list has chosen (each zone's option also carries its search words)."""
    return re.search(r'<option value="([^"]+)"[^>]*\sselected>', html).group(1)


def booked(world, **filters):
    with schema_context(world.acme.schema_name):
        return list(Booking.objects.filter(**filters).select_related("participant"))


def test_a_participant_books_without_javascript_in_their_own_zone(world, rules, frozen):
    client = visitor()
    page = client.get(f"/book/{rules.public_token}/")
    assert page.status_code == 200
    text = page.text
    assert "Choose a day" in text and "data-zone-auto" in text  # the browser's zone replaces UTC when it can
    assert selected_zone(text) == "UTC"
    assert f"day={MONDAY}" in text and "Saturday" not in text  # weekdays only

    page = client.get(f"/book/{rules.public_token}/", {"tz": "Europe/Berlin", "day": MONDAY})
    times = re.findall(r'class="time" href="[^"]*"[^>]*>(\d\d:\d\d)<', page.text)
    assert times == ["10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]  # 09:00-12:00 UTC, seen from Berlin
    assert "data-zone-auto" not in page.text  # a zone the participant chose stays

    page = client.get(
        f"/book/{rules.public_token}/", {"tz": "Europe/Berlin", "day": MONDAY, "start": f"{MONDAY}T09:00Z"}
    )
    assert "You chose <strong>Monday 4 March, 10:00\u201310:30</strong> (Europe/Berlin)" in page.text
    for label in ["Your name", "Your email", "Which tool do you use today?", "Team size", "I agree that Acme Corp"]:
        assert label in page.text

    data = with_questions(rules, book_form(**{"question_{q2}": "11-50"}))
    response = client.post(f"/book/{rules.public_token}/", data)
    assert response.status_code == 302
    [booking] = booked(world)
    assert response.url == f"/booking/{booking.manage_token}/confirmed/"
    assert booking.start == datetime(2030, 3, 4, 9, 0, tzinfo=UTC) and booking.timezone == "Europe/Berlin"
    assert booking.answers == {"Which tool do you use today?": "Spreadsheets", "Team size": "11-50"}
    assert booking.participant.name == "Mia Müller" and booking.participant.timezone == "Europe/Berlin"

    confirmation = client.get(response.url)
    assert "You are booked!" in confirmation.text
    assert "Monday 4 March 2030, 10:00\u201310:30" in confirmation.text and "Europe/Berlin" in confirmation.text
    assert "https://calendar.google.com/calendar/render?" in confirmation.text
    assert f"/booking/{booking.manage_token}/invite.ics" in confirmation.text

    invite = client.get(f"/booking/{booking.manage_token}/invite.ics")
    assert invite["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(invite.content)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["UID"]) == booking.uid
    assert event.decoded("DTSTART") == booking.start

    with schema_context(world.acme.schema_name):
        assert Email.objects.filter(to="mia@example.com", template="booking-confirmed").count() == 1


def test_bad_input_gets_clear_errors_and_writes_nothing(world, rules, frozen):
    client = visitor()
    data = with_questions(rules, book_form(email="not-an-email", **{"question_{q1}": "", "question_{q2}": "12"}))
    data.pop("consent")
    page = client.post(f"/book/{rules.public_token}/", data)
    assert page.status_code == 400
    for message in ["Enter a valid email address.", "This field is required.",
                    "Select a valid choice. 12 is not one of the available choices.",
                    "Please tick the box to agree before you book."]:  # fmt: skip
        assert message in page.text
    assert 'value="Mia Müller"' in page.text  # what was typed stays
    assert "You chose" in page.text  # and so does the time

    never = with_questions(rules, book_form(start=f"{MONDAY}T09:10Z"))  # not one of the round's times
    page = client.post(f"/book/{rules.public_token}/", never)
    assert page.status_code == 400 and "That is not one of this round&#x27;s times" in page.text
    assert (
        client.post(f"/book/{rules.public_token}/", with_questions(rules, book_form(timezone="Mars/Base"))).status_code
        == 400
    )
    assert booked(world) == []
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.filter(email="mia@example.com").exists()


def test_the_time_just_taken_offers_fresh_times_and_keeps_the_details(world, rules, frozen):
    with schema_context(world.acme.schema_name):
        services.booking_create(
            round=rules.round, start=datetime(2030, 3, 4, 9, 0, tzinfo=UTC),
            answers={"Which tool do you use today?": "Notion"},
            participant={"email": "first@example.com", "name": "First"},
        )  # fmt: skip
    client = visitor()
    page = client.post(f"/book/{rules.public_token}/", with_questions(rules, book_form()))
    assert page.status_code == 409
    assert "That time was just taken." in page.text
    offered = re.findall(r'name="start" value="([^"]+)"', page.text)
    assert offered[:2] == [f"{MONDAY}T09:30Z", f"{MONDAY}T10:00Z"] and f"{MONDAY}T09:00Z" not in offered
    assert 'value="Mia Müller"' in page.text and "Spreadsheets" in page.text and "checked" in page.text
    # Choosing one of the fresh times resubmits the same details.
    retry = client.post(f"/book/{rules.public_token}/", with_questions(rules, book_form(start=offered[0])))
    assert retry.status_code == 302
    assert [b.participant.email for b in booked(world, start=datetime(2030, 3, 4, 9, 30, tzinfo=UTC))] == [
        "mia@example.com"
    ]

    # A time in a link that went meanwhile says so and shows that day's other times.
    page = client.get(f"/book/{rules.public_token}/", {"tz": "UTC", "start": f"{MONDAY}T09:30Z"})
    assert "That time is no longer free" in page.text and "10:00" in page.text


def test_closed_and_unknown_booking_pages(world, rules, frozen):
    with schema_context(world.acme.schema_name):
        rules.is_public = False
        rules.save()
    page = visitor().get(f"/book/{rules.public_token}/")
    assert page.status_code == 410 and "This booking page is closed" in page.text
    with schema_context(world.acme.schema_name):
        rules.is_public = True
        rules.save()
        rules.round.status = "closed"
        rules.round.save()
    page = visitor().get(f"/book/{rules.public_token}/")
    assert page.status_code == 410 and "not booking calls any more" in page.text
    assert visitor().get("/book/not-a-token/").status_code == 404
    assert visitor().get("/booking/not-a-token/").status_code == 404
    assert visitor().get("/book/i/not-a-token/").status_code == 404
    # Tokens exist only in their workspace.
    assert Client(HTTP_HOST="globex.localhost").get(f"/book/{rules.public_token}/").status_code == 404


def test_a_personal_invitation_is_prefilled_and_refusals_are_explained(world, rules, frozen):
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(email="kiran@example.com", name="Kiran", timezone="Asia/Kolkata")
        invite = services.booking_invite_create(round=rules.round, participant=person, actor=world.owner)
        quiet = ParticipantFactory(email="quiet@example.com", name="Quiet")
        refused_invite = services.booking_invite_create(round=rules.round, participant=quiet, actor=world.owner)
        quiet.do_not_contact = True
        quiet.save()
    client = visitor()
    page = client.get(f"/book/i/{invite.token}/")
    assert page.status_code == 200 and "Hi Kiran!" in page.text
    assert selected_zone(page.text) == "Asia/Kolkata"  # the participant record's zone
    page = client.get(f"/book/i/{invite.token}/", {"day": MONDAY, "start": f"{MONDAY}T09:00Z"})
    assert "14:30" in page.text  # 09:00 UTC in Kolkata
    assert 'value="kiran@example.com"' in page.text and 'value="Kiran"' in page.text

    data = with_questions(rules, book_form(email="kiran@example.com", name="Kiran", timezone="Asia/Kolkata"))
    assert client.post(f"/book/i/{invite.token}/", data).status_code == 302
    [booking] = booked(world, participant__email="kiran@example.com")
    assert booking.invite_id == invite.pk
    # Once booked, the invitation leads to the booking.
    assert client.get(f"/book/i/{invite.token}/").url == f"/booking/{booking.manage_token}/"

    refused = client.post(f"/book/i/{refused_invite.token}/", with_questions(rules, book_form(
        email="quiet@example.com", start=f"{MONDAY}T10:00Z")))  # fmt: skip
    assert refused.status_code == 409
    assert "We cannot book this call" in refused.text and "Please contact the research team." in refused.text
    assert booked(world, participant__email="quiet@example.com") == []


def book_directly(world, rules, email="mia@example.com", hour=9, minute=0):
    """A call on Tuesday (the round wants 4 hours' notice for changes; it is Monday morning)."""
    with schema_context(world.acme.schema_name):
        return services.booking_create(
            round=rules.round, start=datetime(2030, 3, 5, hour, minute, tzinfo=UTC),
            answers={"Which tool do you use today?": "Excel"},
            participant={"email": email, "name": "Mia", "timezone": "Europe/Berlin"},
        )  # fmt: skip


def test_the_manage_link_reschedules_then_cancels(world, rules, frozen):
    booking = book_directly(world, rules)
    client = visitor()
    manage = f"/booking/{booking.manage_token}/"
    page = client.get(manage)
    assert "Tuesday 5 March 2030, 10:00\u201310:30" in page.text  # in the zone they booked in
    assert "You can move it once more" in page.text and "Cancel my call" in page.text

    page = client.get(manage, {"reschedule": "1", "tz": "Europe/Berlin", "day": TUESDAY})
    times = re.findall(r'class="time" href="[^"]*"[^>]*>(\d\d:\d\d)<', page.text)
    assert times == ["10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]  # the host's own call may move by 30 min
    page = client.get(manage, {"reschedule": "1", "tz": "Europe/Berlin", "day": TUESDAY, "start": f"{TUESDAY}T10:30Z"})
    assert "Move my call to Tuesday 5 March, 11:30" in page.text

    moved = client.post(manage, {"start": f"{TUESDAY}T10:30Z", "tz": "Europe/Berlin"}, follow=True)
    assert "Your call is moved." in moved.text and "11:30\u201312:00" in moved.text
    [after] = booked(world)
    assert after.start == datetime(2030, 3, 5, 10, 30, tzinfo=UTC) and after.sequence == 1 and after.uid == booking.uid

    # The round allows one reschedule: the page says so, and a forged POST is refused.
    page = client.get(manage)
    assert (
        "This call cannot be moved again; you can still cancel it." in page.text and "Pick a new time" not in page.text
    )
    again = client.post(manage, {"start": f"{TUESDAY}T11:00Z"})
    assert again.status_code == 400 and "cannot be moved again" in again.text
    assert booked(world)[0].start == datetime(2030, 3, 5, 10, 30, tzinfo=UTC)

    too_long = client.post(f"{manage}cancel/", {"reason": "x" * 501})
    assert too_long.status_code == 400 and booked(world)[0].status == BookingStatus.BOOKED
    cancelled = client.post(f"{manage}cancel/", {"reason": "Travelling that week"}, follow=True)
    assert "Your call is cancelled." in cancelled.text and "This call is cancelled." in cancelled.text
    assert "Cancel my call" not in cancelled.text and "Travelling that week" in cancelled.text
    [after] = booked(world)
    assert after.status == BookingStatus.CANCELLED and after.cancel_reason == "Travelling that week"
    with schema_context(world.acme.schema_name):
        templates = list(Email.objects.filter(to="mia@example.com").values_list("template", flat=True))
    assert sorted(templates) == ["booking-cancelled", "booking-confirmed", "booking-rescheduled"]


def test_a_slot_taken_while_rescheduling_offers_fresh_times(world, rules, frozen):
    booking = book_directly(world, rules)
    book_directly(world, rules, email="other@example.com", hour=10)
    manage = f"/booking/{booking.manage_token}/"
    page = visitor().post(manage, {"start": f"{TUESDAY}T10:00Z", "tz": "UTC"})
    assert page.status_code == 409 and "That time was just taken." in page.text
    assert "11:00" in page.text  # that day's free times
    assert booked(world, pk=booking.pk)[0].start == datetime(2030, 3, 5, 9, 0, tzinfo=UTC)


def test_changes_close_before_the_call(world, rules, frozen):
    booking = book_directly(world, rules, hour=11)
    frozen.move_to(datetime(2030, 3, 5, 8, 0, tzinfo=UTC))  # 3 hours before; the round wants 4
    manage = f"/booking/{booking.manage_token}/"
    page = visitor().get(manage)
    assert "Changes are possible until 4 hours before the call." in page.text
    assert "Cancel my call" not in page.text and "Pick a new time" not in page.text
    refused = visitor().post(f"{manage}cancel/", {"reason": "late"})
    assert refused.status_code == 400 and "Changes are possible until 4 hours" in refused.text
    assert booked(world)[0].status == BookingStatus.BOOKED


def test_the_hosts_calendar_feed(world, rules, frozen):
    booking = book_directly(world, rules)
    with schema_context(world.acme.schema_name):
        token = HostSchedule.objects.get(user=world.owner).feed_token
    feed = visitor().get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(feed.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == booking.uid and event.decoded("DTSTART") == booking.start
    assert "mia@example.com" in str(event["ATTENDEE"])
    assert visitor().get("/calendar/unknown.ics").status_code == 404
    assert Client(HTTP_HOST="globex.localhost").get(f"/calendar/{token}.ics").status_code == 404


def test_participant_pages_are_rate_limited(world, rules, frozen, settings):
    settings.PARLEY_RATE_LIMIT_PER_LINK = 2
    client = visitor()
    assert client.get(f"/book/{rules.public_token}/").status_code == 200
    assert client.get(f"/book/{rules.public_token}/").status_code == 200
    limited = client.get(f"/book/{rules.public_token}/")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "Too many requests" in limited.text


def test_htmx_swaps_only_the_slot_picker(world, rules, frozen):
    url = f"/book/{rules.public_token}/"
    partial = visitor().get(url, {"tz": "Europe/Berlin", "day": MONDAY}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert partial.text.lstrip().startswith('<div id="picker"') and "<html" not in partial.text
    assert "10:00" in partial.text and "Monday 4 March" in partial.text
    # Every link keeps its plain address, so the same click works without JavaScript.
    assert f'href="{url}?tz=Europe%2FBerlin&amp;day={MONDAY}&amp;start={MONDAY}T09%3A00Z#details"' in partial.text


def day_counts(html: str) -> dict[str, str]:
    return dict(re.findall(r'day=(\d{4}-\d\d-\d\d)#times".*?class="day-count">([^<]+)<', html, re.S))


def test_the_day_list_follows_bookings_and_the_language(world, rules, frozen):
    """The list of days is rendered once per set of counts, zone and language: a booking changes it at once, and
    another language gets its own."""
    page = visitor().get(f"/book/{rules.public_token}/", {"tz": "UTC"})
    assert day_counts(page.text)[TUESDAY] == "6 times" and day_counts(page.text)[MONDAY] == "6 times"
    book_directly(world, rules)
    page = visitor().get(f"/book/{rules.public_token}/", {"tz": "UTC"})
    assert day_counts(page.text)[TUESDAY] == "5 times" and day_counts(page.text)[MONDAY] == "6 times"
    german = visitor().get(f"/book/{rules.public_token}/", {"tz": "UTC", "lang": "de"})
    assert "5 Uhrzeiten" in day_counts(german.text)[TUESDAY] and "Dienstag" in german.text
    again = visitor().get(f"/book/{rules.public_token}/", {"tz": "UTC"})
    assert day_counts(again.text) == day_counts(page.text) and "Dienstag" not in again.text
