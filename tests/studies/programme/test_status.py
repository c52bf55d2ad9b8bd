"""Where a study stands: rounds go live with their first link, invitation, session or booking (once), close at
their end date or by hand (page and API), and the study follows its rounds; people may still move it by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_tenants.utils import schema_context

from interviews.booking import services as booking_services
from interviews.links import services as link_services
from interviews.models import LinkKind, Session
from studies.models import Round, RoundStatus, Study, StudyStatus
from studies.programme import services
from studies.programme.tasks import close_ended_rounds_all_workspaces
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import LinkFactory, async_round_with_guide, sync_round_with_rules
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from workspaces.models import Role

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)  # a Friday
MONDAY_10 = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        yield world


def fresh(obj):
    obj.refresh_from_db()
    return obj


def test_creating_an_open_link_makes_the_round_and_study_live_once(acme):
    round_ = async_round_with_guide()
    assert (round_.status, round_.study.status) == (RoundStatus.PLANNED, StudyStatus.DRAFT)
    link_services.link_create(round=round_, actor=acme.researcher)
    round_ = fresh(round_)
    assert round_.status == RoundStatus.LIVE and round_.live_at == NOW
    assert fresh(round_.study).status == StudyStatus.RUNNING
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        link_services.link_create(round=round_, actor=acme.researcher)
    assert fresh(round_).live_at == NOW  # the first link's time, kept


def test_a_link_opening_later_makes_the_round_live_with_its_first_session(acme):
    round_ = async_round_with_guide()
    link = link_services.link_create(round=round_, actor=None, opens_at=NOW + timedelta(days=1))
    assert fresh(round_).status == RoundStatus.PLANNED
    with time_machine.travel(NOW + timedelta(days=1, hours=1), tick=False):
        link_services.session_start(link=link)
    assert fresh(round_).status == RoundStatus.LIVE and round_.live_at == NOW + timedelta(days=1, hours=1)


def test_an_invitation_makes_the_round_live(acme):
    round_ = async_round_with_guide()
    link_services.invitation_create(round=round_, email="ada@example.com", actor=None, send_email=False)
    assert fresh(round_).status == RoundStatus.LIVE


def test_a_session_on_a_link_made_before_makes_the_round_live(acme):
    round_ = async_round_with_guide()
    link = LinkFactory(round=round_)  # written straight to the table, as an older link was
    link_services.session_start(link=link)
    assert fresh(round_).status == RoundStatus.LIVE


def test_the_first_booking_or_booking_invitation_makes_a_sync_round_live(acme):
    rules = sync_round_with_rules(hosts=[acme.owner], hours=("09:00", "17:00"), duration_minutes=30)
    booking_services.booking_create(
        round=rules.round, start=MONDAY_10, answers={}, actor=acme.researcher,
        participant={"email": "ada@example.com", "name": "Ada", "timezone": "Europe/Berlin"},
    )  # fmt: skip
    assert fresh(rules.round).status == RoundStatus.LIVE and rules.round.live_at == NOW
    other = sync_round_with_rules(hosts=[acme.owner], hours=("09:00", "17:00"))
    booking_services.booking_invite_create(round=other.round, participant=ParticipantFactory(), actor=None)
    assert fresh(other.round).status == RoundStatus.LIVE


def test_a_closed_round_is_never_made_live_again_by_activity(acme):
    round_ = async_round_with_guide()
    services.round_close(round=round_, actor=None)
    with pytest.raises(link_services.InterviewUnavailable):
        link_services.session_start(link=LinkFactory(round=round_))
    link_services.link_create(round=round_, actor=None)
    assert fresh(round_).status == RoundStatus.CLOSED


def test_the_beat_task_closes_live_rounds_after_their_end_date(acme):
    study = StudyFactory(status=StudyStatus.RUNNING)
    ended = RoundFactory(study=study, status=RoundStatus.LIVE, ends_on=date(2030, 2, 28))
    today = RoundFactory(study=study, status=RoundStatus.LIVE, ends_on=date(2030, 3, 1))
    planned = RoundFactory(study=study, ends_on=date(2030, 2, 1))
    assert services.rounds_close_ended() == 1
    assert fresh(ended).status == RoundStatus.CLOSED and ended.closed_at == NOW
    assert fresh(today).status == RoundStatus.LIVE  # its last day is not over
    assert fresh(planned).status == RoundStatus.PLANNED  # never ran: nothing to close
    assert fresh(study).status == StudyStatus.RUNNING
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        close_ended_rounds_all_workspaces()  # what beat runs, from the public schema, in every workspace
    with schema_context(acme.acme.schema_name):
        assert fresh(today).status == RoundStatus.CLOSED
        assert services.rounds_close_ended() == 0


def test_the_study_follows_its_rounds_and_can_still_be_moved_by_hand(acme):
    study = StudyFactory(status=StudyStatus.RECRUITING)
    first, second = RoundFactory(study=study, order=1), RoundFactory(study=study, order=2)
    services.round_go_live(round=first)
    assert fresh(study).status == StudyStatus.RUNNING
    services.round_close(round=first, actor=None)
    assert fresh(study).status == StudyStatus.RUNNING  # the second round has not run yet
    services.round_go_live(round=second)
    services.round_close(round=second, actor=None)
    assert fresh(study).status == StudyStatus.SYNTHESIZING
    services.study_transition(study=study, status=StudyStatus.DONE, actor=None)
    services.round_reopen(round=second, actor=None)
    assert fresh(second).status == RoundStatus.LIVE and second.closed_at is None
    assert fresh(study).status == StudyStatus.DONE  # done is final, whatever the rounds do


def test_manual_steps_still_work_without_rounds(acme):
    study = StudyFactory()
    for status in (StudyStatus.RECRUITING, StudyStatus.RUNNING, StudyStatus.SYNTHESIZING, StudyStatus.RUNNING):
        study = services.study_transition(study=study, status=status, actor=None)
    assert fresh(study).status == StudyStatus.RUNNING


def test_a_round_edited_to_closed_goes_through_the_close(acme):
    study = StudyFactory(status=StudyStatus.RUNNING)
    round_ = RoundFactory(study=study, status=RoundStatus.LIVE, live_at=NOW)
    services.round_update(round=round_, actor=None, status=RoundStatus.CLOSED)
    assert fresh(round_).closed_at == NOW and fresh(study).status == StudyStatus.SYNTHESIZING


# Pages and API -------------------------------------------------------------------------------------------------


def test_a_closed_async_link_refuses_new_sessions_politely_and_lets_started_ones_finish(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=1)
        open_link = LinkFactory(round=round_)
        personal = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=ParticipantFactory())
        started = link_services.session_start(link=personal)
        services.round_close(round=round_, actor=None)
    visitor = Client(HTTP_HOST="acme.localhost")
    page = visitor.get(f"/i/{open_link.token}/")
    assert page.status_code == 410 and "This interview has closed" in page.text
    refused = visitor.post(f"/i/{open_link.token}/", {"consent": "1"})
    assert refused.status_code == 410 and "This interview has closed" in refused.text
    resumed = visitor.get(f"/i/{personal.token}/")
    assert resumed.status_code == 200 and "Tell me about step 1" in resumed.text
    answered = visitor.post(f"/i/{personal.token}/answer/", {"text": "We import a spreadsheet every Monday."})
    assert answered.status_code == 302
    with schema_context(world.acme.schema_name):
        assert Session.objects.filter(round=round_).count() == 1
        assert started.messages.filter(text__contains="spreadsheet").exists()


def test_close_and_reopen_on_the_study_page(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(status=StudyStatus.RUNNING)
        round_ = RoundFactory(study=study, order=1, status=RoundStatus.LIVE, live_at=NOW, target_participants=1)
    client = client_for(world.researcher)
    page = client.get(f"/studies/{study.pk}/")
    assert "Close round" in page.text and "Target reached" not in page.text
    closed = client.post(f"/rounds/{round_.pk}/close/", follow=True)
    assert "Closed round 1" in closed.text and "Reopen" in closed.text
    with schema_context(world.acme.schema_name):
        assert fresh(round_).status == RoundStatus.CLOSED and fresh(study).status == StudyStatus.SYNTHESIZING
    reopened = client.post(f"/rounds/{round_.pk}/reopen/", follow=True)
    assert "it is live again" in reopened.text
    with schema_context(world.acme.schema_name):
        assert fresh(round_).status == RoundStatus.LIVE and fresh(study).status == StudyStatus.RUNNING
    again = client.post(f"/rounds/{round_.pk}/reopen/", follow=True)
    assert "Only a closed round can be reopened" in again.text


@pytest.mark.parametrize("role", ["viewer", "pm"])
def test_read_only_members_cannot_close_or_reopen(client_for, api_for, world, role):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(status=RoundStatus.LIVE)
    client = client_for(getattr(world, role))
    assert client.post(f"/rounds/{round_.pk}/close/").status_code == 403
    assert client.post(f"/rounds/{round_.pk}/reopen/").status_code == 403
    assert "Close round" not in client.get(f"/studies/{round_.study_id}/").text
    api = api_for(role=role)
    assert api.post(f"/api/v1/rounds/{round_.pk}/close/").status_code == 403
    assert api.post(f"/api/v1/rounds/{round_.pk}/reopen/").status_code == 403
    with schema_context(world.acme.schema_name):
        assert fresh(round_).status == RoundStatus.LIVE


def test_outsiders_get_404_on_close_and_reopen(client_for, api_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(status=RoundStatus.LIVE)
    outsider = client_for(world.outsider)
    assert outsider.post(f"/rounds/{round_.pk}/close/").status_code == 404
    assert outsider.post(f"/rounds/{round_.pk}/reopen/").status_code == 404
    api = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    assert api.post(f"/api/v1/rounds/{round_.pk}/close/").status_code == 404
    with schema_context(world.acme.schema_name):
        assert fresh(round_).status == RoundStatus.LIVE


def test_close_and_reopen_through_the_api_show_the_statuses(api_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(status=StudyStatus.RUNNING)
        round_ = RoundFactory(study=study, status=RoundStatus.LIVE, live_at=NOW)
    api = api_for(role=Role.RESEARCHER)
    closed = api.post(f"/api/v1/rounds/{round_.pk}/close/")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"] and closed.json()["live_at"]
    assert api.get(f"/api/v1/studies/{study.pk}/").json()["status"] == "synthesizing"
    reopened = api.post(f"/api/v1/rounds/{round_.pk}/reopen/")
    assert reopened.json()["status"] == "live" and reopened.json()["closed_at"] is None
    assert api.post(f"/api/v1/rounds/{round_.pk}/close/").json()["status"] == "closed"
    assert api.post(f"/api/v1/rounds/{round_.pk}/close/").status_code == 200  # closing twice changes nothing
    assert api.patch(f"/api/v1/rounds/{round_.pk}/", {"status": "live"}, format="json").json()["status"] == "live"
    created = api.post(
        "/api/v1/rounds/", {"study": study.pk, "kind": "sync", "purpose": "Calls", "target_participants": 5,
                            "status": "closed"}, format="json",
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["status"] == "planned"
    with schema_context(world.acme.schema_name):
        assert Round.objects.get(pk=created.json()["id"]).live_at is None
        assert Study.objects.get(pk=study.pk).status == StudyStatus.RUNNING


def test_the_round_form_closes_through_the_same_steps(client_for, world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(status=StudyStatus.RUNNING)
        round_ = RoundFactory(study=study, status=RoundStatus.LIVE, live_at=NOW)
    client = client_for(world.researcher)
    assert 'name="status"' not in client.get(f"/studies/{study.pk}/rounds/new/").text  # a new round is planned
    form = {"kind": "async", "purpose": "Wide net", "target_participants": 100, "status": "closed",
            "time_budget_minutes": 10, "incentive_currency": "USD"}  # fmt: skip
    assert client.post(f"/rounds/{round_.pk}/edit/", form).status_code == 302
    with schema_context(world.acme.schema_name):
        assert fresh(round_).closed_at is not None and fresh(study).status == StudyStatus.SYNTHESIZING
