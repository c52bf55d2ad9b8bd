"""The chat page's read (`interview_of`, written out in SQL) gives what the ORM gives, field by field, and the page
reads it in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context

from interviews.links import selectors
from interviews.links.services import session_start
from interviews.models import LinkKind, Message, Role, Session
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.interviews.links.test_participant_flow import start, visitor
from tests.queries import reads
from tests.studies.factories import ParticipantFactory


def _as_orm_reads(session_id) -> tuple[Session, list[Message]]:
    messages = list(Message.objects.select_related("session__participant").filter(session=session_id).order_by("order"))
    return messages[0].session, messages


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def _same(found: tuple, session_id) -> None:
    session, messages = found
    expected_session, expected_messages = _as_orm_reads(session_id)
    assert _fields(session) == _fields(expected_session)
    assert [_fields(m) for m in messages] == [_fields(m) for m in expected_messages]
    assert all(m.session is session for m in messages)
    if expected_session.participant is None:
        assert session.participant is None
    else:
        assert _fields(session.participant) == _fields(expected_session.participant)
    assert not session._state.adding and session._state.db == "default"


def test_the_interviews_read_matches_the_orms_on_open_and_personal_links(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=3)
        open_link = LinkFactory(round=round_)
        first, second = session_start(link=open_link, hidden={"plan": "team"}), session_start(link=open_link)
        Message.objects.create(
            session=second, order=2, role=Role.PARTICIPANT, kind="answer", text="Ünïcode, “quotes” and\nlines.",
            audit={"lint": ["leading"], "refers_to_answer": True},
        )  # fmt: skip
        person = ParticipantFactory(locale="de-AT", attributes={"segment": "enterprise", "seats": 40})
        personal = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=person)
        theirs = session_start(link=personal)

        # The first of the visitor's tokens that is an interview on this link wins; a stranger's token is no key.
        _same(selectors.interview_of(link=open_link, resume_tokens=["nobody", second.resume_token]), second.pk)
        _same(selectors.interview_of(link=open_link, resume_tokens=[first.resume_token, second.resume_token]),
              first.pk)  # fmt: skip
        assert selectors.interview_of(link=open_link, resume_tokens=[theirs.resume_token]) == (None, [])
        assert selectors.interview_of(link=open_link, resume_tokens=[]) == (None, [])
        # A personal link's interview needs no token, and brings its person (the link's, read once).
        found = selectors.interview_of(link=personal, resume_tokens=[])
        _same(found, theirs.pk)
        assert found[0].participant.attributes == {"segment": "enterprise", "seats": 40}
        assert personal.participant is found[0].participant and found[0].link is personal


def test_the_sessions_read_matches_the_orms_on_open_and_personal_links(world):
    """`session_of`, what every answer and poll reads, written out in SQL: the ORM's session and person, field by
    field; the first of the visitor's tokens that is an interview on the link wins."""
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=3)
        open_link = LinkFactory(round=round_)
        first, second = session_start(link=open_link, hidden={"plan": "team"}), session_start(link=open_link)
        person = ParticipantFactory(locale="de-AT", attributes={"segment": "enterprise", "seats": 40})
        personal = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=person)
        theirs = session_start(link=personal)

        def same(found, expected_id):
            expected = Session.objects.select_related("participant").get(pk=expected_id)
            assert _fields(found) == _fields(expected) and found.link is not None
            assert (found.participant is None) == (expected.participant is None)
            if expected.participant is not None:
                assert _fields(found.participant) == _fields(expected.participant)
            assert not found._state.adding and found._state.db == "default"

        same(selectors.session_of(link=open_link, resume_tokens=["nobody", second.resume_token]), second.pk)
        same(selectors.session_of(link=open_link, resume_tokens=[first.resume_token, second.resume_token]), first.pk)
        assert selectors.session_of(link=open_link, resume_tokens=[theirs.resume_token]) is None
        assert selectors.session_of(link=open_link, resume_tokens=[]) is None
        found = selectors.session_of(link=personal, resume_tokens=[])
        same(found, theirs.pk)
        assert found.link is personal and personal.participant is found.participant
    with tenant_context(world.acme):  # as in a request: the guide version is kept in the process once read
        selectors.session_of(link=open_link, resume_tokens=[second.resume_token])
        with CaptureQueriesContext(connection) as queries:
            selectors.session_of(link=open_link, resume_tokens=[second.resume_token])
    assert len(reads(queries)) == 1


def test_the_chat_page_reads_the_interview_in_one_query(world):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=3))
    client = visitor()
    start(client, link)
    client.get(f"/i/{link.token}/")  # the link is in the cache now
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/i/{link.token}/")
    assert page.status_code == 200 and "Question 1 of 3" in page.text
    # The workspace's domain and the interview; no `SET search_path`, the connection being in acme already.
    assert len(queries) == 2, [q["sql"][:80] for q in queries]


def test_a_workers_turn_reads_the_interview_with_its_round_and_study_in_one_query(world):
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(locale="pt-BR")
        link = LinkFactory(round=async_round_with_guide(questions=3), kind=LinkKind.PERSONAL, participant=person)
        started = session_start(link=link)
        Message.objects.create(session=started, order=2, role=Role.PARTICIPANT, kind="answer", text="A resposta.")
    with tenant_context(world.acme):  # as a worker's task runs: the guide version is then kept in the process
        selectors.interview_by_id(started.pk)
        with CaptureQueriesContext(connection) as queries:
            session, messages = selectors.interview_by_id(started.pk)
        assert len(queries) == 1
        _same((session, messages), started.pk)
        expected = Session.objects.select_related("round__study").get(pk=started.pk)
        assert _fields(session.round) == _fields(expected.round)
        assert _fields(session.round.study) == _fields(expected.round.study)
        assert session.guide_version.pk == expected.guide_version_id
        with pytest.raises(Session.DoesNotExist):
            selectors.interview_by_id(started.pk + 1000)
        # An open link's interview has no person: the round and study after the empty person's columns still read.
        stranger = session_start(link=LinkFactory(round=link.round))
        session, messages = selectors.interview_by_id(stranger.pk)
        _same((session, messages), stranger.pk)
        assert session.participant is None and _fields(session.round.study) == _fields(expected.round.study)


def test_the_messages_and_the_locked_session_read_as_the_orm_reads_them(world):
    with schema_context(world.acme.schema_name):
        started = session_start(link=LinkFactory(round=async_round_with_guide(questions=3)))
        for order, text in ((2, "Ünïcode and\nlines."), (3, "Tell me more?"), (4, "We export it on Mondays.")):
            role = Role.PARTICIPANT if order % 2 == 0 else Role.INTERVIEWER
            Message.objects.create(session=started, order=order, role=role, kind="answer", text=text,
                                   audit={"order": order})  # fmt: skip
        _, expected = _as_orm_reads(started.pk)
        with CaptureQueriesContext(connection) as queries:
            messages = selectors.messages_of(started)
        assert len(queries) == 1
        assert [_fields(m) for m in messages] == [_fields(m) for m in expected] and len(messages) == 4
        assert all(m.session is started for m in messages)
        with CaptureQueriesContext(connection) as queries:
            locked, messages = selectors.interview_for_update(started.pk)
        assert len(queries) == 1 and "FOR UPDATE" in queries[0]["sql"]
        assert _fields(locked) == _fields(Session.objects.get(pk=started.pk)) and not locked._state.adding
        assert [_fields(m) for m in messages] == [_fields(m) for m in expected]
        assert all(m.session is locked for m in messages)
        awaited = selectors.messages_unless_awaited(started)  # the latest is an answer: it alone
        assert [_fields(m) for m in awaited] == [_fields(expected[-1])] and awaited[0].session is started
        Message.objects.create(session=started, order=5, role=Role.INTERVIEWER, kind="probe", text="And then?")
        _, expected = _as_orm_reads(started.pk)
        with CaptureQueriesContext(connection) as queries:
            replied = selectors.messages_unless_awaited(started)  # replied: the whole chat
        assert len(queries) == 1 and [_fields(m) for m in replied] == [_fields(m) for m in expected]
        with CaptureQueriesContext(connection) as queries:
            since = selectors.messages_since(started, 4)  # the poller's answer and the reply after it
        assert len(queries) == 1 and [_fields(m) for m in since] == [_fields(m) for m in expected[-2:]]
        assert all(m.session is started for m in since) and selectors.messages_since(started, 6) == []
        locked, last = selectors.interview_for_update(started.pk, last_only=True)
        assert [_fields(m) for m in last] == [_fields(expected[-1])] and last[0].session is locked
        # An answer for the model: the latest message and the one sent with its client token, oldest first.
        Message.objects.filter(session=started, order=2).update(client_token="tok-2")
        _, expected = _as_orm_reads(started.pk)
        with CaptureQueriesContext(connection) as queries:
            locked, tail = selectors.interview_for_update(started.pk, client_token="tok-2")
        assert len(queries) == 1 and "FOR UPDATE" in queries[0]["sql"] and all(m.session is locked for m in tail)
        assert [_fields(m) for m in tail] == [_fields(expected[1]), _fields(expected[-1])]
        _, tail = selectors.interview_for_update(started.pk, client_token="tok-unknown")
        assert [_fields(m) for m in tail] == [_fields(expected[-1])]
        with pytest.raises(Session.DoesNotExist):
            selectors.interview_for_update(started.pk + 1000)
