"""The staff's booking pages: hosts' hours, overrides and calendar feed; a sync round's rules, questions, calls,
funnel and invitations; a booking's detail with completed / no-show. Roles, outsiders, bad input, query budgets."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import schema_context

from interviews.booking import schedules, services
from interviews.models import (
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingRules,
    BookingStatus,
    DateOverride,
    HostSchedule,
    WeeklyHours,
)
from studies.models import ContactEvent
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory, RoundFactory
from workspaces.models import Membership, User

NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules(world):
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("09:00", "17:00"), tz="Europe/Berlin", duration_minutes=45,
            slot_interval_minutes=15, min_notice_hours=1, horizon_days=14,
        )  # fmt: skip
        BookingQuestion.objects.create(rules=rules, order=1, label="Your role?", required=True)
        BookingQuestion.objects.create(rules=rules, order=2, label="Team size", kind="choice", choices=["S", "L"])
        return rules


def book(world, rules, *, hour=9, email="mia@example.com", day=None):
    day = day or NOW.date()
    with schema_context(world.acme.schema_name):
        return services.booking_create(
            round=rules.round, start=datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour),
            answers={"Your role?": "Designer"}, participant={"email": email, "name": email.split("@")[0]},
        )  # fmt: skip


def staff_urls(world, rules, booking) -> list[str]:
    with schema_context(world.acme.schema_name):
        question = rules.questions.first()
    return [
        "/hosts/",
        f"/hosts/{world.owner.pk}/",
        f"/hosts/{world.researcher.pk}/",
        f"/rounds/{rules.round_id}/booking/",
        f"/booking-questions/{question.pk}/edit/",
        f"/bookings/{booking.pk}/",
    ]


def write_requests(world, rules, booking) -> list[tuple[str, dict]]:
    with schema_context(world.acme.schema_name):
        question = rules.questions.first()
        person = ParticipantFactory()
        override = DateOverride.objects.create(schedule=HostSchedule.objects.get(user=world.owner), date=NOW.date())
    return [
        (f"/hosts/{world.owner.pk}/hours/", {"timezone": "UTC", "day_0": "9:00-17:00"}),
        (f"/hosts/{world.owner.pk}/overrides/", {"date": "2030-03-05"}),
        (f"/hosts/{world.owner.pk}/overrides/{override.pk}/delete/", {}),
        (f"/hosts/{world.owner.pk}/feed/rotate/", {}),
        (f"/rounds/{rules.round_id}/booking/rules/", rules_data(world)),
        (f"/rounds/{rules.round_id}/booking/questions/", {"label": "New?", "kind": "text"}),
        (f"/rounds/{rules.round_id}/booking/invite/", {"participants": [person.pk]}),
        (f"/rounds/{rules.round_id}/booking/rotate/", {}),
        (f"/booking-questions/{question.pk}/edit/", {"label": "Changed", "kind": "text"}),
        (f"/booking-questions/{question.pk}/move/", {"direction": "down"}),
        (f"/booking-questions/{question.pk}/delete/", {}),
        (f"/bookings/{booking.pk}/mark/", {"status": "no_show"}),
        (f"/bookings/{booking.pk}/cancel/", {"reason": "x"}),
    ]


def rules_data(world, **overrides) -> dict:
    data = {
        "duration_minutes": 60, "slot_interval_minutes": 30, "buffer_before_minutes": 5, "buffer_after_minutes": 10,
        "min_notice_hours": 24, "horizon_days": 21, "max_per_host_per_day": 3, "location": "Room 4, Berlin office",
        "assignment": "round_robin", "hosts": [world.owner.pk, world.researcher.pk], "min_change_notice_hours": 12,
        "max_reschedules": 1, "reminder_offsets": "60, 1440", "bookings_per_participant": 2, "is_public": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


def snapshot(world) -> tuple:
    """Everything the write requests above could change."""
    with schema_context(world.acme.schema_name):
        rules = BookingRules.objects.get()
        return (
            list(WeeklyHours.objects.values_list("schedule_id", "weekday", "start", "end").order_by("pk")),
            list(DateOverride.objects.values_list("pk", "date").order_by("pk")),
            list(HostSchedule.objects.values_list("feed_token", "timezone").order_by("pk")),
            (
                rules.duration_minutes,
                rules.location,
                rules.public_token,
                list(rules.hosts.values_list("pk", flat=True)),
            ),
            list(BookingQuestion.objects.values_list("pk", "label", "order").order_by("pk")),
            BookingInvite.objects.count(),
            list(Booking.objects.values_list("pk", "status").order_by("pk")),
        )


def test_every_member_reads_every_page_and_outsiders_get_404(client_for, world, rules, frozen):
    booking = book(world, rules)
    for user in (world.owner, world.researcher, world.pm, world.viewer):
        client = client_for(user)
        for url in staff_urls(world, rules, booking):
            assert client.get(url).status_code == 200, (user.email, url)
    outsider = client_for(world.outsider)
    for url in staff_urls(world, rules, booking):
        assert outsider.get(url).status_code == 404, url
    requests = write_requests(world, rules, booking)
    before = snapshot(world)
    for url, data in requests:
        assert outsider.post(url, data).status_code == 404, url
    assert client_for().get("/hosts/").status_code == 302  # anonymous visitors sign in
    assert snapshot(world) == before


def test_read_only_roles_see_no_write_controls_and_get_403(client_for, world, rules, frozen):
    booking = book(world, rules)
    for user in (world.pm, world.viewer):
        client = client_for(user)
        round_page = client.get(f"/rounds/{rules.round_id}/booking/").text
        assert "Save rules" not in round_page and "Add a question" not in round_page
        assert "Send booking invitations" not in round_page and "Designer" not in round_page
        assert "Duration" in round_page and "45 min" in round_page  # the rules, read-only
        detail = client.get(f"/bookings/{booking.pk}/").text
        assert "Designer" in detail and "Mark completed" not in detail and "Cancel the call" not in detail
        host_page = client.get(f"/hosts/{world.owner.pk}/").text
        assert "Save hours" not in host_page and "Rotate" not in host_page and "Europe/Berlin" in host_page
        requests = write_requests(world, rules, booking)
        before = snapshot(world)
        for url, data in requests:
            assert client.post(url, data).status_code == 403, (user.email, url)
        assert snapshot(world) == before


def test_a_host_sets_hours_overrides_and_rotates_the_feed(client_for, world, frozen):
    client = client_for(world.researcher)
    page = client.get("/hosts/")
    assert "Your hours" in page.text and "Save hours" in page.text
    response = client.post(f"/hosts/{world.researcher.pk}/hours/", {
        "timezone": "America/New_York", "meeting_url": "meet.example.com/res",
        "day_0": "9:00-12:00, 13:00-17:30", "day_2": "8-10"})  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        schedule = HostSchedule.objects.get(user=world.researcher)
        hours = [str(h) for h in schedule.weekly_hours.all()]
    assert schedule.timezone == "America/New_York" and schedule.meeting_url == "https://meet.example.com/res"
    assert hours == ["Monday 09:00-12:00", "Monday 13:00-17:30", "Wednesday 08:00-10:00"]
    page = client.get("/hosts/")
    assert 'value="09:00-12:00, 13:00-17:30"' in page.text
    assert f"/calendar/{schedule.feed_token}.ics" in page.text

    bad = client.post(f"/hosts/{world.researcher.pk}/hours/", {"timezone": "America/New_York",
                      "day_0": "9:00-12:00, 11:00-13:00", "day_1": "17-9", "day_3": "lunch"})  # fmt: skip
    assert bad.status_code == 400
    for message in [
        "The ranges overlap.",
        "“17-9” must end after it starts.",
        "“lunch” is not a range like 9:00-12:30.",
    ]:
        assert message in bad.text
    bad_zone = client.post(f"/hosts/{world.researcher.pk}/hours/", {"timezone": "Europe/Atlantis", "day_0": "9-17"})
    assert bad_zone.status_code == 400 and "Choose a time zone from the list." in bad_zone.text
    with schema_context(world.acme.schema_name):
        assert [str(h) for h in schedule.weekly_hours.all()] == hours

    assert client.post(f"/hosts/{world.researcher.pk}/overrides/", {"date": "2030-03-05"}).status_code == 302
    extra = {"date": "2030-03-09", "start": "10:00", "end": "12:00"}
    assert client.post(f"/hosts/{world.researcher.pk}/overrides/", extra).status_code == 302
    half = client.post(f"/hosts/{world.researcher.pk}/overrides/", {"date": "2030-03-10", "start": "10:00"})
    assert half.status_code == 400 and "Give both times, or neither for a day off." in half.text
    page = client.get("/hosts/")
    assert "Tue 5 Mar 2030</strong>:\n            day off" in page.text and "10:00\u201312:00" in page.text
    with schema_context(world.acme.schema_name):
        day_off = DateOverride.objects.get(schedule=schedule, date="2030-03-05")
    assert client.post(f"/hosts/{world.researcher.pk}/overrides/{day_off.pk}/delete/").status_code == 302

    assert client.post(f"/hosts/{world.researcher.pk}/feed/rotate/").status_code == 302
    with schema_context(world.acme.schema_name):
        assert HostSchedule.objects.get(user=world.researcher).feed_token != schedule.feed_token
        assert list(DateOverride.objects.filter(schedule=schedule).values_list("date", flat=True)) == [
            datetime(2030, 3, 9).date()
        ]


def test_owners_edit_other_hosts_and_researchers_only_their_own(client_for, world, frozen):
    owner = client_for(world.owner)
    assert (
        owner.post(f"/hosts/{world.researcher.pk}/hours/", {"timezone": "Asia/Kolkata", "day_4": "10-14"}).status_code
        == 302
    )
    page = owner.get(f"/hosts/{world.researcher.pk}/")
    assert "Hours of" in page.text and "Save hours" in page.text
    with schema_context(world.acme.schema_name):
        schedule = HostSchedule.objects.get(user=world.researcher)
    assert schedule.feed_token not in page.text  # the feed address is the host's own secret
    assert owner.post(f"/hosts/{world.researcher.pk}/feed/rotate/").status_code == 302
    researcher = client_for(world.researcher)
    assert researcher.post(f"/hosts/{world.owner.pk}/hours/", {"timezone": "UTC", "day_0": "9-17"}).status_code == 403
    assert "Save hours" not in researcher.get(f"/hosts/{world.owner.pk}/").text
    assert owner.get(f"/hosts/{world.outsider.pk}/").status_code == 404  # not a member of acme


def test_round_rules_questions_and_the_public_link(client_for, world, rules, frozen):
    client = client_for(world.researcher)
    page = client.get(f"/rounds/{rules.round_id}/booking/")
    assert f"/book/{rules.public_token}/" in page.text and "Save rules" in page.text

    bad = client.post(f"/rounds/{rules.round_id}/booking/rules/", rules_data(
        world, duration_minutes=0, reminder_offsets="soon", hosts=[world.outsider.pk]))  # fmt: skip
    assert bad.status_code == 400
    for message in ["Ensure this value is greater than or equal to 5.", "Give whole minutes, comma-separated",
                    f"Select a valid choice. {world.outsider.pk} is not one of the available choices."]:  # fmt: skip
        assert message in bad.text
    assert client.post(f"/rounds/{rules.round_id}/booking/rules/", rules_data(world)).status_code == 302
    with schema_context(world.acme.schema_name):
        saved = BookingRules.objects.get(pk=rules.pk)
        assert (saved.duration_minutes, saved.buffer_before_minutes, saved.buffer_after_minutes) == (60, 5, 10)
        assert (saved.min_notice_hours, saved.horizon_days, saved.max_per_host_per_day) == (24, 21, 3)
        assert (saved.location, saved.assignment, saved.min_change_notice_hours) == ("Room 4, Berlin office",
                                                                                     "round_robin", 12)  # fmt: skip
        assert (saved.max_reschedules, saved.reminder_offsets_minutes, saved.bookings_per_participant) == (
            1, [1440, 60], 2)  # fmt: skip
        assert set(saved.hosts.values_list("pk", flat=True)) == {world.owner.pk, world.researcher.pk}
    page = client.get(f"/rounds/{rules.round_id}/booking/")
    assert "No weekly hours yet:" in page.text  # the researcher was made a host without hours

    assert client.post(f"/rounds/{rules.round_id}/booking/rotate/").status_code == 302
    with schema_context(world.acme.schema_name):
        token = BookingRules.objects.get(pk=rules.pk).public_token
    assert token != rules.public_token and client.get(f"/book/{rules.public_token}/").status_code == 404
    assert f"/book/{token}/" in client.get(f"/rounds/{rules.round_id}/booking/").text

    closed = client.post(f"/rounds/{rules.round_id}/booking/rules/", rules_data(world, is_public=""))
    assert closed.status_code == 302
    assert "Closed: only participants with a personal invitation can book." in client.get(
        f"/rounds/{rules.round_id}/booking/").text  # fmt: skip

    url = f"/rounds/{rules.round_id}/booking/questions/"
    one_choice = client.post(url, {"label": "Plan?", "kind": "choice", "choices": "Free"})
    assert one_choice.status_code == 400 and "A choice question needs at least two choices." in one_choice.text
    assert (
        client.post(url, {"label": "Plan?", "kind": "choice", "choices": "Free\nPro\n", "required": "on"}).status_code
        == 302
    )
    with schema_context(world.acme.schema_name):
        labels = BookingQuestion.objects.filter(rules=rules).order_by("order").values_list("label", flat=True)
        assert list(labels) == ["Your role?", "Team size", "Plan?"]
        plan = BookingQuestion.objects.get(label="Plan?")
        assert plan.choices == ["Free", "Pro"] and plan.required
    edit = f"/booking-questions/{plan.pk}/edit/"
    assert "Free\nPro" in client.get(edit).text
    assert client.post(edit, {"label": "", "kind": "text"}).status_code == 400
    assert (
        client.post(edit, {"label": "Which plan?", "kind": "choice", "choices": "Free\nPro\nEnterprise"}).status_code
        == 302
    )
    assert client.post(f"/booking-questions/{plan.pk}/move/", {"direction": "up"}).status_code == 302
    with schema_context(world.acme.schema_name):
        ordered = list(BookingQuestion.objects.filter(rules=rules).order_by("order").values_list("label", flat=True))
        assert ordered == ["Your role?", "Which plan?", "Team size"]
    assert client.post(f"/booking-questions/{plan.pk}/delete/").status_code == 302
    with schema_context(world.acme.schema_name):
        ordered = list(BookingQuestion.objects.filter(rules=rules).order_by("order").values_list("label", "order"))
        assert ordered == [("Your role?", 1), ("Team size", 2)]


def test_a_sync_round_without_rules_yet_and_async_rounds(client_for, world, frozen):
    with schema_context(world.acme.schema_name):
        fresh = RoundFactory(kind="sync")
        async_round = RoundFactory(kind="async")
    client = client_for(world.owner)
    page = client.get(f"/rounds/{fresh.pk}/booking/")
    assert page.status_code == 200 and "Booking is not set up for this round yet." in page.text
    assert client.post(f"/rounds/{fresh.pk}/booking/questions/", {"label": "Role?", "kind": "text"}).status_code == 302
    with schema_context(world.acme.schema_name):
        assert BookingRules.objects.get(round=fresh).questions.count() == 1
    assert client.get(f"/rounds/{async_round.pk}/booking/").status_code == 404
    assert client.post(f"/rounds/{async_round.pk}/booking/rules/", rules_data(world)).status_code == 404


def test_round_page_lists_calls_by_day_in_the_viewers_zone_with_the_funnel(client_for, world, rules, frozen):
    first = book(world, rules, hour=15, email="ana@example.com")  # Monday 16:00 in Berlin, Tuesday 00:00 in Tokyo
    book(world, rules, hour=8, email="ben@example.com", day=NOW.date() + timedelta(days=1))  # Tuesday 09:00 Berlin
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(email="cho@example.com")
        services.booking_invite_create(round=rules.round, participant=person, actor=world.owner)
        schedules.host_schedule_save(user=world.researcher, actor=None, timezone_name="Asia/Tokyo")
    text = client_for(world.owner).get(f"/rounds/{rules.round_id}/booking/").text  # the owner hosts in Berlin
    assert "times in Europe/Berlin" in text
    monday, tuesday = text.index("Monday 4 March 2030"), text.index("Tuesday 5 March 2030")
    assert monday < text.index("16:00\u201316:45") < tuesday < text.index("09:00\u201309:45")
    assert f"/bookings/{first.pk}/" in text
    assert '<div class="muted">Invited</div><div class="stat">1</div>' in text
    assert '<div class="muted">Booked</div><div class="stat">2</div>' in text
    text = client_for(world.researcher).get(f"/rounds/{rules.round_id}/booking/").text
    assert "times in Asia/Tokyo" in text and "Monday 4 March 2030" not in text
    assert text.index("Tuesday 5 March 2030") < text.index("00:00\u201300:45") < text.index("17:00\u201317:45")
    # A member without hours sees UTC.
    assert "times in UTC" in client_for(world.viewer).get(f"/rounds/{rules.round_id}/booking/").text
    frozen.move_to(NOW + timedelta(days=1, hours=3))  # Tuesday 10:00 UTC: both calls are over
    text = client_for(world.owner).get(f"/rounds/{rules.round_id}/booking/").text
    assert "No calls booked yet." in text and "Past calls" in text and text.count("To mark") == 2


def test_personal_invitations_with_refusals(client_for, world, rules, frozen):
    with schema_context(world.acme.schema_name):
        ok = ParticipantFactory(email="ok@example.com")
        quiet = ParticipantFactory(email="quiet@example.com", do_not_contact=True)
    client = client_for(world.researcher)
    page = client.get(f"/rounds/{rules.round_id}/booking/")
    assert "quiet@example.com · Europe/Berlin · " in page.text and "asked not to be contacted" in page.text
    response = client.post(f"/rounds/{rules.round_id}/booking/invite/", {"participants": [ok.pk, quiet.pk]},
                           follow=True)  # fmt: skip
    assert "Sent 1 booking invitation." in response.text
    assert "quiet@example.com: " in response.text and "asked not to be contacted" in response.text
    empty = client.post(f"/rounds/{rules.round_id}/booking/invite/", {})
    assert empty.status_code == 400 and "Select at least one participant." in empty.text
    with schema_context(world.acme.schema_name):
        assert list(BookingInvite.objects.values_list("participant__email", flat=True)) == ["ok@example.com"]


def test_booking_detail_marks_completed_or_no_show_and_cancels(client_for, world, rules, frozen):
    booking = book(world, rules, hour=9)
    client = client_for(world.researcher)
    page = client.get(f"/bookings/{booking.pk}/")
    assert "Designer" in page.text and "Your role?" in page.text and "mia@example.com" in page.text
    assert 'id="transcript"' in page.text  # the transcript section and its upload
    early = client.post(f"/bookings/{booking.pk}/mark/", {"status": "no_show"})
    assert early.status_code == 400 and "The call has not started yet." in early.text
    bogus = client.post(f"/bookings/{booking.pk}/mark/", {"status": "cancelled"})
    assert bogus.status_code == 400

    frozen.move_to(NOW + timedelta(hours=3))
    assert client.post(f"/bookings/{booking.pk}/mark/", {"status": "no_show"}).status_code == 302
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert booking.status == BookingStatus.NO_SHOW
        assert ContactEvent.objects.filter(participant=booking.participant, note__startswith="No-show").exists()
    page = client.get(f"/bookings/{booking.pk}/")
    assert "No-show" in page.text and "Mark completed" in page.text and "Mark no-show" not in page.text
    assert "No-show for the call" in client.get(f"/participants/{booking.participant_id}/").text
    assert client.post(f"/bookings/{booking.pk}/mark/", {"status": "completed"}).status_code == 302

    later = book(world, rules, hour=14, email="sam@example.com")
    cancelled = client.post(f"/bookings/{later.pk}/cancel/", {"reason": "Host is ill"}, follow=True)
    assert "Booking cancelled" in cancelled.text and "Host is ill" in cancelled.text
    with schema_context(world.acme.schema_name):
        later.refresh_from_db()
        assert later.status == BookingStatus.CANCELLED


def _extra_bookings(world, rules, count):
    with schema_context(world.acme.schema_name):
        start = datetime(2030, 3, 5, 8, 0, tzinfo=UTC)
        for i in range(count):
            person = ParticipantFactory()
            at = start + timedelta(hours=i)
            Booking.objects.create(round=rules.round, host=world.owner, participant=person, start=at,
                                   end=at + timedelta(minutes=45), answers={"Your role?": "PM"})  # fmt: skip


@pytest.mark.parametrize("count", [1, 20])
def test_round_booking_page_query_budget(
    client_for, world, rules, frozen, django_assert_max_num_queries, count, report
):
    _extra_bookings(world, rules, count)
    frozen.move_to(datetime(2030, 3, 5, 8, 50, tzinfo=UTC))  # the first call is over, the others upcoming
    client = client_for(world.owner)
    with django_assert_max_num_queries(46) as queries:
        page = client.get(f"/rounds/{rules.round_id}/booking/")
    report(f"round booking page: {len(queries)} queries with {count} booking(s)")
    assert page.text.count("/bookings/") == count and page.text.count("To mark") == 1


@pytest.mark.parametrize("count", [1, 20])
def test_hosts_page_query_budget(client_for, world, rules, frozen, django_assert_max_num_queries, count, report):
    _extra_bookings(world, rules, count)
    with schema_context(world.acme.schema_name):
        schedule = HostSchedule.objects.get(user=world.owner)
        for i in range(count):
            DateOverride.objects.create(schedule=schedule, date=NOW.date() + timedelta(days=i + 1))
    for i in range(count):
        user = User.objects.create_user(email=f"host{i}@acme.test", password="x")
        Membership.objects.create(user=user, workspace=world.acme, role="researcher")
        with schema_context(world.acme.schema_name):
            schedules.host_schedule_save(
                user=user, actor=None, timezone_name="UTC", weekly_hours=[(0, "09:00", "12:00")]
            )
    client = client_for(world.owner)
    with django_assert_max_num_queries(30) as queries:
        page = client.get("/hosts/")
    report(f"hosts page: {len(queries)} queries with {count} booking(s), override(s) and extra host(s)")
    assert page.text.count('class="override"') == count and page.text.count("host@acme.test") == 0
    assert all(f"host{i}@acme.test" in page.text for i in range(count))
