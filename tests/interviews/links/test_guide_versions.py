"""Interviews keep the guide version they started with: a question deleted, moved or added on the live guide never
shifts a session in progress, which asks its version's questions to the end; new sessions get the new version."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.links import services
from interviews.models import Booking, Message, MessageKind, Session
from studies.guides import services as guides
from studies.models import GuideVersion, Round, RoundStatus
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.factories import ParticipantFactory, QuestionFactory, RoundFactory
from workspaces.models import Role

STEP = "Tell me about step {} of getting started."


@pytest.fixture
def link(world):
    with schema_context(world.acme.schema_name):
        return LinkFactory(round=async_round_with_guide(questions=3, follow_ups=0))


def answer(session, text="It took a while because the import failed twice.") -> Message | None:
    services.answer_submit(session=session, text=text)
    return services.interviewer_reply(session=session)


def asked(session) -> list[tuple[str, int | None]]:
    rows = session.messages.filter(kind=MessageKind.QUESTION).order_by("order")
    return [(m.text, m.question_id) for m in rows]


def test_a_session_in_progress_keeps_its_version_through_deletes_moves_and_additions(world, link):
    with schema_context(world.acme.schema_name):
        session = services.session_start(link=link)
        round_ = Round.objects.get(pk=link.round_id)
        q1, q2, q3 = round_.questions.order_by("order")
        assert session.guide_version.number == 1 and round_.status == RoundStatus.LIVE
        # While the participant is on question 1, the researcher rewrites the guide.
        ok = {"actor": world.researcher, "confirm_live_edit": True}
        guides.question_delete(question=q2, **ok)
        guides.question_move(question=q3, direction="up", **ok)
        guides.question_add(round=round_, text="What would you change first?", **ok)
        guides.question_update(question=q1, text="How did your first day go?", **ok)
        assert round_.guide_versions.count() == 5

        second = answer(session)
        assert second.text == STEP.format(2) and second.question_id is None  # deleted: its words come from v1
        third = answer(session)
        assert (third.text, third.question_id) == (STEP.format(3), q3.pk)
        closing = answer(session)
        assert closing.kind == MessageKind.CLOSE
        session.refresh_from_db()
        assert session.status == "completed" and session.guide_version.number == 1
        assert asked(session) == [(STEP.format(1), q1.pk), (STEP.format(2), None), (STEP.format(3), q3.pk)]
        assert session.transcript.utterances.count() == 7

        # Someone starting now gets the latest version: the new order, the new words.
        later = services.session_start(link=LinkFactory(round=round_))
        assert later.guide_version.number == 5
        assert asked(later) == [(STEP.format(3), q3.pk)]
        assert [q["text"] for q in later.guide_version.questions] == [
            STEP.format(3), "How did your first day go?", "What would you change first?",
        ]  # fmt: skip


def test_the_participant_page_counts_the_questions_of_its_version(world, link):
    client = Client(HTTP_HOST="acme.localhost")
    client.post(f"/i/{link.token}/", {"consent": "1"})
    chat = client.get(f"/i/{link.token}/")
    assert "Question 1 of 3" in chat.text
    with schema_context(world.acme.schema_name):
        for question in link.round.questions.order_by("order")[1:]:
            guides.question_delete(question=question, actor=world.owner, confirm_live_edit=True)
    token = re.search(r'name="client_token" value="([^"]+)"', chat.text).group(1)
    client.post(f"/i/{link.token}/answer/", {"text": "It was slow and confusing at first.", "client_token": token})
    page = client.get(f"/i/{link.token}/")
    assert "Question 2 of 3" in page.text and STEP.format(2) in page.text


def test_the_confirmation_counts_the_interviews_in_progress(client_for, world, link):
    with schema_context(world.acme.schema_name):
        for _ in range(2):
            services.session_start(link=link)
        done = services.session_start(link=link)
        for _ in range(3):
            answer(done)
        question = link.round.questions.get(order=2)
    asked_page = client_for(world.researcher).post(f"/questions/{question.pk}/delete/")
    assert "2 interviews are in progress and keep asking the questions of the version they started with" in (
        asked_page.text
    )
    api = client_for(world.researcher)
    refused = api.delete(f"/api/v1/questions/{question.pk}/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and refused.json()["sessions_in_progress"] == 2


def test_the_session_page_says_which_version_it_asks(client_for, world, link):
    with schema_context(world.acme.schema_name):
        session = services.session_start(link=link)
        first = link.round.questions.get(order=1)
        guides.question_update(question=first, text="How did day one go?", actor=world.owner, confirm_live_edit=True)
        newer = services.session_start(link=LinkFactory(round=link.round))
        legacy = Session.objects.create(link=link, round=link.round)
    client = client_for(world.viewer)
    page = client.get(f"/sessions/{session.pk}/")
    assert "Guide v1</a>, live since" in page.text
    assert "The guide is at v2 now; this interview keeps asking the questions of v1." in page.text
    current = client.get(f"/sessions/{newer.pk}/")
    assert "Guide v2</a>, changed" in current.text and "by Olive Owner" in current.text
    assert "The guide is at" not in current.text
    assert "it started before guides had versions" in client.get(f"/sessions/{legacy.pk}/").text
    round_page = client.get(f"/rounds/{link.round_id}/interviews/")
    assert "<td>v1</td>" in round_page.text and "<td>v2</td>" in round_page.text
    assert client_for(world.outsider).get(f"/sessions/{session.pk}/").status_code == 404


def test_the_sessions_api_gives_the_version(api_for, world, link, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        session = services.session_start(link=link)
    client = api_for(role=Role.VIEWER)
    assert client.get(f"/api/v1/sessions/{session.pk}/").json()["guide_version"] == 1
    with django_assert_max_num_queries(12) as few:
        assert client.get(f"/api/v1/sessions/?round={link.round_id}").json()["results"][0]["guide_version"] == 1
    few_queries = len(few.captured_queries)  # read now: the next request clears the log
    with schema_context(world.acme.schema_name):
        for _ in range(5):
            services.session_start(link=link)
    with django_assert_max_num_queries(few_queries):
        assert client.get(f"/api/v1/sessions/?round={link.round_id}").json()["count"] == 6
    assert api_for(role=Role.VIEWER, workspace=world.globex).get(f"/api/v1/sessions/{session.pk}/").status_code == 404


def test_a_session_older_than_versions_takes_the_version_in_force_at_its_next_turn(world, link):
    with schema_context(world.acme.schema_name):
        round_ = link.round
        first = round_.questions.get(order=1)
        session = Session.objects.create(link=link, round=round_)
        Message.objects.create(session=session, order=1, role="interviewer", kind="question", text=first.text,
                               question=first)  # fmt: skip
        reply = answer(session)
        session.refresh_from_db()
        assert session.guide_version.number == 1 and reply.text == STEP.format(2)
        assert GuideVersion.objects.filter(round=round_).count() == 1


def test_a_call_shows_the_version_in_force_when_it_starts(client_for, world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="sync", status=RoundStatus.LIVE, live_at=timezone.now() - timedelta(days=10))
        question = QuestionFactory(round=round_, order=1, text="Walk me through your last export.")
        start = timezone.now() - timedelta(days=2)
        past = Booking.objects.create(round=round_, host=world.owner, participant=ParticipantFactory(), start=start,
                                      end=start + timedelta(minutes=45))  # fmt: skip
        later = start + timedelta(days=4)
        ahead = Booking.objects.create(round=round_, host=world.owner, participant=ParticipantFactory(), start=later,
                                       end=later + timedelta(minutes=45))  # fmt: skip
        refused = None
        try:
            guides.question_update(question=question, text="Tell me about your last export.", actor=world.owner)
        except guides.LiveEditNotConfirmed as error:
            refused = str(error)
        assert refused.startswith("This round is live and 1 call is booked ahead")
        guides.question_update(question=question, text="Tell me about your last export.", actor=world.owner,
                               confirm_live_edit=True)  # fmt: skip
    client = client_for(world.viewer)
    assert '#version-1">Guide v1</a>' in client.get(f"/bookings/{past.pk}/").text
    assert '#version-2">Guide v2</a>' in client.get(f"/bookings/{ahead.pk}/").text
