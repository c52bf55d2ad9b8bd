"""`/api/v1/hosts/` and `/api/v1/hosts/{id}/calendars/`: connect by secret address or CalDAV, 400 naming a refused
address, last read, error and busy count, roles, outsiders and a fixed query budget."""

from datetime import UTC, datetime

import pytest
import time_machine
from django_tenants.utils import schema_context

from config.crypto import decrypt
from interviews.booking.calendars import host_calendar_refresh
from interviews.models import BusyInterval, HostCalendar
from tests.conftest import GLOBEX_HOST
from tests.interviews.booking import ics_server
from tests.interviews.booking.test_calendars import FEED
from tests.interviews.factories import sync_round_with_rules
from workspaces.models import Role

NOW = datetime(2030, 3, 15, 12, 0, tzinfo=UTC)


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
def hosts(world):
    with schema_context(world.acme.schema_name):
        return sync_round_with_rules(hosts=[world.owner, world.researcher], hours=("09:00", "12:00"),
                                     tz="Europe/Berlin", horizon_days=60)  # fmt: skip


def test_connect_read_and_disconnect(api_for, world, server, hosts):
    client = api_for(user=world.owner)
    url = server.serve("/owner.ics", FEED)
    created = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/", {"url": url}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    # The secret part of the address is never shown again; it is read after commit (by a worker in production).
    assert data["url"] == "http://127.0.0.1/…" and data["last_read_at"] is None and data["busy_count"] == 0
    with schema_context(world.acme.schema_name):
        host_calendar_refresh(calendar=HostCalendar.objects.get(pk=data["id"]))
    listed = client.get(f"/api/v1/hosts/{world.owner.pk}/calendars/").json()
    assert listed == [{**data, "last_read_at": "2030-03-15T12:00:00Z", "last_tried_at": "2030-03-15T12:00:00Z",
                       "busy_count": 8}]  # fmt: skip
    hosts_list = client.get("/api/v1/hosts/").json()
    by_id = {h["id"]: h for h in hosts_list}
    assert by_id[world.owner.pk]["timezone"] == "Europe/Berlin"
    assert [c["busy_count"] for c in by_id[world.owner.pk]["calendars"]] == [8]
    assert by_id[world.researcher.pk]["calendars"] == []

    refreshed = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/refresh/")
    assert refreshed.status_code == 200 and refreshed.json()["error"] == ""
    server.serve("/owner.ics", status=410)
    refreshed = client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/refresh/").json()
    assert refreshed["error"].startswith("The calendar server answered HTTP 410")
    assert refreshed["last_read_at"] == "2030-03-15T12:00:00Z" and refreshed["busy_count"] == 8

    assert client.delete(f"/api/v1/hosts/{world.owner.pk}/calendars/{data['id']}/").status_code == 204
    with schema_context(world.acme.schema_name):
        assert not BusyInterval.objects.exists()


def test_caldav_credentials_are_stored_encrypted(api_for, world, hosts):
    client = api_for(role=Role.RESEARCHER)
    payload = {"caldav_url": "https://dav.example.org/dana/work/", "username": "dana", "password": "app-secret-1"}
    created = client.post(f"/api/v1/hosts/{world.researcher.pk}/calendars/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert "password" not in created.json() and created.json()["kind"] == "caldav"
    with schema_context(world.acme.schema_name):
        stored = HostCalendar.objects.get(pk=created.json()["id"])
        assert "app-secret-1" not in stored.password_encrypted and decrypt(stored.password_encrypted) == "app-secret-1"
    missing = client.post(f"/api/v1/hosts/{world.researcher.pk}/calendars/", {**payload, "password": ""},
                          format="json")  # fmt: skip
    assert missing.status_code == 400 and "app password" in missing.json()["password"][0]


def test_refused_addresses_answer_400_with_the_reason(api_for, world, hosts):
    client = api_for(role=Role.RESEARCHER)
    url = f"/api/v1/hosts/{world.owner.pk}/calendars/"
    cases = {
        "http://169.254.169.254/latest/": ("url", "link-local"),
        "http://10.1.2.3/cal.ics": ("url", "private network"),
        "file:///etc/passwd": ("url", "http:// or https://"),
        "": ("url", "either"),
    }
    for address, (field, reason) in cases.items():
        response = client.post(url, {"url": address}, format="json")
        assert response.status_code == 400 and reason in " ".join(response.json()[field]), (address, response.json())
    caldav = client.post(url, {"caldav_url": "http://192.168.1.10/dav/", "username": "a", "password": "b"},
                         format="json")  # fmt: skip
    assert caldav.status_code == 400 and "private network" in caldav.json()["caldav_url"][0]
    with schema_context(world.acme.schema_name):
        assert not HostCalendar.objects.exists()


def test_roles_and_outsiders(api_for, world, server, hosts):
    url = server.serve("/roles.ics", FEED)
    owner_calendars = f"/api/v1/hosts/{world.owner.pk}/calendars/"
    made = api_for(user=world.owner).post(owner_calendars, {"url": url}, format="json").json()
    # Read-only members read, never write.
    for role in (Role.PM, Role.VIEWER):
        client = api_for(role=role)
        assert client.get(owner_calendars).status_code == 200
        assert client.post(owner_calendars, {"url": url}, format="json").status_code == 403
        assert client.delete(f"{owner_calendars}{made['id']}/").status_code == 403
        assert client.post(f"{owner_calendars}{made['id']}/refresh/").status_code == 403
    # A researcher signed in changes their own calendars, not the owner's.
    researcher = api_for(user=world.researcher)
    assert researcher.post(owner_calendars, {"url": url}, format="json").status_code == 403
    assert researcher.post(f"/api/v1/hosts/{world.researcher.pk}/calendars/", {"url": url},
                           format="json").status_code == 201  # fmt: skip
    # Outsiders, strangers and other workspaces' keys: 404.
    outsider = api_for(user=world.outsider)
    for path in ("/api/v1/hosts/", owner_calendars, f"{owner_calendars}{made['id']}/"):
        assert outsider.get(path).status_code == 404, path
    assert outsider.post(owner_calendars, {"url": url}, format="json").status_code == 404
    assert outsider.delete(f"{owner_calendars}{made['id']}/").status_code == 404
    assert api_for(user=world.owner).get(f"/api/v1/hosts/{world.outsider.pk}/calendars/").status_code == 404
    globex = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex.get(f"/api/v1/hosts/{world.owner.pk}/calendars/{made['id']}/").status_code in (404,)
    assert globex.delete(f"/api/v1/hosts/{world.owner.pk}/calendars/{made['id']}/").status_code == 404
    with schema_context(world.acme.schema_name):
        assert HostCalendar.objects.filter(pk=made["id"]).exists()


def test_hosts_list_has_a_fixed_query_budget(api_for, world, server, hosts, django_assert_max_num_queries):
    client = api_for(user=world.owner)
    client.post(f"/api/v1/hosts/{world.owner.pk}/calendars/", {"url": server.serve("/q.ics", FEED)}, format="json")
    # Sign-in, session and workspace checks included; the same with one calendar as with nine.
    with django_assert_max_num_queries(16):
        client.get("/api/v1/hosts/")
    for i in range(4):
        for user in (world.owner, world.researcher):
            client.post(f"/api/v1/hosts/{user.pk}/calendars/", {"url": server.serve(f"/q{i}.ics", FEED)},
                        format="json")  # fmt: skip
    with django_assert_max_num_queries(16):
        response = client.get("/api/v1/hosts/")
    assert sum(len(h["calendars"]) for h in response.json()) == 9
