"""Two writers of one interview at once, with real commits: a turn that waits for the session's lock reads the
messages its holder committed meanwhile. A statement reads the snapshot it started with, so a turn that read its
messages in the statement that waited would miss them: the next answer took an order already taken (a 500 for the
participant) and a worker stored a reply to an answer that had grown since."""

import threading

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from interviews.links import services
from interviews.models import Message, Role, Session
from studies.models import Study
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.interviews.links.test_reply_worker import HTMX, _visitor, _wait
from tests.processes import committed


@pytest.fixture
def offline_link(world):
    schema = world.acme.schema_name

    def create():
        with schema_context(schema):
            link = LinkFactory(round=async_round_with_guide(questions=3, follow_ups=1))
            return link.token, link.round.study_id

    token, study_id = committed(create)
    yield token

    def remove():
        with schema_context(schema):
            Study.objects.filter(pk=study_id).delete()

    committed(remove)


def _session_id(schema: str, token: str) -> int:
    return committed(lambda: _in(schema, lambda: Session.objects.get(link__token=token).pk))


def _in(schema: str, fn):
    with schema_context(schema):
        return fn()


def _someone_waits_for_a_lock() -> bool:
    def waiting():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0] > 0

    return committed(waiting)


def _while_locked(schema: str, session_id: int, write, contender) -> object:
    """Hold the session's lock, start `contender` (in a thread of its own) and once it waits for the lock, `write`
    and commit; returns what the contender returned."""
    held, results = threading.Event(), {}

    def holder():
        try:
            with schema_context(schema), transaction.atomic():
                Session.objects.select_for_update().get(pk=session_id)
                held.set()
                assert _wait(_someone_waits_for_a_lock, timeout=20), "the contender never waited for the lock"
                write()
        finally:
            held.set()
            connection.close()

    def run_contender():
        try:
            held.wait(timeout=20)
            results["value"] = contender()
        except Exception as error:  # reported by the test, in its own thread
            results["error"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=run_contender)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if "error" in results:
        raise results["error"]
    return results.get("value")


def _messages(schema: str, session_id: int) -> list[tuple[int, str, str]]:
    def rows():
        found = Message.objects.filter(session_id=session_id).order_by("order")
        return list(found.values_list("order", "role", "text"))

    return committed(lambda: _in(schema, rows))


def test_an_answer_sent_while_another_turn_holds_the_interview_follows_that_turn(world, offline_link):
    schema = world.acme.schema_name
    client, client_token = _visitor(offline_link, run=committed)
    session_id = _session_id(schema, offline_link)

    def other_tab():  # the same interview answered in a second tab, committed while the POST waits
        services.turn_submit(session=Session.objects.get(pk=session_id), text="We plan sprints on Mondays.",
                             client_token="other-tab", config=None)  # fmt: skip

    def post():
        with schema_context("public"):
            data = {"text": "Jira, mostly, and a whiteboard.", "client_token": client_token}
            return client.post(f"/i/{offline_link}/answer/", data, headers=HTMX)

    response = _while_locked(schema, session_id, other_tab, post)

    assert response.status_code == 200, response.text[:300]
    messages = _messages(schema, session_id)
    assert [order for order, _, _ in messages] == [1, 2, 3, 4, 5]
    assert [role for _, role, _ in messages] == [Role.INTERVIEWER, Role.PARTICIPANT, Role.INTERVIEWER,
                                                 Role.PARTICIPANT, Role.INTERVIEWER]  # fmt: skip
    assert [text for _, role, text in messages if role == Role.PARTICIPANT] == [
        "We plan sprints on Mondays.", "Jira, mostly, and a whiteboard."]  # fmt: skip
    assert "Jira, mostly, and a whiteboard." in response.text


def test_a_worker_does_not_reply_to_an_answer_that_grew_while_it_waited_for_the_interview(world, offline_link):
    schema = world.acme.schema_name
    _visitor(offline_link, run=committed)
    session_id = _session_id(schema, offline_link)
    committed(lambda: _in(schema, lambda: services.answer_submit(
        session=Session.objects.get(pk=session_id), text="We plan sprints on Mondays.")))  # fmt: skip

    def grow():  # a second tab adds to the answer before the reply is stored
        services.answer_submit(session=Session.objects.get(pk=session_id), text="And groom the backlog on Fridays.")

    def worker():
        with schema_context(schema):
            return services.interviewer_reply(session=Session(pk=session_id), config=None)

    assert _while_locked(schema, session_id, grow, worker) is None  # the grown answer's own reply comes next
    messages = _messages(schema, session_id)
    assert [(order, role) for order, role, _ in messages] == [(1, Role.INTERVIEWER), (2, Role.PARTICIPANT)]
    assert messages[-1][2] == "We plan sprints on Mondays.\n\nAnd groom the backlog on Fridays."
