"""The booking page's time zone picker and clock, without JavaScript: the common zones first with their offset and
time now, every zone people live in after them (no "Factory" or "Etc/GMT+5"), old names understood, a zone nobody
knows answered with a message instead of an error, and the times of a day shown in the zone and clock chosen."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.test import Client
from django_tenants.utils import schema_context

from interviews.booking import zones
from interviews.models import Booking
from tests.interviews.factories import sync_round_with_rules

NOW = datetime(2030, 1, 14, 15, 14, tzinfo=UTC)  # a Monday in winter: Chicago is UTC-06:00, 09:14 there
MONDAY = "2030-01-14"
TUESDAY = "2030-01-15"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules(world):
    """The owner hosts 14:00-17:00 UTC on weekdays: 8:00-11:00 in Chicago, 15:00-18:00 in Berlin."""
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("14:00", "17:00"), tz="UTC", duration_minutes=60, slot_interval_minutes=60,
            min_notice_hours=1, horizon_days=7,
        )  # fmt: skip
        rules.round.study.title = "Internal: churn hypothesis B"
        rules.round.study.public_title = "Your first month with Acme"
        rules.round.study.save()
        return rules


def visitor(**headers) -> Client:
    return Client(HTTP_HOST="acme.localhost", **headers)


def options(html: str) -> list[tuple[str, str, str]]:
    """(group, zone, label) of every option of the zone list, in page order."""
    found = []
    for group, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S):
        for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', body):
            found.append((unescape(group), value, unescape(label)))
    return found


def selected(html: str) -> str:
    return re.search(r'<option value="([^"]+)"[^>]*\sselected>', html).group(1)


def times(html: str) -> list[str]:
    return re.findall(r'class="time" href="[^"]*"[^>]*>([^<]+)<', html)


def test_common_zones_come_first_with_their_offset_and_time_now(world, rules, frozen):
    page = visitor().get(f"/book/{rules.public_token}/")
    listed = options(page.text)
    groups = [group for group, _, _ in listed]
    common = [item for item in listed if item[0] == "Common time zones"]
    assert groups.index("All time zones") == len(common)  # every common zone before the rest
    assert 40 <= len(common) <= 65
    labels = {zone: label for _, zone, label in common}
    assert labels["America/Chicago"] == "Chicago (UTC-06:00) - 09:14"
    assert labels["Asia/Kolkata"].startswith("India (Kolkata, Mumbai, Delhi) (UTC+05:30) - 20:44")
    assert labels["UTC"] == "UTC (UTC+00:00) - 15:14"
    offsets = [re.search(r"\(UTC([+-]\d\d):(\d\d)\)", label).groups() for _, _, label in common]
    minutes = [int(h) * 60 + (int(m) if h[0] == "+" else -int(m)) for h, m in offsets]
    assert minutes == sorted(minutes)  # west to east

    everything = [zone for group, zone, _ in listed if group == "All time zones"]
    assert len(everything) > 400 and everything == sorted(everything)
    assert {"America/Chicago", "Europe/Kyiv", "America/Argentina/Buenos_Aires"} <= set(everything)
    junk = {"Factory", "localtime", "Zulu", "Etc/GMT+5", "US/Central", "Asia/Calcutta", "Europe/Kiev", "GB", "EST"}
    assert not junk & {zone for _, zone, _ in listed}


def test_the_zone_chosen_changes_the_times_shown(world, rules, frozen):
    client = visitor()
    url = f"/book/{rules.public_token}/"
    chicago = client.get(url, {"tz": "America/Chicago", "day": TUESDAY})
    berlin = client.get(url, {"tz": "Europe/Berlin", "day": TUESDAY})
    assert selected(chicago.text) == "America/Chicago" and selected(berlin.text) == "Europe/Berlin"
    assert times(chicago.text) == ["08:00", "09:00", "10:00"]
    assert times(berlin.text) == ["15:00", "16:00", "17:00"]
    assert "Times below are in this zone: Chicago (UTC-06:00) - 09:14" in chicago.text

    # A time chosen in Chicago is booked at its instant and remembered with the zone.
    start = re.search(r'class="time" href="[^"]*start=([^"#&]+)', chicago.text).group(1).replace("%3A", ":")
    page = client.get(url, {"tz": "America/Chicago", "day": TUESDAY, "start": start})
    assert "You chose <strong>Tuesday 15 January, 08:00\u201309:00</strong> (America/Chicago)." in page.text
    data = {"start": start, "timezone": "America/Chicago", "name": "Cam", "email": "cam@example.com", "consent": "1"}
    assert client.post(url, data).status_code == 302
    with schema_context(world.acme.schema_name):
        booking = Booking.objects.get(participant__email="cam@example.com")
    assert booking.start == datetime(2030, 1, 15, 14, 0, tzinfo=UTC) and booking.timezone == "America/Chicago"


def test_the_clock_follows_the_browser_until_the_participant_picks_one(world, rules, frozen):
    url = f"/book/{rules.public_token}/"
    american = visitor(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = american.get(url, {"tz": "America/Chicago", "day": TUESDAY})
    assert times(page.text) == ["8:00 AM", "9:00 AM", "10:00 AM"]
    assert "Chicago (UTC-06:00) - 9:14 AM" in unescape(page.text)
    switch = unescape(re.search(r'href="([^"]+)" class="clock-switch"', page.text).group(1))
    assert "clock=24" in switch and "day=2030-01-15" in switch and "tz=America%2FChicago" in switch

    chosen = american.get(switch)
    assert times(chosen.text) == ["08:00", "09:00", "10:00"]
    assert chosen.cookies["parley_clock"].value == "24"
    # The choice stays for the rest of the visit (the confirmation and manage pages too).
    assert times(american.get(url, {"tz": "America/Chicago", "day": TUESDAY}).text) == ["08:00", "09:00", "10:00"]

    british = visitor(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert times(british.get(url, {"tz": "Europe/London", "day": TUESDAY}).text) == ["14:00", "15:00", "16:00"]
    assert times(british.get(url, {"tz": "Europe/London", "day": TUESDAY, "clock": "12"}).text) == [
        "2:00 PM", "3:00 PM", "4:00 PM"
    ]  # fmt: skip


def test_old_names_are_understood_and_unknown_zones_explained(world, rules, frozen):
    url = f"/book/{rules.public_token}/"
    kolkata = visitor().get(url, {"tz": "Asia/Calcutta", "day": TUESDAY})  # what some browsers still report
    assert kolkata.status_code == 200 and selected(kolkata.text) == "Asia/Kolkata"
    assert times(kolkata.text) == ["19:30", "20:30", "21:30"]
    assert selected(visitor().get(url, {"tz": "US/Central"}).text) == "America/Chicago"

    for junk in ["Mars/Base", "Factory", "localtime", "Etc/GMT+5", "<script>x</script>", "x" * 500]:
        page = visitor().get(url, {"tz": junk, "day": TUESDAY})
        assert page.status_code == 200, junk
        assert "We do not know the time zone" in page.text and 'role="alert"' in page.text
        assert selected(page.text) == "UTC" and times(page.text) == ["14:00", "15:00", "16:00"]
        assert "<script>x" not in page.text

    # A posted zone that is no place to live in is refused with the field's message, and nothing is booked.
    data = {"start": f"{TUESDAY}T14:00Z", "timezone": "Factory", "name": "F", "email": "f@example.com", "consent": "1"}
    refused = visitor().post(url, data)
    assert refused.status_code == 400 and "We do not know the time zone “Factory”" in unescape(refused.text)
    data["timezone"] = "Asia/Calcutta"
    assert visitor().post(url, data).status_code == 302
    with schema_context(world.acme.schema_name):
        assert Booking.objects.get(participant__email="f@example.com").timezone == "Asia/Kolkata"
        assert not Booking.objects.filter(participant__email="f@example.com", timezone="Factory").exists()


def test_canonical_names():
    assert zones.canonical("Asia/Calcutta") == "Asia/Kolkata"
    assert zones.canonical("Europe/Kiev") == "Europe/Kyiv"
    assert zones.canonical("Etc/UTC") == zones.canonical("Zulu") == "UTC"
    assert zones.canonical("Europe/Oslo") == "Europe/Oslo"  # in zone.tab though its rules are Berlin's
    for junk in ["Factory", "localtime", "Etc/GMT+5", "", None, "Mars/Base"]:
        assert zones.canonical(junk) is None
