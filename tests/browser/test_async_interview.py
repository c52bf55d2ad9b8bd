"""A participant takes a 5-question interview on a phone, leaves halfway, resumes on another device and finishes;
the staff see the whole conversation and the signed webhooks arrived."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import InterviewLink, LinkKind
from studies.models import GuideQuestion, Participant, Round, Study
from tests.conftest import PASSWORD
from tests.processes import committed
from webhooks.models import WebhookEndpoint
from webhooks.services import verify_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
QUESTIONS = [
    "Tell me about the day you decided to try the product.",
    "Walk me through your first week with it.",
    "What was the hardest part of getting your team on board?",
    "What did you use instead when it got in the way?",
    "What would have had to be different for you to stay?",
]
ANSWERS = [
    "We had just lost a client's notes in our old tool, so I signed up that evening.",
    "I was frustrated because the import kept failing on our spreadsheet.",
    "Nobody accepted the invites for days.",
    "We went back to a shared spreadsheet and email.",
    "Reporting that our finance team could use every Friday.",
]


class Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


@pytest.fixture
def interview(world, receiver):
    def make():
        with schema_context(world.acme.schema_name):
            study = Study.objects.create(title="Browser: first month", goal="measuring_pain_intensity",
                                         public_title="Your first month")  # fmt: skip
            round_ = Round.objects.create(
                study=study, order=1, kind="async", purpose="Wide net", target_participants=50
            )
            for i, text in enumerate(QUESTIONS, start=1):
                GuideQuestion.objects.create(round=round_, order=i, text=text, max_follow_ups=1 if i == 2 else 0)
            person = Participant.objects.create(email="phone.person@example.com", name="Phone Person")
            link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=person)
            endpoint = WebhookEndpoint.objects.create(url=receiver, events=["interview.started", "interview.completed"])
            return link.token, endpoint.secret

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title="Browser: first month").delete()
            Participant.objects.filter(email="phone.person@example.com").delete()
            WebhookEndpoint.objects.all().delete()

    yield committed(make)
    committed(remove)


def finish(page, text):
    """Send the last answer, then close politely until the thank-you page: whether the interviewer follows up first is
    its rules' business, not this test's."""
    done = page.get_by_role("heading", name="Thank you!")
    for _ in range(5):
        page.wait_for_load_state("load")
        count = page.locator(".bubble").count()
        page.get_by_label("Your answer").fill(text)
        page.get_by_role("button", name="Send").click()
        page.locator(".bubble").nth(count + 1).or_(done).wait_for()
        if done.is_visible():
            return
        text = "No, that's all from me, thanks."
    raise AssertionError("the interview never reached its thank-you page")


def answer(page, text):
    page.wait_for_load_state("load")  # htmx is deferred: send through it, as a participant's phone does
    box = page.get_by_label("Your answer")
    box.fill(text)
    count = page.locator(".bubble").count()
    page.get_by_role("button", name="Send").click()
    page.locator(".bubble").nth(count + 1).wait_for()  # the answer and the interviewer's next turn


def test_phone_interview_with_a_break_and_the_staff_view(live_parley, browser, world, interview, worker):
    token, secret = interview
    acme = live_parley.format(host="acme.localhost")
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(f"{acme}/i/{token}/")
    assert page.get_by_role("heading", name="Your first month").is_visible()
    page.get_by_role("button", name="Start").click()
    # The consent box is required: the browser keeps the participant on the intro until it is ticked.
    assert page.get_by_role("button", name="Start").is_visible() and not page.get_by_label("Your answer").count()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text(QUESTIONS[0]).wait_for()
    assert page.get_by_text("Question 1 of 5").is_visible()

    answer(page, ANSWERS[0])
    page.get_by_text(QUESTIONS[1]).wait_for()
    answer(page, ANSWERS[1])
    probe = page.locator(".bubble--interviewer").last
    assert "the import kept failing" in probe.inner_text() or "frustrat" in probe.inner_text().lower()
    expect(page.locator("#answer")).to_be_focused()  # focus is back in the answer box
    phone.close()  # leaves halfway

    laptop = browser.new_context()
    page = laptop.new_page()
    page.goto(f"{acme}/i/{token}/")
    assert page.get_by_text(ANSWERS[1]).is_visible()  # resumes where they stopped, on another device
    answer(page, "It cost me two evenings of retrying.")
    for text in ANSWERS[2:-1]:
        answer(page, text)
    finish(page, ANSWERS[-1])
    laptop.close()

    staff = browser.new_context()
    page = staff.new_page()
    page.goto(f"{acme}/accounts/login/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{acme}/")
    with schema_context(world.acme.schema_name):
        round_id = InterviewLink.objects.get(token=token).round_id
    page.goto(f"{acme}/rounds/{round_id}/interviews/")
    page.get_by_role("link", name="Phone Person").click()
    for text in [*QUESTIONS, *ANSWERS]:
        assert page.get_by_text(text).first.is_visible()
    assert page.get_by_text("Why:").first.is_visible()
    staff.close()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(Receiver.received) < 2:
        time.sleep(0.2)
    events = {json.loads(body)["event"]: (headers, body) for headers, body in Receiver.received}
    assert set(events) == {"interview.started", "interview.completed"}, "see .data/test-celery-worker.log"
    headers, body = events["interview.completed"]
    assert verify_signature(secret, headers["Parley-Signature"], body)
    assert json.loads(body)["data"]["participant"]["email"] == "phone.person@example.com"


def test_an_answer_past_the_limit_is_not_sent_and_stays_in_the_box(live_parley, page, interview):
    token, _secret = interview
    page.goto(f"{live_parley.format(host='acme.localhost')}/i/{token}/")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text(QUESTIONS[0]).wait_for()
    page.wait_for_load_state("load")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    long_answer = "We lost a week. " * 320  # 5,120 characters
    page.get_by_label("Your answer").fill(long_answer)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#answer-count")).to_contain_text("characters over the limit of 5000")
    expect(page.locator("#answer")).to_be_focused()
    assert page.get_by_label("Your answer").input_value() == long_answer
    assert posts == [] and page.locator(".bubble").count() == 1
