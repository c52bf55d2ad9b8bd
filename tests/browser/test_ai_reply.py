"""An AI interviewer's reply in Chromium: the answer shows at once with the interviewer typing, a real Celery worker
asks the local model server (which takes 1.5 s), and the page's htmx poller brings the reply in place (added to the
list, the answer box back and focused); the status line is not re-announced by each poll."""

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Message
from tests.interviews.conftest import _llm_server_running, llm_server  # noqa: F401
from tests.interviews.links.test_reply_worker import ANSWER, PROBE, model_link  # noqa: F401
from tests.processes import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
MODEL_SECONDS = 1.5


def test_the_reply_arrives_by_polling_in_place(live_parley, browser, world, worker, llm_server, model_link,  # noqa: F811
                                               monkeypatch):  # fmt: skip
    monkeypatch.setattr(llm_server, "hang_seconds", MODEL_SECONDS)  # the session's server gets its delay back
    llm_server.set("hang")  # the model thinks 1.5 s, then answers
    acme = live_parley.format(host="acme.localhost")
    page = browser.new_page()
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/reply/?after=" in request.url else None)
    page.goto(f"{acme}/i/{model_link}/")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Your answer").wait_for()
    page.wait_for_load_state("load")
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Send").click()
    # At once: the answer, and the interviewer typing (the model still thinks for 1.5 s).
    typing = page.get_by_role("status").filter(has_text="The interviewer is typing")
    typing.wait_for()
    expect(page.locator(".bubble--participant").last).to_contain_text(ANSWER)
    # Then the reply replaces the typing line, in the same page (no reload), and the box is back.
    expect(page.locator(".bubble--interviewer").last).to_contain_text(PROBE, timeout=15_000)
    expect(typing).to_have_count(0)
    expect(page.get_by_label("Your answer")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_be_focused()
    # The reply was added to the list the page had: the question, the answer and the probe, once each; one box.
    expect(page.locator("#messages .bubble")).to_have_count(3)
    expect(page.locator("#composer")).to_have_count(1)
    expect(page.locator("#progress")).to_have_count(1)
    # The first poll waited a second (no earlier reply to go by), then one every 300 ms until the reply was stored
    # (the model's 1.5 s, plus a cold worker's start): one poller at a time, never a swarm.
    assert 2 <= len(polls) <= 15, polls

    def stored():
        with schema_context(world.acme.schema_name):
            return list(Message.objects.filter(session__link__token=model_link).order_by("order")
                        .values_list("role", "backend"))  # fmt: skip

    assert committed(stored)[-1] == ("interviewer", "openai")
