"""Booking rules presets in the library: a researcher staff allowed to publish saves acme's sync round's rules, the
globex owner copies them over a globex round's rules (and acme's researcher into another acme round); only the
scheduling settings and booking questions travel, never hosts, location, tokens, participants or bookings. Roles,
outsiders and bad input as everywhere: a refusal says why and changes nothing."""

import json

import pytest
from django.forms.models import model_to_dict
from django_tenants.utils import schema_context

from interviews.booking.presets import SETTINGS, room_server_shareable
from interviews.models import BookingInvite, BookingQuestion, BookingRules, HostSchedule
from studies.models import Participant
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import RoundFactory
from workspaces.models import LibraryItem, User

PUBLIC = "localhost"
ACME_RULES = {
    "duration_minutes": 30, "slot_interval_minutes": 15, "buffer_before_minutes": 5, "buffer_after_minutes": 10,
    "min_notice_hours": 24, "horizon_days": 21, "max_per_host_per_day": 4, "min_change_notice_hours": 6,
    "max_reschedules": 1, "reminder_offsets_minutes": [2880, 120], "bookings_per_participant": 1, "room": "template",
    "room_server": "https://video.example.org/parley-{token}", "location": "Olive's office, 1 Quietmoor Street",
    "assignment": "single", "is_public": False,
}  # fmt: skip
PRESET = {name: value for name, value in ACME_RULES.items() if name in SETTINGS}


def _publisher(user: User) -> User:
    user.library_publisher = True
    user.save(update_fields=["library_publisher"])
    return user


@pytest.fixture
def acme_rules(world):
    """Acme's sync round, its host and a participant invited: the things that must stay in acme."""
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), **ACME_RULES)
        HostSchedule.objects.filter(user=world.owner).update(meeting_url="https://meet.quietmoor.example/olive")
        BookingQuestion.objects.create(rules=rules, order=1, label="Your role?", required=True)
        BookingQuestion.objects.create(rules=rules, order=2, label="Team size", kind="choice", choices=["S", "L"])
        zed = Participant.objects.create(name="Zed Acmeperson", email="zed@acme-customer.example")
        invite = BookingInvite.objects.create(round=rules.round, participant=zed)
        rules.leaks = [
            "Zed", "acme-customer", "Olive", "owner@acme.test", "Quietmoor", "quietmoor", rules.public_token,
            invite.token, HostSchedule.objects.get(user=world.owner).feed_token, "Deep dives",
        ]  # fmt: skip
        return rules


def _globex_rules(world):
    with schema_context(world.globex.schema_name):
        rules = sync_round_with_rules(hosts=[world.outsider], duration_minutes=60, location="Globex HQ, room 4",
                                      assignment="round_robin", is_public=True)  # fmt: skip
        BookingQuestion.objects.create(rules=rules, order=1, label="Old globex question")
        return rules


def _publish(client_for, world, acme_rules, title="Short calls"):
    response = client_for(_publisher(world.researcher)).post(
        f"/rounds/{acme_rules.round_id}/booking/library/publish/", {"title": title}
    )
    assert response.status_code == 302
    return LibraryItem.objects.get(title=title, kind="booking_preset")


def _rows(rules: BookingRules) -> str:
    """The target's stored rules and questions as text, to look for anything of the source workspace."""
    rows = [model_to_dict(rules)] + [model_to_dict(q) for q in rules.questions.all()]
    return json.dumps(rows, default=str)


def test_publish_from_acme_copy_into_globex_shows_what_changed_and_nothing_else_travels(
    client_for, world, acme_rules
):  # fmt: skip
    item = _publish(client_for, world, acme_rules)
    assert item.content == {
        **PRESET,
        "questions": [
            {"label": "Your role?", "kind": "text", "choices": [], "required": True},
            {"label": "Team size", "kind": "choice", "choices": ["S", "L"], "required": False},
        ],
    }
    stored = json.dumps(item.content)
    for leak in acme_rules.leaks:
        assert leak not in stored, leak
    assert not {"hosts", "assignment", "location", "is_public", "public_token", "round"} & set(item.content)
    assert "30-min calls every 15 min" in item.description and "2 booking questions" in item.description

    # The library page shows the preset's settings in words, and filters by kind.
    page = client_for(world.outsider, host=PUBLIC).get("/library/", {"kind": "booking_preset"}).text
    assert "Short calls" in page and "30 min calls, start times every 15 min" in page
    assert "2880 min, 120 min before" in page and "Team size (S / L)" in page

    target = _globex_rules(world)
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    assert "Short calls" in globex.get(f"/rounds/{target.round_id}/booking/").text  # offered in the select
    page = globex.post(f"/rounds/{target.round_id}/booking/library/", {"item": item.pk}, follow=True)
    assert page.status_code == 200
    assert "Copied the preset “Short calls”" in page.text
    assert "Duration: 60 min → 30 min" in page.text and "Reminders: 1440, 60 min before → 2880, 120 min before" in (
        page.text
    )
    assert "Questions when booking: 1 → 2" in page.text
    with schema_context(world.globex.schema_name):
        rules = BookingRules.objects.get(pk=target.pk)
        assert {name: getattr(rules, name) for name in PRESET} == PRESET
        # What the preset leaves alone stays as globex had it.
        assert [u.pk for u in rules.hosts.all()] == [world.outsider.pk]
        assert (rules.location, rules.assignment, rules.is_public) == ("Globex HQ, room 4", "round_robin", True)
        assert rules.public_token == target.public_token
        assert [(q.label, q.kind, q.choices, q.required) for q in rules.questions.order_by("order")] == [
            ("Your role?", "text", [], True), ("Team size", "choice", ["S", "L"], False)
        ]  # fmt: skip
        rows = _rows(rules)
        assert not Participant.objects.filter(email="zed@acme-customer.example").exists()
        assert not BookingInvite.objects.filter(round_id=rules.round_id).exists()
    for leak in acme_rules.leaks:
        assert leak not in rows, leak


def test_copy_into_another_acme_round_without_rules_sets_them_up(client_for, world, acme_rules):
    item = _publish(client_for, world, acme_rules)
    with schema_context(world.acme.schema_name):
        other = RoundFactory(kind="sync", purpose="Second wave")
    page = client_for(world.researcher).post(f"/rounds/{other.pk}/booking/library/", {"item": item.pk}, follow=True)
    assert "Copied the preset “Short calls”" in page.text and "Buffer after: 15 min → 10 min" in page.text
    with schema_context(world.acme.schema_name):
        rules = BookingRules.objects.get(round=other)
        assert {name: getattr(rules, name) for name in PRESET} == PRESET
        assert not rules.hosts.exists() and rules.location == "" and rules.public_token != acme_rules.public_token
        assert rules.questions.count() == 2
    # Copying the same preset again changes nothing, and says so.
    again = client_for(world.researcher).post(f"/rounds/{other.pk}/booking/library/", {"item": item.pk}, follow=True)
    assert "already follows the preset “Short calls”: nothing changed" in again.text


def test_a_room_template_holding_a_secret_stays_behind(client_for, world, acme_rules):
    with schema_context(world.acme.schema_name):
        BookingRules.objects.filter(pk=acme_rules.pk).update(room_server="https://zoom.example/j/{token}?pwd=Hush42")
    item = _publish(client_for, world, acme_rules)
    assert "room" not in item.content and "room_server" not in item.content
    assert "Hush42" not in json.dumps(item.content)
    target = _globex_rules(world)
    with schema_context(world.globex.schema_name):
        BookingRules.objects.filter(pk=target.pk).update(room="jitsi")
    client_for(world.outsider, host=GLOBEX_HOST).post(f"/rounds/{target.round_id}/booking/library/", {"item": item.pk})
    with schema_context(world.globex.schema_name):
        rules = BookingRules.objects.get(pk=target.pk)
        assert (rules.room, rules.room_server, rules.duration_minutes) == ("jitsi", "", 30)  # its own room kept


@pytest.mark.parametrize(
    ("server", "shareable"),
    [
        ("", True),
        ("https://meet.example.org", True),
        ("https://video.example.org/parley-{token}", True),
        ("https://video.example.org/join?room={token}&n={booking}", True),
        ("https://zoom.example/j/{token}?pwd=abc", False),
        ("https://someone:secret@video.example.org/{token}", False),
        ("https://video.example.org/r/a8f3k2m9x7q1w4e6z/{booking}", False),
        ("https://zoom.example/j/987654321{booking}", False),
        ("https://video.example.org/{token}#key", False),
    ],
)
def test_which_room_servers_may_travel(server, shareable):
    assert room_server_shareable(server) is shareable


def test_only_publishers_who_write_research_publish(client_for, world, acme_rules):
    url = f"/rounds/{acme_rules.round_id}/booking/library/publish/"
    assert client_for(world.researcher).post(url, {"title": "No"}).status_code == 403  # staff have not allowed it
    for member in (world.pm, world.viewer):
        assert client_for(_publisher(member)).post(url, {"title": "No"}).status_code == 403
    assert client_for(_publisher(world.outsider)).post(url, {"title": "No"}).status_code == 404
    assert client_for(world.staff).post(url, {"title": "No"}).status_code == 404  # a member of nothing
    assert not LibraryItem.objects.filter(kind="booking_preset").exists()
    # The booking page offers saving only to those staff allowed.
    assert (
        "Save these rules to the library"
        not in client_for(world.owner).get(f"/rounds/{acme_rules.round_id}/booking/").text
    )
    assert (
        "Save these rules to the library"
        in client_for(_publisher(world.researcher)).get(f"/rounds/{acme_rules.round_id}/booking/").text
    )


def test_only_owners_and_researchers_of_the_target_copy(client_for, world, acme_rules):
    item = LibraryItem.objects.create(kind="booking_preset", title="Shared", content={"duration_minutes": 20})
    url = f"/rounds/{acme_rules.round_id}/booking/library/"
    assert client_for(world.viewer).post(url, {"item": item.pk}).status_code == 403
    assert client_for(world.pm).post(url, {"item": item.pk}).status_code == 403
    assert client_for(world.outsider).post(url, {"item": item.pk}).status_code == 404  # globex's owner on acme
    assert client_for(world.staff).post(url, {"item": item.pk}).status_code == 404
    with schema_context(world.acme.schema_name):
        assert BookingRules.objects.get(pk=acme_rules.pk).duration_minutes == 30


def test_bad_input_says_why_and_changes_nothing(client_for, world, acme_rules):
    guide = LibraryItem.objects.create(kind="guide", title="A guide", content={"questions": [{"text": "Tell me."}]})
    url = f"/rounds/{acme_rules.round_id}/booking/library/"
    researcher = client_for(world.researcher)
    for bad in ("", "abc", "999999", str(guide.pk)):
        page = researcher.post(url, {"item": bad}, follow=True)
        assert page.status_code == 200 and "Choose a booking rules preset from the library." in page.text

    too_long = LibraryItem.objects.create(kind="booking_preset", title="Too long", content={"duration_minutes": 999})
    page = researcher.post(url, {"item": too_long.pk}, follow=True)
    assert "The preset “Too long” was not copied: Duration:" in page.text

    # A question that cannot be saved undoes the whole copy: the settings and the questions deleted before it.
    one_choice = {"label": "Pick one", "kind": "choice", "choices": ["Only"]}
    broken = LibraryItem.objects.create(
        kind="booking_preset", title="Broken", content={"duration_minutes": 20, "questions": [one_choice]}
    )
    page = researcher.post(url, {"item": broken.pk}, follow=True)
    assert "The preset “Broken” was not copied:" in page.text and "at least two choices" in page.text
    wrong_type = LibraryItem.objects.create(kind="booking_preset", title="Typo", content={"horizon_days": "soon"})
    assert "“Bookable up to” is not valid" in researcher.post(url, {"item": wrong_type.pk}, follow=True).text
    with schema_context(world.acme.schema_name):
        rules = BookingRules.objects.get(pk=acme_rules.pk)
        assert {name: getattr(rules, name) for name in PRESET} == PRESET
        assert list(rules.questions.values_list("label", flat=True)) == ["Your role?", "Team size"]

    # An async round takes no booking rules: a clear refusal, back on its study page, nothing written.
    with schema_context(world.acme.schema_name):
        async_round = RoundFactory(kind="async", purpose="Wide net")
    good = LibraryItem.objects.create(kind="booking_preset", title="Good", content={"duration_minutes": 20})
    page = researcher.post(f"/rounds/{async_round.pk}/booking/library/", {"item": good.pk}, follow=True)
    assert page.status_code == 200 and "only a sync round takes booking rules" in page.text
    assert page.redirect_chain[-1][0] == f"/studies/{async_round.study_id}/"
    with schema_context(world.acme.schema_name):
        assert not BookingRules.objects.filter(round=async_round).exists()
    assert researcher.post("/rounds/999999/booking/library/", {"item": good.pk}).status_code == 404
