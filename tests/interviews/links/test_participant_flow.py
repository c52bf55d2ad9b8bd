"""The participant's interview through the public pages: consent, answers, resume, limits, completion."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django_tenants.utils import schema_context

from interviews.models import InterviewLink, LinkKind, LLMSettings, Message, Role, Session, Transcript
from outbox.models import Email
from studies.models import ContactEvent
from tests.interviews.factories import LinkFactory, async_round_with_guide
from tests.studies.factories import ParticipantFactory


def visitor() -> Client:
    return Client(HTTP_HOST="acme.localhost")


def _token(response) -> str:
    return re.search(r'name="client_token" value="([^"]+)"', response.text).group(1)


@pytest.fixture
def link(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=3, follow_ups=1, hidden_fields=["plan"])
        return LinkFactory(round=round_, event="onboarding_completed")


def start(client, link, **params) -> None:
    intro = client.get(f"/i/{link.token}/", params)
    # "About <strong>10 minutes</strong>" in the participant's language: English, or theirs when they have one.
    assert intro.status_code == 200 and "<strong>10 minutes</strong>" in intro.text
    response = client.post(f"/i/{link.token}/", {"consent": "1", **params})
    assert response.status_code == 302


def test_consent_is_required(link):
    client = visitor()
    response = client.post(f"/i/{link.token}/", {})
    assert response.status_code == 400 and "tick the box" in response.text


def test_an_answer_is_saved_and_the_interviewer_replies_without_javascript(world, link):
    client = visitor()
    start(client, link, plan="pro", secret="x")
    chat = client.get(f"/i/{link.token}/")
    assert "Tell me about step 1 of getting started." in chat.text and "Question 1 of 3" in chat.text
    response = client.post(
        f"/i/{link.token}/answer/",
        {"text": "I was frustrated because the import kept failing on my spreadsheet.", "client_token": _token(chat)},
    )
    assert response.status_code == 302
    page = client.get(f"/i/{link.token}/")
    assert "the import kept failing" in page.text
    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
        messages = list(session.messages.order_by("order").values_list("role", "kind"))
    assert messages == [("interviewer", "question"), ("participant", "answer"), ("interviewer", "probe")]
    assert session.hidden_attributes == {"plan": "pro", "event": "onboarding_completed"}


def test_htmx_answer_swaps_the_chat_in_place(world, link):
    client = visitor()
    start(client, link)
    chat = client.get(f"/i/{link.token}/")
    response = client.post(
        f"/i/{link.token}/answer/",
        {"text": "It was fine.", "client_token": _token(chat)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    # The turn joins the page: the answer and the interviewer's reply appended to the list, the progress, and the
    # new form in place of the one sent; not the question the page already shows.
    assert (response.headers["HX-Retarget"], response.headers["HX-Reswap"]) == ("#composer", "outerHTML")
    assert '<ol hx-swap-oob="beforeend:#messages">' in response.text and '<section id="chat"' not in response.text
    assert "It was fine." in response.text and 'name="text"' in response.text and 'id="composer"' in response.text
    assert response.text.count('class="bubble ') == 2 and "step 1 of getting started" not in response.text
    # Sent again (the same client token, as a double click does): nothing new to add, so the whole chat.
    again = client.post(f"/i/{link.token}/answer/", {"text": "It was fine.", "client_token": _token(chat)},
                        headers={"HX-Request": "true"})  # fmt: skip
    assert again.status_code == 200 and "HX-Retarget" not in again.headers
    assert again.text.lstrip().startswith('<section id="chat"') and again.text.count("It was fine.") == 1


def test_a_double_submit_keeps_one_answer(world, link):
    client = visitor()
    start(client, link)
    token = _token(client.get(f"/i/{link.token}/"))
    for _ in range(2):
        client.post(f"/i/{link.token}/answer/", {"text": "Only once, please.", "client_token": token})
    with schema_context(world.acme.schema_name):
        answers = Message.objects.filter(session__link=link, role="participant")
        assert list(answers.values_list("text", flat=True)) == ["Only once, please."]


def test_an_empty_answer_is_refused_and_nothing_is_saved(world, link):
    client = visitor()
    start(client, link)
    response = client.post(f"/i/{link.token}/answer/", {"text": "   ", "client_token": "t1"})
    assert response.status_code == 400 and "Write an answer first" in response.text
    with schema_context(world.acme.schema_name):
        assert not Message.objects.filter(session__link=link, role="participant").exists()


def test_a_long_answer_is_never_cut_the_page_warns_and_the_server_refuses_keeping_the_draft(world, link):
    client = visitor()
    start(client, link)
    chat = client.get(f"/i/{link.token}/").text
    box = re.search(r"<textarea[^>]*>", chat).group(0)
    assert "maxlength" not in box and 'data-limit="5000"' in box and "Up to 5000 characters." in chat
    draft = "We lost a week. " * 320  # 5,120 characters
    response = client.post(f"/i/{link.token}/answer/", {"text": draft, "client_token": "long"})
    assert response.status_code == 400 and "keep it under 5000 characters" in response.text
    assert draft.strip() in response.text  # the participant's words come back to shorten, not lost
    error = re.search(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S).group(1)
    assert "We lost a week" not in error and len(error) < 200  # the message does not repeat the answer
    with schema_context(world.acme.schema_name):
        assert not Message.objects.filter(session__link=link, role="participant").exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_megabyte_is_not_echoed_back(world, link, htmx):
    client = visitor()
    start(client, link)
    pasted = "A pasted log line that goes on. " * 32_768  # 1 MiB
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(f"/i/{link.token}/answer/", {"text": pasted, "client_token": "paste"}, **headers)
    assert response.status_code == 400 and "keep it under 5000 characters" in response.text
    assert "A pasted log line" not in response.text and len(response.content) < 20_000
    assert "1,048,576 characters" in response.text and "Back button" in response.text
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", response.text, re.S).group(1)
    assert box == ""
    with schema_context(world.acme.schema_name):
        assert not Message.objects.filter(session__link=link, role="participant").exists()


def test_an_open_link_resumes_on_the_same_device_and_by_resume_address(world, link):
    client = visitor()
    start(client, link)
    client.post(f"/i/{link.token}/answer/", {"text": "First answer here.", "client_token": "a"})
    assert "First answer here." in client.get(f"/i/{link.token}/").text
    stranger = visitor()
    assert "I agree" in stranger.get(f"/i/{link.token}/").text  # someone else starts their own interview
    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
    other_device = visitor()
    assert "First answer here." in other_device.get(f"/i/{link.token}/?resume={session.resume_token}").text


def test_a_personal_link_resumes_on_any_device(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=2)
        person = ParticipantFactory()
        link = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=person)
    start(visitor(), link)
    phone = visitor()
    phone.post(f"/i/{link.token}/answer/", {"text": "From my phone.", "client_token": "p1"})
    assert "From my phone." in visitor().get(f"/i/{link.token}/").text
    with schema_context(world.acme.schema_name):
        assert Session.objects.filter(link=link).count() == 1


def test_completing_the_guide_makes_a_transcript_and_records_the_interview(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=2, follow_ups=0)
        person = ParticipantFactory()
        link = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=person)
    client = visitor()
    start(client, link)
    client.post(f"/i/{link.token}/answer/", {"text": "We set it up in a day.", "client_token": "1"})
    client.post(f"/i/{link.token}/answer/", {"text": "Then we invited the team.", "client_token": "2"})
    done = client.get(f"/i/{link.token}/")
    assert "Thank you!" in done.text
    with schema_context(world.acme.schema_name):
        transcript = Transcript.objects.get(session__link=link)
        texts = list(transcript.utterances.order_by("order").values_list("speaker_role", "text"))
        assert ("participant", "Then we invited the team.") in texts and texts[-1][0] == "interviewer"
        assert ContactEvent.objects.filter(participant=person, kind="interview", channel="async").count() == 1
    assert client.post(f"/i/{link.token}/answer/", {"text": "more", "client_token": "3"}).status_code == 302


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"disabled_at": timezone.now()}, "no longer active"),
        ({"opens_at": timezone.now() + timedelta(days=2)}, "This interview opens on"),
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "has closed"),
        ({"max_responses": 0}, "has all the responses it needs"),
    ],
)
def test_link_limits_and_dates(world, link, change, message):
    with schema_context(world.acme.schema_name):
        InterviewLink.objects.filter(pk=link.pk).update(**change)
    response = visitor().get(f"/i/{link.token}/")
    assert response.status_code == 410 and message in response.text
    assert visitor().post(f"/i/{link.token}/", {"consent": "1"}).status_code == 410


def test_unknown_token_is_404_and_tokens_are_long(world, link):
    assert visitor().get("/i/not-a-real-token/").status_code == 404
    assert len(link.token) >= 32  # 24 random bytes: 192 bits
    assert Client(HTTP_HOST="globex.localhost").get(f"/i/{link.token}/").status_code == 404


def test_finish_later_emails_the_resume_address(world, link):
    client = visitor()
    start(client, link)
    bad = client.post(f"/i/{link.token}/later/", {"email": "not-an-email"})
    assert bad.status_code == 400 and "Enter an email address" in bad.text
    assert "We sent a link" in client.post(f"/i/{link.token}/later/", {"email": "me@example.com"}).text
    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
        email = Email.objects.get(to="me@example.com", template="interview-resume")
    assert f"/i/{link.token}/?resume={session.resume_token}" in email.body_text


def in_one_window():
    """The middle of this minute, held still: the limits count in minute windows, and requests that straddled a
    minute's end would be counted in two."""
    return time_machine.travel(time.time() // 60 * 60 + 30, tick=False)


def test_rate_limit_per_address(world, link, settings):
    settings.PARLEY_RATE_LIMIT_PER_ADDRESS = 3
    client = Client(HTTP_HOST="acme.localhost", REMOTE_ADDR="203.0.113.9")
    with in_one_window():
        codes = [client.get(f"/i/{link.token}/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_a_broken_llm_never_shows_the_participant_an_error(world, link):
    from config.crypto import encrypt

    with schema_context(world.acme.schema_name):
        LLMSettings.objects.create(pk=1, backend="openai", base_url="http://127.0.0.1:9/v1", model="m",
                                   api_key_encrypted=encrypt("sk-test"))  # fmt: skip
    client = visitor()
    start(client, link)
    response = client.post(
        f"/i/{link.token}/answer/", {"text": "I was annoyed by the slow export.", "client_token": "x"}, follow=True
    )
    # The answer is saved and shown at once; the reply is a worker's to make (none runs here): the page says the
    # interviewer is typing and, without JavaScript, refreshes itself.
    assert response.status_code == 200 and "slow export" in response.text
    assert "The interviewer is typing" in response.text and '<meta http-equiv="refresh"' in response.text
    # Polled, still typing: a new poller due in 300 ms, nothing else changes on the page.
    poll = client.get(f"/i/{link.token}/reply/", headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "HX-Retarget" not in poll.headers
    assert 'class="poller"' in poll.text and 'hx-trigger="load delay:300ms"' in poll.text and "slow" not in poll.text
    # No worker came: once the reply is overdue the page asks the model itself, which fails, and offline answers.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        page = client.get(f"/i/{link.token}/")
    assert page.status_code == 200 and "The interviewer is typing" not in page.text
    with schema_context(world.acme.schema_name):
        reply = Message.objects.filter(session__link=link, role="interviewer").order_by("-order").first()
    assert reply.order == 3 and reply.backend == "offline" and reply.fallback_error
    assert escape(reply.text) in page.text


def test_a_forged_forwarded_address_does_not_escape_the_rate_limit(world, link, settings):
    settings.PARLEY_RATE_LIMIT_PER_ADDRESS = 2
    with in_one_window():
        codes = [
            Client(HTTP_HOST="acme.localhost", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
            .get(f"/i/{link.token}/")
            .status_code
            for i in range(4)
        ]
    assert codes == [200, 200, 429, 429]


def test_the_participants_locale_chooses_the_interviewers_language_and_a_refusal_is_never_probed(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=2, follow_ups=2)
        person = ParticipantFactory(locale="fr-CA")
        link = LinkFactory(round=round_, kind=LinkKind.PERSONAL, participant=person)
    client = visitor()
    start(client, link)
    client.post(f"/i/{link.token}/answer/", {"text": "Je préfère ne pas en parler.", "client_token": "r1"})
    with schema_context(world.acme.schema_name):
        reply = Session.objects.get(link=link).messages.order_by("order").last()
        second = round_.questions.order_by("order")[1]
    assert (reply.kind, reply.question_id) == ("question", second.pk)
    assert reply.text == f"Bien sûr, aucun problème. {second.text}"
    assert reply.text in client.get(f"/i/{link.token}/").text


@pytest.mark.parametrize(
    ("replies", "expected"),
    [([], 1000), ([("offline", 4)], 1000), ([("openai", 2100)], 2100), ([("openai", 2100), ("offline", 3)], 2100),
     ([("openai", 900), ("openai", 2500)], 2500), ([("openai", 40)], 300), ([("openai", 60_000)], 10_000)],
)  # fmt: skip
def test_the_first_poll_comes_about_when_the_model_replied_last_time(world, replies, expected):
    from interviews.links.views.participant import _first_poll_ms

    messages = [Message(role=Role.INTERVIEWER, backend=backend, latency_ms=ms) for backend, ms in replies]
    with schema_context(world.globex.schema_name):  # no model replies there: a new interview waits a second
        assert _first_poll_ms([*messages, Message(role=Role.PARTICIPANT)]) == expected


def test_a_new_interview_polls_when_the_workspaces_last_model_reply_came(world):
    from interviews.links.views.participant import _first_poll_ms

    with schema_context(world.acme.schema_name):
        link = LinkFactory(round=async_round_with_guide(questions=1))
        session = Session.objects.create(link=link, round=link.round)
        Message.objects.create(session=session, order=0, role=Role.INTERVIEWER, kind="question", text="Q",
                               backend="openai", latency_ms=1700)  # fmt: skip
        assert _first_poll_ms([Message(role=Role.PARTICIPANT)]) == 1700


def test_an_answer_that_asks_to_stop_takes_the_htmx_page_to_the_thank_you(world, link):
    client = visitor()
    start(client, link)
    chat = client.get(f"/i/{link.token}/")
    stop = {"text": "Sorry, I have to go now, can we stop here?", "client_token": _token(chat)}
    response = client.post(f"/i/{link.token}/answer/", stop, HTTP_HX_REQUEST="true")
    # Not the chat again with an answer box under the goodbye: the whole page goes to the thank-you.
    assert response.status_code == 204 and response["HX-Redirect"] == f"/i/{link.token}/"
    done = client.get(f"/i/{link.token}/")
    assert done.status_code == 200 and "Thank you" in done.text and 'name="text"' not in done.text
    with schema_context(world.acme.schema_name):
        assert Session.objects.get(link=link).status == "completed"
