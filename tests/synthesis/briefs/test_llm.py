"""The brief from the OpenAI-compatible model: strict schema, pseudonym, citations checked, offline on failure."""

import json

import pytest
from django_tenants.utils import schema_context

from config.crypto import encrypt
from interviews.models import LLMSettings
from synthesis.briefs import services
from tests.synthesis.briefs.test_offline import assert_all_cited
from tests.synthesis.briefs.world import CLIENT_TRUST, PORTAL_PAIN, build


@pytest.fixture
def bw(world, llm_server, settings):
    settings.PARLEY_LLM_TIMEOUT = 2
    with schema_context(world.acme.schema_name):
        LLMSettings.objects.create(
            pk=1, backend="openai", base_url=llm_server.base_url, model="brief-test", api_key_encrypted=encrypt("sk-t")
        )
        yield build(world.researcher)


def model_says(bw, llm_server):
    portal, trust = bw.answers[PORTAL_PAIN].pk, bw.answers[CLIENT_TRUST].pk
    other_session_answer = bw.async_round.sessions.exclude(pk=bw.session.pk).first().messages.filter(
        role="participant").first()  # fmt: skip
    llm_server.set("good", content=json.dumps({
        "threads": [
            {"kind": "pain_without_story", "text": "Blocked monthly by the portal, no example given.",
             "message": portal, "quote": "blocked every month"},
            {"kind": "other", "text": "Said the export deleted their data.", "message": portal,
             "quote": "the export deleted all our data"},  # not in the answer: fabricated
            {"kind": "other", "text": "Someone else's words.", "message": other_session_answer.pk,
             "quote": other_session_answer.text},  # another session's answer
        ],
        "follow_ups": [
            {"after_question": bw.sync_questions[1].pk, "text": "Earlier you said “the client portal cannot show our "
             "charts”. Can you walk me through the last time that happened?", "message": portal,
             "quote": "the client portal cannot show our charts"},
            {"after_question": bw.sync_questions[2].pk, "text": "Don't you think clients are right to distrust you?",
             "message": trust, "quote": "clients stop trusting our numbers"},
            {"after_question": 999999, "text": "Where does this go?", "message": trust, "quote": "our numbers"},
        ],
    }))  # fmt: skip


def test_model_statements_cite_real_answers_and_fabrications_are_dropped_and_counted(bw, world, llm_server):
    with schema_context(world.acme.schema_name):
        model_says(bw, llm_server)
        brief = services.brief_generate(booking=bw.booking, actor=world.researcher)
        assert (brief.backend, brief.model) == ("openai", "brief-test")
        assert brief.dropped == 3  # the fabricated quote, the other session's answer, the unknown guide question
        content = brief.content
        assert_all_cited(content, bw.session)
        assert [t["text"] for t in content["threads"]] == ["Blocked monthly by the portal, no example given."]
        portal, wrong = content["guide"][1], content["guide"][2]
        assert [f["citation"]["quote"] for f in portal["follow_ups"]] == ["the client portal cannot show our charts"]
        assert portal["follow_ups"][0]["lint"] == []
        assert "leading" in wrong["follow_ups"][0]["lint"]  # kept, and shown with its lint codes
        [request] = llm_server.requests
        schema = request["body"]["response_format"]["json_schema"]
        assert schema["strict"] is True and schema["name"] == "host_brief"
        prompt = llm_server.prompt()
        assert f"[message={bw.answers[PORTAL_PAIN].pk}] P{bw.person.pk}: {PORTAL_PAIN}" in prompt
        assert "mia@example.com" not in prompt and "Mia Jones" not in prompt
        assert f"[question={bw.sync_questions[0].pk}]" in prompt


@pytest.mark.parametrize("mode", ["error", "hang", "invalid"])
def test_model_down_gives_the_offline_brief(bw, world, llm_server, client_for, mode):
    llm_server.set(mode)
    response = client_for(world.viewer).get(f"/bookings/{bw.booking.pk}/brief/")
    assert response.status_code == 200
    with schema_context(world.acme.schema_name):
        brief = bw.booking.__class__.objects.get(pk=bw.booking.pk).brief
        assert brief.backend == "offline" and brief.content["fallback"]
        assert {t["kind"] for t in brief.content["threads"]} == {"unprobed", "pain_without_story", "contradicts_theme"}
    assert "built offline" in response.content.decode()
