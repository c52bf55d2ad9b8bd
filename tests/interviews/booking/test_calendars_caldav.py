"""Host calendars over CalDAV against a real Radicale server (its own process, plain htpasswd logins, a temporary
storage folder): a collection made with MKCALENDAR holding Dana's weekly meeting (with an EXDATE and a moved
instance across Berlin's spring-forward change), connected through the API with a username and an app password,
read with a calendar-query REPORT; busy times land and slots exclude them. A wrong password shows HTTP 401 on the
calendar and bookings still go through."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import schema_context

from interviews.booking.services import SlotTaken, booking_create
from interviews.models import BusyInterval, HostCalendar
from tests.interviews.booking import radicale_server
from tests.interviews.booking.test_calendars import ALL, BERLIN, FEED, NOW, berlin_times, dana_round

# A dentist appointment on Thursday 21 March, 10:30-11:30 Berlin, as a phone's CalDAV client would store it.
NEW_EVENT = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Phone//EN\r
BEGIN:VEVENT\r
UID:dentist@test\r
DTSTAMP:20300310T000000Z\r
DTSTART:20300321T093000Z\r
DTEND:20300321T103000Z\r
SUMMARY:Dentist\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = radicale_server.start(tmp_path_factory.mktemp("radicale"), {"dana": "app-secret-1", "eve": "other-2"})
    yield server
    radicale_server.stop(server)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rules(world):
    with schema_context(world.acme.schema_name):
        return dana_round(world)


def connect(client, world, url, password):
    payload = {"caldav_url": url, "username": "dana", "password": password}
    created = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["kind"] == "caldav" and created.json()["busy_count"] == 0
    refreshed = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{created.json()['id']}/refresh/")
    assert refreshed.status_code == 200
    return refreshed.json()


def test_a_radicale_calendar_blocks_its_busy_times(api_for, world, radicale, rules):
    url = radicale.make_calendar("dana", "work", FEED)
    client = api_for(user=world.owner)
    with schema_context(world.acme.schema_name):
        assert berlin_times(rules, date(2030, 3, 18)) == ALL
    data = connect(client, world, url, "app-secret-1")
    assert data["error"] == "" and data["last_read_at"] == "2030-03-15T12:00:00Z"
    # Seven meetings (the 25 March one excluded, the 1 April one moved) and the all-day offsite.
    assert data["busy_count"] == 8
    with schema_context(world.acme.schema_name):
        stored = list(BusyInterval.objects.filter(calendar_id=data["id"]).order_by("start").values_list("start", "end"))
        assert stored[0] == (datetime(2030, 3, 18, 9, tzinfo=UTC), datetime(2030, 3, 18, 10, tzinfo=UTC))
        assert datetime(2030, 3, 25, 9, tzinfo=UTC) not in [s for s, _ in stored]
        assert (datetime(2030, 4, 8, 8, tzinfo=UTC), datetime(2030, 4, 8, 9, tzinfo=UTC)) in stored
        assert berlin_times(rules, date(2030, 3, 18)) == ["09:00", "09:30", "11:00", "11:30"]
        assert berlin_times(rules, date(2030, 3, 25)) == ALL
        assert berlin_times(rules, date(2030, 4, 1)) == ["09:00", "09:30", "10:00", "10:30"]
        assert berlin_times(rules, date(2030, 4, 8)) == ["09:00", "09:30", "11:00", "11:30"]
        assert berlin_times(rules, date(2030, 3, 19)) == ALL  # transparent
        assert berlin_times(rules, date(2030, 3, 20)) == ALL  # cancelled
        assert berlin_times(rules, date(2030, 4, 3)) == []  # all day
        person = {"email": "ada@example.com", "name": "Ada Lovelace", "timezone": BERLIN}
        with pytest.raises(SlotTaken):
            booking_create(round=rules.round, start=datetime(2030, 3, 18, 9, tzinfo=UTC), participant=person,
                           answers={})  # fmt: skip

    # Unchanged (the collection's getctag is the last read's): the events are not read again, nor the busy times
    # rewritten; the read still counts as a read.
    with schema_context(world.acme.schema_name):
        kept = set(BusyInterval.objects.filter(calendar_id=data["id"]).values_list("pk", flat=True))
        assert HostCalendar.objects.get(pk=data["id"]).etag.startswith("{http://calendarserver.org/ns/}getctag")
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        again = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/refresh/").json()
    assert again["error"] == "" and again["busy_count"] == 8 and again["last_read_at"] == "2030-03-15T12:10:00Z"
    with schema_context(world.acme.schema_name):
        assert set(BusyInterval.objects.filter(calendar_id=data["id"]).values_list("pk", flat=True)) == kept

    # A call Dana adds on her phone (PUT into the same collection) changes the tag and blocks its time.
    added = NEW_EVENT.encode()
    assert radicale.request("PUT", "/dana/work/dentist.ics", "dana", added, "text/calendar") == 201
    refreshed = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/refresh/").json()
    assert refreshed["error"] == "" and refreshed["busy_count"] == 9
    with schema_context(world.acme.schema_name):
        assert berlin_times(rules, date(2030, 3, 21)) == ["09:00", "09:30", "10:00", "11:30"]


def test_an_address_that_is_not_a_calendar_says_so_instead_of_reading_as_free(api_for, world, radicale, rules):
    radicale.make_calendar("dana", "home", FEED)
    client = api_for(user=world.owner)
    # Dana's principal (what many people paste): Radicale answers the REPORT with an empty list.
    principal = connect(client, world, radicale.url("/dana/"), "app-secret-1")
    assert principal["error"].startswith("This address is not a calendar but holds calendars; connect one of them:")
    assert radicale.url("/dana/home/") + " (home)" in principal["error"] and principal["busy_count"] == 0
    assert principal["last_read_at"] is None
    # A real calendar that is empty in the window is simply free.
    url = radicale.make_calendar("dana", "empty", FEED.split("BEGIN:VEVENT")[0] + "END:VCALENDAR\r\n")
    empty = connect(client, world, url, "app-secret-1")
    assert empty["error"] == "" and empty["busy_count"] == 0 and empty["last_read_at"] == "2030-03-15T12:00:00Z"
    missing = connect(client, world, radicale.url("/dana/nothing/"), "app-secret-1")
    assert missing["error"].startswith("The calendar server answered HTTP 404 Not Found.")


def test_a_wrong_app_password_shows_401_and_bookings_still_go_through(api_for, client_for, world, radicale, rules):
    url = radicale.make_calendar("dana", "personal", FEED)
    client = api_for(user=world.owner)
    data = connect(client, world, url, "not-the-password")
    assert data["error"] == "The calendar server answered HTTP 401 Unauthorized. Check the username and app password."
    assert data["last_read_at"] is None and data["last_tried_at"] == "2030-03-15T12:00:00Z" and data["busy_count"] == 0
    page = client_for(world.owner).get("/hosts/").text
    assert "The calendar server answered HTTP 401 Unauthorized. Check the username and app password." in page
    # Another user's collection with Dana's login is refused too (Radicale's owner_only rights).
    other = radicale.make_calendar("eve", "work", FEED)
    forbidden = connect(client, world, other, "app-secret-1")
    assert "HTTP 403" in forbidden["error"] and forbidden["busy_count"] == 0
    with schema_context(world.acme.schema_name):
        person = {"email": "ada@example.com", "name": "Ada Lovelace", "timezone": BERLIN}
        booking = booking_create(round=rules.round, start=datetime(2030, 3, 18, 9, tzinfo=UTC), participant=person,
                                 answers={})  # fmt: skip
        assert booking.host_id == world.owner.pk
        assert HostCalendar.objects.filter(schedule__user=world.owner).count() == 2
        assert booking.start + timedelta(minutes=30) == booking.end


def test_caldav_reads_go_through_the_outbound_policy(api_for, world, radicale, rules, settings):
    url = radicale.make_calendar("dana", "policy", FEED)
    client = api_for(user=world.owner)
    data = connect(client, world, url, "app-secret-1")
    assert data["error"] == "" and data["busy_count"] == 8
    settings.PARLEY_OUTBOUND_ALLOW = []  # loopback is no longer allowed: neither a new address nor a read leaves
    payload = {"caldav_url": url, "username": "dana", "password": "app-secret-1"}
    refused = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/", payload, format="json")
    assert refused.status_code == 400 and "loopback" in refused.json()["caldav_url"][0]
    stale = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/refresh/").json()
    assert "loopback" in stale["error"] and stale["busy_count"] == 8  # the last good busy times still hold
