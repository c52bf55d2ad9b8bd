"""Invitations from product events, links and sessions through the API: idempotency, governance, roles."""

import pytest
from django_tenants.utils import schema_context

from interviews.models import InterviewLink, Session
from outbox.models import Email
from studies.models import ContactEvent, Participant
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.factories import ParticipantFactory, RoundFactory
from workspaces.models import Role


@pytest.fixture
def round_(world):
    with schema_context(world.acme.schema_name):
        return async_round_with_guide(questions=2)


def invitation(round_, email="new.user@example.com", **extra):
    body = {
        "round": round_.pk,
        "participant": {"email": email, "name": "New User", "timezone": "Asia/Kolkata", "attributes": {"plan": "team"}},
        "event": "onboarding_completed",
        "send_email": True,
    }
    return {**body, **extra}


def test_an_invitation_creates_the_participant_a_personal_link_and_an_email(api_for, world, round_):
    response = api_for(role=Role.RESEARCHER).post("/api/v1/invitations/", invitation(round_), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"].startswith("http://acme.localhost:8000/i/") and body["emailed"] is True
    with schema_context(world.acme.schema_name):
        person = Participant.objects.get(email="new.user@example.com")
        assert person.timezone == "Asia/Kolkata" and person.attributes == {"plan": "team"}
        link = InterviewLink.objects.get(pk=body["link"])
        assert link.kind == "personal" and link.event == "onboarding_completed"
        email = Email.objects.get(to="new.user@example.com", template="interview-invitation")
        assert body["url"] in email.body_text
        assert ContactEvent.objects.filter(participant=person, kind="invitation").count() == 1


def test_a_retry_with_the_same_idempotency_key_changes_nothing(api_for, world, round_):
    client = api_for(role=Role.RESEARCHER)
    first = client.post("/api/v1/invitations/", invitation(round_), format="json", HTTP_IDEMPOTENCY_KEY="evt-1")
    again = client.post("/api/v1/invitations/", invitation(round_), format="json", HTTP_IDEMPOTENCY_KEY="evt-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    with schema_context(world.acme.schema_name):
        assert InterviewLink.objects.count() == 1 and Email.objects.filter(template="interview-invitation").count() == 1
    other = client.post(
        "/api/v1/invitations/", invitation(round_, email="x@example.com"), format="json", HTTP_IDEMPOTENCY_KEY="evt-1"
    )
    assert other.status_code == 422


def test_governance_refuses_with_409_and_the_reason(api_for, world, round_):
    with schema_context(world.acme.schema_name):
        ParticipantFactory(email="quiet@example.com", name="Quiet", do_not_contact=True)
    client = api_for(role=Role.RESEARCHER)
    refused = client.post("/api/v1/invitations/", invitation(round_, email="quiet@example.com"), format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "do_not_contact"
    assert "asked not to be contacted" in refused.json()["detail"]
    assert client.post("/api/v1/invitations/", invitation(round_), format="json").status_code == 201
    cooldown = client.post("/api/v1/invitations/", invitation(round_), format="json")
    assert cooldown.status_code == 409 and cooldown.json()["code"] == "cooldown"
    assert cooldown.json()["next_possible_at"]
    with schema_context(world.acme.schema_name):
        assert Email.objects.filter(template="interview-invitation").count() == 1


def test_bad_invitations_get_field_messages_and_save_nothing(api_for, world, round_):
    client = api_for(role=Role.RESEARCHER)
    bad = client.post(
        "/api/v1/invitations/",
        {"round": 999999, "participant": {"email": "nope", "timezone": "Mars/Base"}, "event": "has spaces"},
        format="json",
    )
    assert bad.status_code == 400
    assert {"round", "participant", "event"} <= set(bad.json())
    assert set(bad.json()["participant"]) == {"email", "timezone"}
    with schema_context(world.acme.schema_name):
        sync_round = RoundFactory(kind="sync")
    sync = client.post("/api/v1/invitations/", invitation(sync_round), format="json")
    assert sync.status_code == 400 and "async" in str(sync.json())
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.exists()


def test_roles_and_outsiders(api_for, world, round_):
    assert api_for(role=Role.VIEWER).post("/api/v1/invitations/", invitation(round_), format="json").status_code == 403
    outsider = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    assert outsider.post("/api/v1/invitations/", invitation(round_), format="json").status_code == 404
    assert outsider.get("/api/v1/links/").status_code == 404 and outsider.get("/api/v1/sessions/").status_code == 404


def test_links_api_creates_and_disables_an_open_link(api_for, world, round_):
    client = api_for(role=Role.RESEARCHER)
    created = client.post("/api/v1/links/", {"round": round_.pk, "label": "In-app", "max_responses": 50}, format="json")
    assert created.status_code == 201 and created.json()["kind"] == "open"
    link_id = created.json()["id"]
    disabled = client.patch(f"/api/v1/links/{link_id}/", {"disabled": True}, format="json")
    assert disabled.json()["disabled_at"] is not None
    assert api_for(role=Role.PM).post("/api/v1/links/", {"round": round_.pk}, format="json").status_code == 403


def test_sessions_api_lists_with_a_budget_and_shows_messages(api_for, world, django_assert_max_num_queries):
    from django.test import Client

    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
    visitor = Client(HTTP_HOST="acme.localhost")
    visitor.post(f"/i/{link.token}/", {"consent": "1"})
    visitor.post(f"/i/{link.token}/answer/", {"text": "An answer.", "client_token": "t"})
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/workspace/")
    counts = []
    for extra in (0, 30):
        with schema_context(world.acme.schema_name):
            for _ in range(extra):
                Session.objects.create(link=link, round=link.round)
        with django_assert_max_num_queries(10) as captured:
            listed = client.get(f"/api/v1/sessions/?round={link.round_id}")
        counts.append(len(captured))
    assert counts[0] == counts[1] and listed.json()["count"] == 31
    with schema_context(world.acme.schema_name):
        session_id = Session.objects.filter(messages__isnull=False).distinct().get().pk
    detail = client.get(f"/api/v1/sessions/{session_id}/").json()
    assert [m["role"] for m in detail["messages"]] == ["interviewer", "participant", "interviewer"]


def test_links_list_has_a_fixed_query_budget(api_for, world, round_, django_assert_max_num_queries):
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/workspace/")
    counts = []
    for extra in (1, 30):
        with schema_context(world.acme.schema_name):
            for _ in range(extra):
                LinkFactory(round=round_, label="bulk")
        with django_assert_max_num_queries(12) as captured:
            listed = client.get(f"/api/v1/links/?round={round_.pk}")
        counts.append(len(captured))
    assert counts[0] == counts[1] and listed.json()["count"] == 31
