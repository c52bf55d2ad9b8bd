"""The hand-off: invite chosen people of an async round to book the sync round, under the contact rules, from the
shortlist page and through `POST /api/v1/rounds/{id}/handoff/` (idempotent)."""

import pytest
from django_tenants.utils import schema_context

from interviews.models import BookingInvite, Handoff, Session
from outbox.models import Email
from studies.models import ContactKind, Participant
from studies.participants.contact_rules import contact_record
from tests.interviews.funnel import RICH, THIN, funnel, interview
from tests.studies.factories import ParticipantFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    with schema_context(world.acme.schema_name):
        first, second = funnel(host=world.owner)
        good = interview(first, participant=True, answers=RICH)
        other = interview(first, participant=True, answers=THIN)
        return first, second, good, other


def _counts(world):
    with schema_context(world.acme.schema_name):
        return Handoff.objects.count(), BookingInvite.objects.count(), Email.objects.count()


def test_the_api_invites_and_refuses_with_codes(world, setup, api_for, django_capture_on_commit_callbacks):
    first, second, good, other = setup
    with schema_context(world.acme.schema_name):
        Participant.objects.filter(pk=other.participant_id).update(do_not_contact=True)
        cooling = interview(first, participant=True, answers=RICH, opt_in=False)
        contact_record(participant=cooling.participant, kind=ContactKind.INVITATION, channel="async")
        anonymous = interview(first, answers=RICH)
    body = {"to_round": second.pk, "sessions": [good.pk, other.pk, cooling.pk, anonymous.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(role="researcher").post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json")
    assert response.status_code == 200
    answer = response.json()
    assert [(i["session"], i["participant"]) for i in answer["invited"]] == [(good.pk, good.participant_id)]
    assert "/book/i/" in answer["invited"][0]["invite_url"]
    assert {(r["session"], r["code"]) for r in answer["refused"]} == {
        (other.pk, "do_not_contact"), (cooling.pk, "cooldown"), (anonymous.pk, "no_consent")}  # fmt: skip
    assert all(r["reason"] for r in answer["refused"])
    with schema_context(world.acme.schema_name):
        handoff = Handoff.objects.get()
        assert (handoff.session_id, handoff.to_round_id, handoff.invite.participant_id) == (
            good.pk, second.pk, good.participant_id)  # fmt: skip
        assert Email.objects.filter(template="booking-invitation", to=good.participant.email).count() == 1
    again = api_for(role="researcher").post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json").json()
    assert {r["code"] for r in again["refused"] if r["session"] == good.pk} == {"already_invited"}


def test_the_same_idempotency_key_replays_the_answer_and_sends_one_email(world, setup, api_for):
    first, second, good, _ = setup
    api = api_for(role="researcher")
    body = {"to_round": second.pk, "sessions": [good.pk]}
    headers = {"HTTP_IDEMPOTENCY_KEY": "handoff-1"}
    one = api.post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json", **headers)
    two = api.post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json", **headers)
    assert one.status_code == two.status_code == 200 and one.json() == two.json() and one.json()["invited"]
    with schema_context(world.acme.schema_name):
        assert Email.objects.filter(template="booking-invitation").count() == 1
    other = api.post(f"/api/v1/rounds/{first.pk}/handoff/", {**body, "sessions": [good.pk, good.pk + 999]},
                     format="json", **headers)  # fmt: skip
    assert other.status_code == 422


def test_bad_requests_get_400_with_a_field_and_write_nothing(world, setup, api_for):
    first, second, good, _ = setup
    with schema_context(world.acme.schema_name):
        elsewhere, _ = funnel(host=world.owner)
        foreign = interview(elsewhere, participant=True, answers=RICH)
        other_study_sync = RoundFactory(kind="sync")
    api, url = api_for(role="researcher"), f"/api/v1/rounds/{first.pk}/handoff/"
    before = _counts(world)
    cases = [
        ({"to_round": second.pk, "sessions": [999999]}, "sessions"),
        ({"to_round": second.pk, "sessions": [good.pk, foreign.pk]}, "sessions"),
        ({"to_round": first.pk, "sessions": [good.pk]}, "to_round"),
        ({"to_round": other_study_sync.pk, "sessions": [good.pk]}, "to_round"),
        ({"to_round": 999999, "sessions": [good.pk]}, "to_round"),
        ({"to_round": second.pk, "sessions": []}, "sessions"),
    ]
    for body, field in cases:
        response = api.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    assert _counts(world) == before


def test_roles_and_outsiders(world, setup, api_for):
    first, second, good, _ = setup
    body = {"to_round": second.pk, "sessions": [good.pk]}
    for role in ("viewer", "pm"):
        assert api_for(role=role).post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json").status_code == 403
    outsider = api_for(user=world.outsider)
    assert outsider.post(f"/api/v1/rounds/{first.pk}/handoff/", body, format="json").status_code == 404
    assert api_for(role="researcher").post("/api/v1/rounds/999999/handoff/", body, format="json").status_code == 404
    assert _counts(world)[0] == 0


def test_the_shortlist_page_invites_the_ticked_people_and_shows_who_was_refused(world, setup, client_for):
    first, _, good, other = setup
    with schema_context(world.acme.schema_name):
        # Refused after the page was drawn: they asked not to be contacted meanwhile.
        late = interview(first, participant=ParticipantFactory(consent_to_contact=True), answers=RICH)
    client = client_for(world.researcher)
    page = client.get(f"/rounds/{first.pk}/shortlist/")
    assert f'value="{late.pk}"' in page.text and "Invite to book" in page.text
    with schema_context(world.acme.schema_name):
        Participant.objects.filter(pk=late.participant_id).update(do_not_contact=True)
    response = client.post(f"/rounds/{first.pk}/shortlist/invite/", {"sessions": [good.pk, other.pk]})
    assert response.status_code == 200 and "Invited 2" in response.text
    assert client.post(f"/rounds/{first.pk}/shortlist/invite/", {"sessions": [late.pk]}).status_code == 400
    assert client.post(f"/rounds/{first.pk}/shortlist/invite/", {}).status_code == 400
    with schema_context(world.acme.schema_name):
        assert set(Handoff.objects.values_list("session_id", flat=True)) == {good.pk, other.pk}
    # Invited people leave the list.
    assert f'value="{good.pk}"' not in client.get(f"/rounds/{first.pk}/shortlist/").text


def test_a_cooldown_refusal_is_listed_on_the_page(world, setup, client_for):
    first, second, good, _ = setup
    client = client_for(world.researcher)
    client.get(f"/rounds/{first.pk}/shortlist/")
    with schema_context(world.acme.schema_name):
        Session.objects.filter(pk=good.pk).update(followup_opt_in_at=None)  # consented once, did not ask for a call
        good.refresh_from_db()
        contact_record(participant=good.participant, kind=ContactKind.INVITATION, channel="async")
    # The form was drawn before the invitation elsewhere: the service refuses, the page says why.
    from synthesis.shortlist import selectors

    with schema_context(world.acme.schema_name):
        listed = selectors.shortlist(first)
    assert [r.waiting for r in listed.rows if r.session.pk == good.pk] == [True]
    with schema_context(world.acme.schema_name):
        from interviews.booking.handoffs import handoff_create

        result = handoff_create(from_round=first, to_round=second, sessions=[good], actor=world.researcher)
    assert [(s.pk, code) for s, _, code in result.refused] == [(good.pk, "cooldown")]


def test_an_opt_in_to_a_follow_up_call_lifts_the_invitation_cooldown(world, setup):
    from interviews.booking.handoffs import handoff_create

    first, second, good, _ = setup  # good opted in to a follow-up call at the end of the interview
    with schema_context(world.acme.schema_name):
        contact_record(participant=good.participant, kind=ContactKind.INVITATION, channel="async")
        result = handoff_create(from_round=first, to_round=second, sessions=[good], actor=world.researcher)
        assert [s.pk for s, _ in result.invited] == [good.pk] and not result.refused
        # Do-not-contact still wins over the request.
        other = interview(first, participant=True, answers=RICH)
        Participant.objects.filter(pk=other.participant_id).update(do_not_contact=True)
        other.refresh_from_db()
        refused = handoff_create(from_round=first, to_round=second, sessions=[other], actor=world.researcher).refused
        assert [(s.pk, code) for s, _, code in refused] == [(other.pk, "do_not_contact")]


def test_planning_next_deep_dives_from_the_round_page(world, setup, client_for):
    first, _, _, _ = setup
    client = client_for(world.researcher)
    page = client.get(f"/rounds/{first.pk}/interviews/")
    assert "Plan next deep dives" in page.text
    bad = client.post(f"/rounds/{first.pk}/interviews/episodes/", {"purpose": "Q3", "target_participants": "0"})
    assert bad.status_code == 400
    form = {"purpose": "Q3 deep dives", "target_participants": "6", "starts_on": "2030-07-01", "ends_on": "2030-07-31"}
    response = client.post(f"/rounds/{first.pk}/interviews/episodes/", form)
    assert response.status_code == 302 and response["Location"] == f"/rounds/{first.pk}/shortlist/"
    with schema_context(world.acme.schema_name):
        episode = first.fed_rounds.get()
        assert (episode.kind, episode.purpose, episode.study_id, str(episode.starts_on)) == (
            "sync", "Q3 deep dives", first.study_id, "2030-07-01")  # fmt: skip
        assert episode.booking_rules.hosts.exists()
    assert "Shortlist for round" in client.get(response["Location"]).text
    assert client_for(world.viewer).post(f"/rounds/{first.pk}/interviews/episodes/", {}).status_code == 403
    assert client_for(world.outsider).post(f"/rounds/{first.pk}/interviews/episodes/", {}).status_code == 404
