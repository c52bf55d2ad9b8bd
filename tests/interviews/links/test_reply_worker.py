"""An AI interview turn does not hold a web worker while the model thinks: the answer is committed and answered at
once with the interviewer typing, a real Celery worker asks the model (the local OpenAI-compatible server), and the
page's htmx poll brings the reply. With the broker down the request asks the model itself, as before."""

import re
import time

import pytest
from django.test import Client
from django.utils.html import escape
from django_tenants.utils import schema_context

from config.crypto import encrypt
from interviews.models import LLMSettings, Message, Session
from studies.models import Study
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.interviews.test_redis_down import own_redis  # noqa: F401
from tests.processes import committed

HTMX = {"HX-Request": "true"}
ANSWER = "The export to Excel broke twice, so I copied every row by hand."
PROBE = "You mentioned “The export to Excel broke twice”. Can you tell me more about that?"


def _visitor(link_token: str, run=lambda fn: fn()) -> tuple[Client, str]:
    """A participant who consented and opened the chat; returns their client and the form's client token."""
    client = Client(HTTP_HOST="acme.localhost")
    assert run(lambda: client.post(f"/i/{link_token}/", {"consent": "1"})).status_code == 302
    chat = run(lambda: client.get(f"/i/{link_token}/"))
    return client, re.search(r'name="client_token" value="([^"]+)"', chat.text).group(1)


def _wait(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    return None


def _lengthen(world, link, lines: int) -> None:
    """Answers and probes in turn after the first question of the link's latest interview, `lines` of them."""
    with schema_context(world.acme.schema_name):
        session = Session.objects.filter(link=link).latest("pk")
        first = session.messages.get()
        Message.objects.bulk_create(
            Message(session=session, order=first.order + n, role="participant" if n % 2 else "interviewer",
                    kind="answer" if n % 2 else "probe", text=f"Line {n} of the interview.")
            for n in range(1, lines + 1)
        )  # fmt: skip


@pytest.fixture
def model_link(world, llm_server):
    """An open link of a workspace whose interviewer is the local model server, committed for the worker to see;
    removed afterwards."""
    schema = world.acme.schema_name

    def create():
        with schema_context(schema):
            link = LinkFactory(round=async_round_with_guide(questions=2, follow_ups=1))
            LLMSettings.objects.create(pk=1, backend="openai", base_url=llm_server.base_url, model="m",
                                       api_key_encrypted=encrypt("sk-test"))  # fmt: skip
            return link.token, link.round.study_id

    token, study_id = committed(create)
    yield token
    llm_server.reset()  # releases a model call still hanging

    def remove():
        with schema_context(schema):
            LLMSettings.objects.filter(pk=1).delete()
            Study.objects.filter(pk=study_id).delete()

    committed(remove)


@pytest.mark.django_db
def test_the_answer_is_answered_at_once_and_a_worker_brings_the_models_reply(world, worker, llm_server, model_link):
    llm_server.hang_seconds = 30
    llm_server.set("hang")  # the model thinks until the test lets it answer
    client, client_token = _visitor(model_link, run=committed)
    response = committed(
        lambda: client.post(f"/i/{model_link}/answer/", {"text": ANSWER, "client_token": client_token}, headers=HTMX)
    )
    # The POST came back while the model still holds the worker's request: the answer is shown, and the typing line.
    assert response.status_code == 200 and escape(ANSWER) in response.text
    # The poller names the answer the page shows last: the reply will come as what to add to the page.
    poller = re.search(rf'hx-get="(/i/{model_link}/reply/\?after=(\d+))"', response.text)
    assert "The interviewer is typing" in response.text and poller
    assert _wait(lambda: len(llm_server.requests) == 1), "no model call (see .data/test-celery-worker.log)"
    still = committed(lambda: client.get(poller.group(1), headers=HTMX))
    assert still.status_code == 200 and "HX-Retarget" not in still.headers and 'class="poller"' in still.text
    assert f"reply/?after={poller.group(2)}" in still.text

    llm_server.reset()  # the model answers now: the hanging request gets the good probe

    def replied():
        poll = committed(lambda: client.get(poller.group(1), headers=HTMX))
        return poll if poll.headers.get("HX-Retarget") else None

    poll = _wait(replied)
    assert poll is not None, "no reply reached the page (.data/test-celery-worker.log)"
    # What joins the page: the reply appended to the list, the progress, the answer box in place of the typing line;
    # not the question and answer the page already shows.
    assert (poll.headers["HX-Retarget"], poll.headers["HX-Reswap"]) == ("#composer", "outerHTML")
    assert escape(PROBE) in poll.text and 'name="text"' in poll.text and "The interviewer is typing" not in poll.text
    assert 'hx-swap-oob="beforeend:#messages"' in poll.text
    assert 'id="progress" role="status" hx-swap-oob="true"' in poll.text
    assert escape(ANSWER) not in poll.text and poll.text.count('class="bubble ') == 1
    # A poll without the answer's order (a page from before) or one that fell behind gets the whole chat.
    for path in (f"/i/{model_link}/reply/", f"/i/{model_link}/reply/?after=0", f"/i/{model_link}/reply/?after=x"):
        whole = committed(lambda path=path: client.get(path, headers=HTMX))
        assert (whole.headers["HX-Retarget"], whole.headers["HX-Reswap"]) == ("#chat", "outerHTML"), path
        assert escape(ANSWER) in whole.text and escape(PROBE) in whole.text

    def stored():
        with schema_context(world.acme.schema_name):
            session = Session.objects.get(link__token=model_link)
            return list(session.messages.order_by("order").values_list("role", "text", "backend"))

    messages = committed(stored)
    assert [m[0] for m in messages] == ["interviewer", "participant", "interviewer"]
    assert messages[1][1] == ANSWER and messages[2][1:] == (PROBE, "openai")


def test_with_the_broker_down_the_request_asks_the_model_itself(world, llm_server, own_redis):  # noqa: F811
    from tests.processes import stop

    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2, follow_ups=1))
        LLMSettings.objects.create(pk=1, backend="openai", base_url=llm_server.base_url, model="m",
                                   api_key_encrypted=encrypt("sk-test"))  # fmt: skip
    client, client_token = _visitor(link.token)
    stop(own_redis)
    response = client.post(f"/i/{link.token}/answer/", {"text": ANSWER, "client_token": client_token}, headers=HTMX)
    assert response.status_code == 200 and escape(PROBE) in response.text
    assert "The interviewer is typing" not in response.text
    with schema_context(world.acme.schema_name):
        reply = Message.objects.filter(session__link=link).order_by("order").last()
    assert (reply.text, reply.backend) == (PROBE, "openai")


def test_the_reply_poll_is_the_participants_own(world, llm_server):
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2))
    client, _ = _visitor(link.token)
    assert client.get(f"/i/{link.token}/reply/", headers=HTMX).status_code == 200  # offline: the question is there
    # Another workspace's host, an unknown token: 404. A visitor without the session is sent to the intro.
    assert Client(HTTP_HOST="globex.localhost").get(f"/i/{link.token}/reply/", headers=HTMX).status_code == 404
    assert client.get(f"/i/{'x' * 43}/reply/", headers=HTMX).status_code == 404
    assert Client(HTTP_HOST="acme.localhost").get(f"/i/{link.token}/reply/").status_code == 302


def test_the_typing_poll_reads_the_same_whatever_the_interviews_length(world, llm_server):
    """A poll while a worker is within its time reads the latest message alone: hundreds of participants waiting on
    long interviews poll as cheaply as on short ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2, follow_ups=1))
        LLMSettings.objects.create(pk=1, backend="openai", base_url=llm_server.base_url, model="m",
                                   api_key_encrypted=encrypt("sk-test"))  # fmt: skip
    counts = []
    for turns in (1, 40):
        client, _ = _visitor(link.token)
        _lengthen(world, link, 2 * turns - 1)  # its answer awaits the reply
        client.get(f"/i/{link.token}/reply/", headers=HTMX)  # the link and settings now cached, as for everyone after
        with CaptureQueriesContext(connection) as queries:
            poll = client.get(f"/i/{link.token}/reply/", headers=HTMX)
        assert poll.status_code == 200 and 'class="poller"' in poll.text and "HX-Retarget" not in poll.headers
        after = re.search(r"reply/\?after=(\d+)", poll.text).group(1)
        with CaptureQueriesContext(connection) as since:
            poll = client.get(f"/i/{link.token}/reply/?after={after}", headers=HTMX)  # the poller's own address
        assert 'class="poller"' in poll.text and len(since) == len(queries)
        assert not any("ORDER BY" in q["sql"] and '"order" ASC' in q["sql"] for q in queries.captured_queries)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_answer_for_the_model_reads_and_renders_the_same_whatever_the_interviews_length(world, llm_server):
    """With a model, the answer's POST locks the session with its latest message (and one resent with the same client
    token), not the whole chat, and sends back only the answer and the typing line."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=2, follow_ups=1))
        LLMSettings.objects.create(pk=1, backend="openai", base_url=llm_server.base_url, model="m",
                                   api_key_encrypted=encrypt("sk-test"))  # fmt: skip
    counts, sizes = [], []
    for turns in (1, 40):
        client, client_token = _visitor(link.token)
        _lengthen(world, link, 2 * turns - 2)  # an answer is due
        client.get(f"/i/{link.token}/reply/", headers=HTMX)  # the link and settings now cached, as for everyone after
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/i/{link.token}/answer/", {"text": ANSWER, "client_token": client_token},
                                   headers=HTMX)  # fmt: skip
        assert response.headers["HX-Retarget"] == "#composer" and "The interviewer is typing" in response.text
        assert response.text.count('class="bubble ') == 1 and escape(ANSWER) in response.text
        # The locked read picks its rows (the latest message, one with this client token), not the session's all.
        (locked,) = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        assert "client_token" in locked.split("WHERE", 1)[1]
        counts.append(len(queries))
        sizes.append(len(response.content))
    assert counts[0] == counts[1] and abs(sizes[0] - sizes[1]) < 100, (counts, sizes)


def test_a_poll_that_sees_the_closing_before_the_completion_thanks_them_and_offers_no_box(world, llm_server):
    """The poll reads the session, then its messages: a worker's closing (committed with the session's completion)
    that lands between the two shows in the messages only. Before, the page put an answer box under the closing, and
    what was typed in it was refused (the interview was complete) and lost (the chaos bench found one such answer)."""
    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=1))
        LLMSettings.objects.create(pk=1, backend="openai", base_url=llm_server.base_url, model="m",
                                   api_key_encrypted=encrypt("sk-test"))  # fmt: skip
    client, _ = _visitor(link.token)
    with schema_context(world.acme.schema_name):
        session = Session.objects.filter(link=link).latest("pk")
        first = session.messages.get()
        # What the poll's two reads see: the session as it was, the messages as they are after the worker's commit.
        Message.objects.bulk_create([
            Message(session=session, order=first.order + 1, role="participant", kind="answer", text=ANSWER),
            Message(session=session, order=first.order + 2, role="interviewer", kind="close", text="Thank you!"),
        ])  # fmt: skip
    poll = client.get(f"/i/{link.token}/reply/", headers=HTMX)
    assert poll.status_code == 204 and poll.headers["HX-Redirect"] == f"/i/{link.token}/"
    assert 'name="text"' not in poll.text
