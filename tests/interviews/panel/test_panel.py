"""The panel's actions in interviews: invite a segment to a round (contact rules, refusals listed), rate a call,
and the opt-out link every email to a participant carries."""

import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.booking.services import booking_invite_create
from interviews.models import Booking, BookingInvite, BookingStatus, InterviewLink, LinkKind
from interviews.optout.services import opt_out_token
from outbox.models import Email
from outbox.services import email_queue
from studies.models import ChangeSource, ContactEvent, ContactKind, ParticipantChange, ParticipantRating, Segment
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import async_round_with_guide, sync_round_with_rules
from tests.studies.factories import ParticipantFactory


def _team_segment():
    """Three on the team plan: Ana may be invited, Bo asked not to be contacted, Cy was invited 3 days ago (the
    default cooldown is 30 days); and Dee on the free plan, outside the segment."""
    ana = ParticipantFactory(name="Ana", attributes={"plan": "team"})
    bo = ParticipantFactory(name="Bo", attributes={"plan": "team"}, do_not_contact=True)
    cy = ParticipantFactory(name="Cy", attributes={"plan": "team"})
    ParticipantFactory(name="Dee", attributes={"plan": "free"})
    ContactEvent.objects.create(participant=cy, kind=ContactKind.INVITATION, channel="async",
                                occurred_at=timezone.now() - timedelta(days=3))  # fmt: skip
    return Segment.objects.create(name="Team plan", filters={"attributes": {"plan": "team"}}), ana, bo, cy


def test_a_segment_is_invited_to_an_async_round_in_one_action_with_refusals_listed(client_for, world):
    with schema_context(world.acme.schema_name):
        segment, ana, _bo, _cy = _team_segment()
        round_ = async_round_with_guide(questions=1)
    response = client_for(world.researcher).post(f"/participants/segments/{segment.pk}/invite/", {"round": round_.pk})
    assert response.status_code == 200
    assert "Invited 1 participant; the contact rules refused 2." in response.text
    refused = response.text[response.text.index('id="refused"') :]
    assert "Bo" in refused and "asked not to be contacted" in refused
    assert "Cy" in refused and "Invited 3 days ago" in refused
    with schema_context(world.acme.schema_name):
        assert list(InterviewLink.objects.filter(round=round_, kind=LinkKind.PERSONAL).values_list(
            "participant__name", flat=True)) == ["Ana"]  # fmt: skip
        assert list(Email.objects.filter(template="interview-invitation").values_list("to", flat=True)) == [ana.email]


def test_a_segment_is_invited_to_a_sync_round_and_a_closed_round_is_refused(client_for, world):
    with schema_context(world.acme.schema_name):
        segment, ana, *_ = _team_segment()
        rules = sync_round_with_rules(hosts=[world.researcher], hours=("09:00", "17:00"))
        closed = async_round_with_guide(questions=1, status="closed")
    client = client_for(world.researcher)
    response = client.post(f"/participants/segments/{segment.pk}/invite/", {"round": rules.round_id})
    assert "Invited 1 participant; the contact rules refused 2." in response.text
    with schema_context(world.acme.schema_name):
        assert BookingInvite.objects.get().participant == ana
    response = client.post(f"/participants/segments/{segment.pk}/invite/", {"round": closed.pk})
    assert response.status_code == 400 and "This round is closed" in response.text
    assert client.post(f"/participants/segments/{segment.pk}/invite/", {"round": "x"}).status_code == 400


def test_only_writers_invite_a_segment_and_outsiders_get_404(client_for, world):
    with schema_context(world.acme.schema_name):
        segment, *_ = _team_segment()
        round_ = async_round_with_guide(questions=1)
        # Only this test's emails: browser tests commit theirs in acme through a live server.
        last_email = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for persona in (world.viewer, world.pm):
        assert client_for(persona).post(f"/participants/segments/{segment.pk}/invite/",
                                        {"round": round_.pk}).status_code == 403  # fmt: skip
    outsider = client_for(world.outsider, host=GLOBEX_HOST)
    assert outsider.post(f"/participants/segments/{segment.pk}/invite/", {"round": round_.pk}).status_code == 404
    with schema_context(world.acme.schema_name):
        assert not Email.objects.filter(pk__gt=last_email).exists()


def _past_call(world, status=BookingStatus.COMPLETED, day=5):
    rules = sync_round_with_rules(hosts=[world.researcher])
    start = datetime(2026, 1, day, 14, tzinfo=UTC)
    return Booking.objects.create(round=rules.round, host=world.researcher, participant=ParticipantFactory(name="Ana"),
                                  start=start, end=start + timedelta(hours=1), status=status)  # fmt: skip


def test_a_completed_call_is_rated_for_the_team_and_rating_again_changes_it(client_for, world):
    with schema_context(world.acme.schema_name):
        booking = _past_call(world)
        pending = _past_call(world, status=BookingStatus.BOOKED, day=6)
    client = client_for(world.researcher)
    assert 'id="rating-form"' in client.get(f"/bookings/{booking.pk}/").text
    client.post(f"/bookings/{booking.pk}/rating/", {"rating": "2", "note": "Late and distracted"})
    client.post(f"/bookings/{booking.pk}/rating/", {"rating": "4", "note": "Good once we started"})
    assert client.post(f"/bookings/{booking.pk}/rating/", {"rating": "9"}, follow=True).text.count("Pick a rating")
    client.post(f"/bookings/{pending.pk}/rating/", {"rating": "3"})
    with schema_context(world.acme.schema_name):
        rating = ParticipantRating.objects.get()
        assert (rating.rating, rating.note, rating.rated_by) == (4, "Good once we started", world.researcher)
    assert client_for(world.viewer).post(f"/bookings/{booking.pk}/rating/", {"rating": "1"}).status_code == 403
    outsider = client_for(world.outsider, host=GLOBEX_HOST)
    assert outsider.post(f"/bookings/{booking.pk}/rating/", {"rating": "1"}).status_code == 404
    page = client.get(f"/participants/{booking.participant_id}/").text
    assert "4/5" in page and "Good once we started" in page


def test_no_shows_are_counted_on_the_participant_page(client_for, world):
    with schema_context(world.acme.schema_name):
        booking = _past_call(world, status=BookingStatus.NO_SHOW)
    page = client_for(world.researcher).get(f"/participants/{booking.participant_id}/").text
    assert "1 no-show" in page and "5 Jan 2026" in page[page.index('id="no-shows"') :]


def _opt_out_link(body: str) -> str:
    return re.search(r"http://acme\.localhost(:\d+)?/opt-out/[^\s\"/]+/", body).group(0)


def test_every_participant_email_has_an_opt_out_link_that_works_without_signing_in(client_for, world):
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.researcher])
        person = ParticipantFactory(name="Ana", locale="de")
        booking_invite_create(round=rules.round, participant=person, actor=world.researcher)
        email = Email.objects.get(template="booking-invitation")
    assert "Abmelden" in email.body_html and "nicht mehr von" in email.body_text  # in their language
    link = _opt_out_link(email.body_text)
    assert link in email.body_html
    anonymous = client_for(None)
    path = "/opt-out/" + link.split("/opt-out/")[1]
    asking = anonymous.get(path)  # a mail scanner following the link opts nobody out
    assert asking.status_code == 200 and "Ja, bitte nicht mehr kontaktieren" in asking.text
    with schema_context(world.acme.schema_name):
        person.refresh_from_db()
        assert not person.do_not_contact
    done = anonymous.post(path)
    assert done.status_code == 200 and 'id="opted-out"' in done.text
    with schema_context(world.acme.schema_name):
        person.refresh_from_db()
        assert person.do_not_contact
        change = ParticipantChange.objects.filter(participant=person, do_not_contact=True).get()
        assert (change.source, change.actor) == (ChangeSource.OPT_OUT, None)
    assert anonymous.post(path).status_code == 200  # twice is harmless


def test_an_opt_out_token_works_only_in_its_own_workspace_and_cannot_be_forged(client_for, world):
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory()
        token = opt_out_token(person)
    with schema_context(world.globex.schema_name):
        ParticipantFactory(email=person.email)  # same pk range, another workspace
    assert client_for(None, host=GLOBEX_HOST).post(f"/opt-out/{token}/").status_code == 404
    assert client_for(None).post(f"/opt-out/{token[:-2]}xx/").status_code == 404
    with schema_context(world.globex.schema_name):
        assert not type(person).objects.filter(do_not_contact=True).exists()


def test_an_email_to_someone_outside_the_panel_carries_no_opt_out_link(world):
    with schema_context(world.acme.schema_name):
        ParticipantFactory(email="ana@example.com")
        for to in ("ana@example.com", "stranger@example.com"):
            email_queue(template="screening-declined", to=to, context={"workspace_name": "Acme", "message": "Thanks"})
        emails = dict(Email.objects.values_list("to", "body_text"))
    assert "/opt-out/" in emails["ana@example.com"] and "/opt-out/" not in emails["stranger@example.com"]


def test_a_segment_is_invited_over_the_api_with_refusals_named(api_for, world):
    from workspaces.models import Role

    with schema_context(world.acme.schema_name):
        segment, ana, bo, _cy = _team_segment()
        round_ = async_round_with_guide(questions=1)
    answer = api_for(role=Role.RESEARCHER).post(f"/api/v1/segments/{segment.pk}/invite/", {"round": round_.pk},
                                                format="json")  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body["invited"] == [ana.pk] and len(body["refused"]) == 2
    assert {"participant": bo.pk, "email": bo.email, "reason": "Bo asked not to be contacted."} in body["refused"]
    assert api_for(role=Role.PM).post(f"/api/v1/segments/{segment.pk}/invite/", {"round": round_.pk},
                                      format="json").status_code == 403  # fmt: skip
    outsider = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert outsider.post(f"/api/v1/segments/{segment.pk}/invite/", {"round": round_.pk},
                         format="json").status_code == 404  # fmt: skip
    missing = api_for(role=Role.OWNER).post(f"/api/v1/segments/{segment.pk}/invite/", {"round": 0}, format="json")
    assert missing.status_code == 400 and "round" in missing.json()
