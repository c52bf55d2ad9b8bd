"""A participant on a phone in Berlin books a call on the round's public page, adds it to their calendar, then
follows the manage link from their email to move the call and finally cancel it; the host's calendar feed follows.
A participant in Chicago sees Chicago times on a 12-hour clock without choosing anything, and finds other zones by
typing in the zone list's search box."""

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context
from icalendar import Calendar

from interviews.models import Booking, BookingQuestion, BookingStatus, HostSchedule
from outbox.models import Email
from studies.models import Participant, Study
from tests.interviews.factories import sync_round_with_rules
from tests.processes import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "timezone_id": "Europe/Berlin",
    "locale": "en-GB",  # a 24-hour clock
}
EMAIL = "phone.booker@example.com"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def booking_round(world):
    def make():
        with schema_context(world.acme.schema_name):
            HostSchedule.objects.filter(user=world.owner).delete()
            # Hours every weekday around the clock, so the test finds times whenever it runs.
            rules = sync_round_with_rules(
                hosts=[world.owner], hours=("00:00", "23:30"), tz="UTC", duration_minutes=30,
                slot_interval_minutes=30, min_notice_hours=1, horizon_days=10, min_change_notice_hours=0,
                max_reschedules=2, location="https://meet.example.com/acme-research",
            )  # fmt: skip
            rules.round.study.title = "Browser: booking"
            rules.round.study.public_title = "Tell us about your tools"
            rules.round.study.save()
            BookingQuestion.objects.create(rules=rules, order=1, label="Which tool do you use today?", required=True)
            return rules.public_token, HostSchedule.objects.get(user=world.owner).feed_token

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title="Browser: booking").delete()
            Participant.objects.filter(email=EMAIL).delete()
            HostSchedule.objects.filter(user=world.owner).delete()
            Email.objects.filter(to__in=[EMAIL, world.owner.email]).delete()

    yield committed(make)
    committed(remove)


def the_booking(world) -> Booking:
    with schema_context(world.acme.schema_name):
        return Booking.objects.select_related("participant").get(participant__email=EMAIL)


def fetch_calendar(page, url) -> Calendar:
    """Fetch from inside the page: the browser resolves *.localhost, Playwright's own request client does not."""
    script = (
        "async url => { const r = await fetch(url); return [r.status, r.headers.get('content-type'), await r.text()]; }"
    )
    status, kind, body = page.evaluate(script, url)
    assert status == 200 and kind.startswith("text/calendar")
    return Calendar.from_ical(body)


def feed_events(page, url) -> list:
    return fetch_calendar(page, url).walk("VEVENT")


def test_book_reschedule_and_cancel_on_a_phone(live_parley, browser, world, booking_round):
    public_token, feed_token = booking_round
    acme = live_parley.format(host="acme.localhost")
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{acme}/book/{public_token}/")
    # The browser's zone replaces the server's default (UTC) without the participant doing anything.
    page.wait_for_url(re.compile(r"tz=Europe%2FBerlin"))
    assert page.get_by_label("Your time zone").input_value() == "Europe/Berlin"
    assert page.get_by_role("heading", name="Tell us about your tools").is_visible()
    assert not page.get_by_text("Browser: booking").count()  # the team's own title stays with the team

    page.locator("a.day").first.click()
    page.locator("#times a.time").first.wait_for()
    assert page.evaluate("document.activeElement.id") == "times"  # focus follows the swapped-in times
    first_time = page.locator("#times a.time").first
    shown = first_time.inner_text()
    first_time.click()
    page.get_by_label("Your name").fill("Phone Booker")
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_label("Which tool do you use today?").fill("A shared spreadsheet")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Book this time").click()

    page.get_by_role("heading", name="You are booked!").wait_for()
    booking = the_booking(world)
    local = booking.start.astimezone(BERLIN)
    assert booking.timezone == "Europe/Berlin" and f"{local:%H:%M}" == shown
    assert page.get_by_text(f"{local:%H:%M}\u2013{booking.end.astimezone(BERLIN):%H:%M}").is_visible()
    ics_link = page.get_by_role("link", name="Download the invite (.ics)")
    assert ics_link.is_visible() and page.get_by_role("link", name="Add to Google Calendar").is_visible()
    invite = fetch_calendar(page, acme + ics_link.get_attribute("href"))
    assert str(invite["METHOD"]) == "REQUEST" and str(invite.walk("VEVENT")[0]["UID"]) == booking.uid
    # The phone layout does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with schema_context(world.acme.schema_name):
        email = Email.objects.get(to=EMAIL, template="booking-confirmed")
    manage_url = re.search(r"https?://\S+/booking/[\w-]+/", email.body_text).group(0)
    assert manage_url.startswith(acme)
    page.goto(manage_url)
    page.get_by_role("link", name="Pick a new time").click()
    # Another weekday: near midnight in Berlin the next day listed may be a Saturday holding only the last minutes
    # of the hosts' week (their hours are weekdays in UTC).
    hrefs = [link.get_attribute("href") for link in page.locator("a.day").all()][1:]
    href = next(h for h in hrefs if date.fromisoformat(re.search(r"day=([\d-]+)", h).group(1)).weekday() < 5)
    page.locator(f'a.day[href="{href}"]').click()
    page.locator("#times a.time").nth(2).click()
    page.get_by_role("button", name=re.compile(r"^Move my call to ")).click()
    page.get_by_text("Your call is moved.").wait_for()
    moved = the_booking(world)
    assert moved.uid == booking.uid and moved.sequence == 1
    assert moved.start.astimezone(BERLIN).date() > booking.start.astimezone(BERLIN).date()
    assert page.get_by_text(f"{moved.start.astimezone(BERLIN):%H:%M}\u2013").first.is_visible()

    [event] = feed_events(page, f"{acme}/calendar/{feed_token}.ics")
    assert str(event["UID"]) == moved.uid and event.decoded("DTSTART") == moved.start
    assert str(event["STATUS"]) == "CONFIRMED"

    page.get_by_label("Reason (optional)").fill("Something came up at work")
    page.get_by_role("button", name="Cancel my call").click()
    page.get_by_text("This call is cancelled.").wait_for()
    assert the_booking(world).status == BookingStatus.CANCELLED
    assert not page.get_by_role("button", name="Cancel my call").count()

    [event] = feed_events(page, f"{acme}/calendar/{feed_token}.ics")
    assert str(event["UID"]) == moved.uid and str(event["STATUS"]) == "CANCELLED"
    phone.close()


def twelve_hour(moment) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def test_a_participant_in_chicago_sees_chicago_times(live_parley, browser, world, booking_round):
    public_token, _ = booking_round
    acme = live_parley.format(host="acme.localhost")
    chicago = ZoneInfo("America/Chicago")
    context = browser.new_context(timezone_id="America/Chicago", locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{acme}/book/{public_token}/")
    page.wait_for_url(re.compile(r"tz=America%2FChicago"))
    zone = page.get_by_label("Your time zone")
    assert zone.input_value() == "America/Chicago"
    label = zone.locator("option:checked").inner_text()
    assert re.fullmatch(r"Chicago \(UTC-0[56]:00\) - \d{1,2}:\d\d [AP]M", label), label
    assert page.get_by_text(f"Times below are in this zone: {label}").is_visible()

    # The search box narrows the long list: "tok" leaves Tokyo, and "Show times" shows its times.
    search = page.get_by_placeholder("Search time zones, e.g. Chicago or London")
    search.fill("tok")
    assert zone.input_value() == "Asia/Tokyo" and zone.locator("option").count() < 5
    search.fill("chicago")
    assert zone.input_value() == "America/Chicago"
    page.get_by_role("button", name="Show times").click()
    page.wait_for_url(re.compile(r"tz=America%2FChicago"))

    page.locator("a.day").first.click()
    page.locator("#times a.time").first.wait_for()
    first_time = page.locator("#times a.time").first
    shown = first_time.inner_text()
    assert re.fullmatch(r"\d{1,2}:\d\d [AP]M", shown)  # an American browser reads a 12-hour clock
    first_time.click()
    page.get_by_label("Your name").fill("Chicago Booker")
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_label("Which tool do you use today?").fill("Sticky notes")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Book this time").click()

    page.get_by_role("heading", name="You are booked!").wait_for()
    booking = the_booking(world)
    local = booking.start.astimezone(chicago)
    assert booking.timezone == "America/Chicago" and twelve_hour(local) == shown
    assert page.get_by_text(f"{twelve_hour(local)}\u2013{twelve_hour(booking.end.astimezone(chicago))}").is_visible()
    assert page.get_by_text("(America/Chicago)").is_visible()
    context.close()
