"""The hosts page: a host connects their calendar by its secret address and its busy times stop being offered;
the page shows when each calendar was read and what went wrong; roles and outsiders."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tenants.utils import schema_context

from interviews.booking.slots import available_slots
from interviews.models import HostCalendar
from tests.interviews.booking import ics_server
from tests.interviews.booking.test_calendars import FEED
from tests.interviews.factories import sync_round_with_rules

NOW = datetime(2030, 3, 15, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def server():
    fake, http = ics_server.start()
    yield fake
    http.shutdown()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rules(world):
    with schema_context(world.acme.schema_name):
        return sync_round_with_rules(hosts=[world.researcher], hours=("09:00", "12:00"), tz="Europe/Berlin",
                                     duration_minutes=60, slot_interval_minutes=60, buffer_after_minutes=0,
                                     min_notice_hours=0, horizon_days=60)  # fmt: skip


def monday_times(world, rules) -> list[str]:
    with schema_context(world.acme.schema_name):
        slots = available_slots(rules=rules, start_date=date(2030, 3, 18), end_date=date(2030, 3, 18), tz=BERLIN)
    return [s.start.astimezone(BERLIN).strftime("%H:%M") for s in slots]


def test_a_host_connects_their_calendar_and_busy_times_go(client_for, world, rules, server):
    client = client_for(world.researcher)
    assert monday_times(world, rules) == ["09:00", "10:00", "11:00"]
    url = server.serve("/researcher.ics", FEED)
    response = client.post(f"/hosts/{world.researcher.pk}/calendars/", {"url": url, "all_day_blocks": "on"})
    assert response.status_code == 302
    page = client.get("/hosts/").text
    assert "Calendar connected: its busy times are no longer offered." in page
    assert "http://127.0.0.1/…" in page and "/researcher.ics" not in page  # the secret path stays hidden
    assert "8 busy times ahead" in page
    assert monday_times(world, rules) == ["09:00", "11:00"]

    server.serve("/researcher.ics", status=403)
    with schema_context(world.acme.schema_name):
        calendar = HostCalendar.objects.get()
    assert client.post(f"/hosts/{world.researcher.pk}/calendars/{calendar.pk}/refresh/").status_code == 302
    page = client.get("/hosts/").text
    assert "The calendar server answered HTTP 403 Forbidden. Check the username and app password." in page
    assert monday_times(world, rules) == ["09:00", "11:00"]  # the last good read still holds

    assert client.post(f"/hosts/{world.researcher.pk}/calendars/{calendar.pk}/delete/").status_code == 302
    assert monday_times(world, rules) == ["09:00", "10:00", "11:00"]


def test_bad_addresses_get_a_form_error_and_change_nothing(client_for, world, rules):
    client = client_for(world.researcher)
    for address, message in [("http://10.0.0.7/cal.ics", "private network address"),
                             ("", "Give either the calendar")]:  # fmt: skip
        response = client.post(f"/hosts/{world.researcher.pk}/calendars/", {"url": address})
        assert response.status_code == 400 and message in response.text, address
    with schema_context(world.acme.schema_name):
        assert not HostCalendar.objects.exists()


def test_roles_and_outsiders(client_for, world, rules, server):
    url = server.serve("/roles.ics", FEED)
    connected = client_for(world.researcher).post(f"/hosts/{world.researcher.pk}/calendars/", {"url": url})
    assert connected.status_code == 302
    with schema_context(world.acme.schema_name):
        calendar = HostCalendar.objects.get()
    writes = [
        (f"/hosts/{world.researcher.pk}/calendars/", {"url": url}),
        (f"/hosts/{world.researcher.pk}/calendars/{calendar.pk}/refresh/", {}),
        (f"/hosts/{world.researcher.pk}/calendars/{calendar.pk}/delete/", {}),
    ]
    for user in (world.pm, world.viewer):
        client = client_for(user)
        page = client.get(f"/hosts/{world.researcher.pk}/").text
        assert "Refresh now" not in page and "Connect calendar" not in page
        for path, data in writes:
            assert client.post(path, data).status_code == 403, (user.email, path)
    outsider = client_for(world.outsider)
    assert outsider.get(f"/hosts/{world.researcher.pk}/").status_code == 404
    for path, data in writes:
        assert outsider.post(path, data).status_code == 404, path
    with schema_context(world.acme.schema_name):
        assert HostCalendar.objects.filter(pk=calendar.pk).exists()
