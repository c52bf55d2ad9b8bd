"""The round's interviews page and the session page: roles, outsiders, content; invitation reminders."""

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from interviews.links.reminders import reminders_send
from interviews.models import InterviewLink, Session
from outbox.models import Email
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.factories import ParticipantFactory, RoundFactory


@pytest.fixture
def round_(world):
    with schema_context(world.acme.schema_name):
        return async_round_with_guide(questions=2, follow_ups=1)


def test_owner_creates_an_open_link_and_invites_selected_participants(client_for, world, round_):
    with schema_context(world.acme.schema_name):
        ok = ParticipantFactory(email="ok@example.com")
        quiet = ParticipantFactory(email="quiet@example.com", do_not_contact=True)
    client = client_for(world.researcher)
    assert (
        client.post(f"/rounds/{round_.pk}/interviews/links/", {"label": "Banner", "max_responses": 10}).status_code
        == 302
    )
    bad = client.post(
        f"/rounds/{round_.pk}/interviews/links/", {"opens_at": "2026-12-10T10:00", "closes_at": "2026-12-01T10:00"}
    )
    assert bad.status_code == 400 and "must close after it opens" in bad.text
    page = client.post(
        f"/rounds/{round_.pk}/interviews/invite/",
        {"participants": [ok.pk, quiet.pk], "event": "renewal_due", "send_email": "on"},
        follow=True,
    )
    assert "Invited 1 participant." in page.text and "quiet@example.com: " in page.text
    with schema_context(world.acme.schema_name):
        assert InterviewLink.objects.filter(round=round_, kind="personal", participant=ok, event="renewal_due").exists()
        assert not InterviewLink.objects.filter(participant=quiet).exists()
        assert Email.objects.filter(to="ok@example.com", template="interview-invitation").exists()


def test_the_open_link_stands_apart_with_a_copy_button(client_for, world, round_):
    with schema_context(world.acme.schema_name):
        open_link = LinkFactory(round=round_, label="In-app banner")
        person = ParticipantFactory(email="someone@example.com")
        personal = InterviewLink.objects.create(round=round_, kind="personal", participant=person)
    page = client_for(world.viewer).get(f"/rounds/{round_.pk}/interviews/").text
    opens, personals = page.index("<h2>Open links</h2>"), page.index("<h2>Personal links</h2>")
    open_section, personal_section = page[opens:personals], page[personals:]
    assert f"http://acme.localhost/i/{open_link.token}/" in open_section and 'data-copy="open-link-' in open_section
    assert personal.token not in open_section and personal.token in personal_section
    assert open_link.token not in personal_section
    # The completion rate is a rate of those who started; the target is shown apart, as a count.
    assert "of those who started finished" in page and f"Target: 0 of {round_.target_participants} wanted" in page


def test_the_invite_list_leaves_out_people_who_finished_the_round(client_for, world, round_):
    with schema_context(world.acme.schema_name):
        done = ParticipantFactory(email="done@example.com")
        started = ParticipantFactory(email="started@example.com")
        for person, status in ((done, "completed"), (started, "in_progress")):
            link = InterviewLink.objects.create(round=round_, kind="personal", participant=person)
            Session.objects.create(link=link, round=round_, participant=person, status=status)
    page = client_for(world.researcher).get(f"/rounds/{round_.pk}/interviews/").text
    offered = {int(pk) for pk in re.findall(r'name="participants" value="(\d+)"', page)}
    assert started.pk in offered and done.pk not in offered


def test_round_page_shows_sessions_and_the_session_page_the_conversation(client_for, world, round_):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=round_)
    visitor = Client(HTTP_HOST="acme.localhost")
    visitor.post(f"/i/{link.token}/", {"consent": "1"})
    visitor.post(f"/i/{link.token}/answer/", {"text": "I hated waiting for the sync to finish.", "client_token": "a"})
    viewer = client_for(world.viewer)
    page = viewer.get(f"/rounds/{round_.pk}/interviews/")
    assert page.status_code == 200 and "Anonymous #" in page.text and "New open link" not in page.text
    session_url = next(line for line in page.text.split('"') if line.startswith("/sessions/"))
    detail = viewer.get(session_url)
    assert "I hated waiting for the sync to finish." in detail.text and "Why: " in detail.text


def test_read_only_members_and_outsiders(client_for, world, round_):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=round_)
        person = ParticipantFactory()
    viewer = client_for(world.viewer)
    assert viewer.post(f"/rounds/{round_.pk}/interviews/links/", {"label": "x"}).status_code == 403
    assert viewer.post(f"/rounds/{round_.pk}/interviews/invite/", {"participants": [person.pk]}).status_code == 403
    assert viewer.post(f"/links/{link.pk}/disable/").status_code == 403
    assert viewer.get("/settings/interviewer/").status_code == 403
    outsider = client_for(world.outsider)
    for url in [f"/rounds/{round_.pk}/interviews/", "/settings/interviewer/"]:
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/links/{link.pk}/disable/").status_code == 404
    with schema_context(world.acme.schema_name):
        link.refresh_from_db()
        assert link.disabled_at is None


def test_a_sync_round_has_no_interview_links_page(client_for, world):
    with schema_context(world.acme.schema_name):
        sync_round = RoundFactory(kind="sync")
    assert client_for(world.owner).get(f"/rounds/{sync_round.pk}/interviews/").status_code == 404


def test_reminders_go_once_to_those_who_have_not_started(world):
    from datetime import timedelta

    from django.utils import timezone

    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=1, reminder_after_days=2)
        waiting = ParticipantFactory(email="waiting@example.com")
        started = ParticipantFactory(email="started@example.com")
        fresh = ParticipantFactory(email="fresh@example.com")
        three_days_ago = timezone.now() - timedelta(days=3)
        LinkFactory(round=round_, kind="personal", participant=waiting, invited_at=three_days_ago)
        begun = LinkFactory(round=round_, kind="personal", participant=started, invited_at=three_days_ago)
        begun.sessions.create(round=round_, participant=started)
        LinkFactory(round=round_, kind="personal", participant=fresh, invited_at=timezone.now())
        assert reminders_send() == 1
        assert reminders_send() == 0
        assert list(Email.objects.filter(template="interview-reminder").values_list("to", flat=True)) == [
            "waiting@example.com"
        ]
