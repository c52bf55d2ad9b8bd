"""The OpenAI-compatible interviewer, with the real `openai` client against a local server, and its fallbacks."""

import json
import logging
import socket
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from interviews.interviewer import fallback_count, next_turn
from interviews.interviewer.base import GuideItem, InterviewState, Line
from interviews.interviewer.config import DEFAULT_MODEL, MAX_TIMEOUT, LLMConfig
from interviews.interviewer.openai_backend import OpenAIInterviewer

TIMEOUT = 1.0
GUIDE = [
    GuideItem(
        id=11,
        text="Tell me about the last time you exported a report.",
        intent="Learn what makes exporting slow or fail.",
        probing="Ask for the steps and the tools involved.",
        max_follow_ups=2,
    ),
    GuideItem(id=12, text="Walk me through how you share results with your team.", intent="Sharing habits."),
]
ANSWER = "Honestly the export kept timing out, so I copied everything into Excel by hand."


def make_state(*, probes=0, asked: tuple[str, ...] = (), answer=ANSWER) -> InterviewState:
    lines = [Line("interviewer", GUIDE[0].text, 11, "question")]
    for probe in asked:
        lines += [Line("participant", "It was slow.", 11, "answer"), Line("interviewer", probe, 11, "probe")]
    lines.append(Line("participant", answer, 11, "answer"))
    return InterviewState(
        guide=GUIDE,
        conversation=lines,
        current_index=0,
        probes_on_current=probes,
        minutes_elapsed=1.5,
        study_title="Export pains",
        research_goal="Find why finance teams give up on exports",
    )


@pytest.fixture
def config(llm_server):
    return LLMConfig(base_url=llm_server.base_url, api_key="test-key", model="test-model", timeout=TIMEOUT)


def model_says(llm_server, mode="good", **turn):
    llm_server.set(mode, content=json.dumps(turn))


def test_good_reply_is_the_models_probe(llm_server, config):
    turn = next_turn(make_state(), config)
    assert turn.action == "probe"
    assert turn.text == "You mentioned “Honestly the export kept timing out”. Can you tell me more about that?"
    assert turn.reason == "The answer names something worth hearing more about."
    assert (turn.backend, turn.model, turn.tokens_in, turn.tokens_out) == ("openai", "test-model", 321, 42)
    assert 0 <= turn.latency_ms < TIMEOUT * 1000
    assert turn.fallback_error == ""


def test_the_request_carries_the_rules_the_question_and_the_answer(llm_server, config):
    next_turn(make_state(asked=("You mentioned “slow”. Can you tell me more about that?",), probes=1), config)
    assert len(llm_server.requests) == 1
    request = llm_server.requests[0]
    body = request["body"]
    assert body["model"] == "test-model"
    assert request["headers"]["authorization"] == "Bearer test-key"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert (fmt["json_schema"]["name"], fmt["json_schema"]["strict"]) == ("interviewer_turn", True)
    schema = fmt["json_schema"]["schema"]
    assert schema["properties"]["action"]["enum"] == ["probe", "next"]
    assert set(schema["required"]) == {"action", "text", "reason"}
    system, user = body["messages"]
    assert system["role"] == "system"
    assert "Never lead" in system["content"] and "One question at a time" in system["content"]
    assert "You mentioned X. Can you tell me more?" in system["content"]
    prompt = llm_server.prompt()
    for expected in (
        GUIDE[0].text,
        GUIDE[0].intent,
        GUIDE[0].probing,
        ANSWER,
        "Export pains",
        "Find why finance teams give up on exports",
        "Follow-ups left on this question: 1 (asked 1 of 2)",
        "- You mentioned “slow”. Can you tell me more about that?",
        f"Next guide question: {GUIDE[1].text}",
        "Participant's language: English (en); write the probe in English.",
        "The latest answer reads as: substantive. Probe if it adds something the intent needs, otherwise choose next.",
    ):
        assert expected in prompt
    assert user["content"].rstrip().endswith("Decide the next turn for the participant's latest answer.")


def test_models_next_becomes_the_guide_question_verbatim(llm_server, config):
    model_says(llm_server, action="next", text="Moving on: how do you share?", reason="The answer is rich.")
    turn = next_turn(make_state(), config)
    assert (turn.action, turn.next_index, turn.text) == ("next", 1, GUIDE[1].text)
    assert (turn.backend, turn.reason, turn.fallback_error) == ("openai", "The answer is rich.", "")


def test_no_request_when_the_policy_decides(llm_server, config):
    turn = next_turn(make_state(probes=2), config)
    assert (turn.action, turn.backend) == ("next", "policy")
    assert llm_server.requests == []


def test_server_error_falls_back_to_offline(llm_server, config, caplog):
    llm_server.set("error")
    before = fallback_count("http_status")
    with caplog.at_level(logging.WARNING, logger="interviews.interviewer"):
        turn = next_turn(make_state(), config)
    assert turn.backend == "offline"
    assert turn.action == "probe" and "“" in turn.text  # a real offline probe, quoting the participant
    assert turn.fallback_error == "The model endpoint answered HTTP 500."
    assert turn.meta["fallback_kind"] == "http_status"
    assert fallback_count("http_status") == before + 1
    assert len(llm_server.requests) == 2  # the one retry
    assert any("http_status" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert "test-key" not in caplog.text


def test_hanging_server_falls_back_within_the_timeout(llm_server, config):
    llm_server.set("hang")
    before = fallback_count("timeout")
    started = time.monotonic()
    turn = next_turn(make_state(), config)
    elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT + 0.5  # the participant never waits longer than the timeout
    assert turn.backend == "offline" and turn.action == "probe"
    assert "did not answer within" in turn.fallback_error
    assert fallback_count("timeout") == before + 1


def test_the_whole_wait_retry_included_is_the_timeout_at_most_15_s():
    backend = OpenAIInterviewer(LLMConfig(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", timeout=60))
    assert backend.deadline == MAX_TIMEOUT == 15


def test_unreachable_endpoint_falls_back(config):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", api_key="k", model="m", timeout=TIMEOUT)
    turn = next_turn(make_state(), dead)
    assert turn.backend == "offline"
    assert turn.fallback_error == "Could not connect to the model endpoint."


def test_text_that_is_not_json_falls_back(llm_server, config):
    llm_server.set("invalid")
    before = fallback_count("invalid_json")
    turn = next_turn(make_state(), config)
    assert (turn.backend, turn.fallback_error) == ("offline", "The model's reply is not JSON.")
    assert fallback_count("invalid_json") == before + 1


@pytest.mark.parametrize(
    ("turn", "error"),
    [
        (
            {"action": "probe", "text": "Don't you think the export is too slow?", "reason": "r"},
            "The model's probe is leading: Don't you think the export is too slow?",
        ),
        (
            {"action": "probe", "text": "On a scale of 1 to 10, what would you give the export?", "reason": "r"},
            "The model's probe is survey_speak: On a scale",
        ),
        (
            {"action": "probe", "text": "What happened? And what did you do then?", "reason": "r"},
            "The model's probe asks more than one question.",
        ),
        ({"action": "probe", "text": "   ", "reason": "r"}, "The model's text is empty."),
        ({"action": "probe", "text": "Why " * 120 + "?", "reason": "r"}, "The model's text is too long"),
        ({"action": "skip", "text": "Next.", "reason": "r"}, "The model chose an unknown action 'skip'."),
        (
            {"action": "probe", "text": "You mentioned “slow”. Can you tell me more about that?", "reason": "r"},
            "The model repeated a probe already asked.",
        ),
    ],
)
def test_unusable_output_falls_back(llm_server, config, turn, error):
    llm_server.set("invalid", content=json.dumps(turn))
    before = fallback_count("invalid_output")
    result = next_turn(make_state(asked=("You mentioned “slow”. Can you tell me more about that?",), probes=1), config)
    assert result.backend == "offline"
    assert result.fallback_error.startswith(error)
    assert fallback_count("invalid_output") == before + 1


def test_a_page_that_is_not_a_chat_completion_falls_back(llm_server, config):
    llm_server.set("invalid", raw="<html><body>Bad gateway</body></html>")
    turn = next_turn(make_state(), config)
    assert (turn.backend, turn.fallback_error) == ("offline", "The model endpoint's reply is not a chat completion.")


def test_a_quoted_question_mark_is_still_one_question(llm_server, config):
    # The participant's own words are theirs: a quoted question is neither a second question nor a leading one.
    answer = "Honestly, why does the export take so long? I copied everything into Excel by hand."
    text = "You said “why does the export take so long?”. Can you tell me more about that?"
    model_says(llm_server, action="probe", text=text, reason="Quoted their question.")
    turn = next_turn(make_state(answer=answer), config)
    assert (turn.backend, turn.text) == ("openai", text)


@pytest.mark.parametrize(
    ("answer", "probe", "broken"),
    [
        (
            "I'd rather not talk about specific customers.",
            "You mentioned “I'd rather not talk about specific customers”. Can you tell me more about that?",
            "it probes a refusal answer",
        ),
        ("No, that's all, thanks!", "You mentioned “thanks”. Can you tell me more about that?", "it probes a closing"),
        ("I can't think of one.", "You said “I can't think of one”. Why is that?", "it quotes a non answer answer"),
        ("asdfgh", "You mentioned “asdfgh”. What did you mean by that?", "it quotes a nonsense answer"),
        (
            "I hate it when the export times out in the middle of a batch.",
            "You said “I hate”. How does that affect you?",
            "its quote “I hate” is stops in the middle of a phrase",
        ),
        (
            "My boss yelled at me in front of the whole team.",
            "You said “My boss yelled at me in front”. What happened next?",
            "its quote “My boss yelled at me in front” is stops in the middle of a phrase",
        ),
        (
            "The export kept timing out.",
            "You said “the import was slow”. What happened next?",
            "its quote “the import was slow” is not the participant's words",
        ),
    ],
)
def test_a_model_probe_that_breaks_the_rules_is_replaced_by_the_offline_move(llm_server, config, answer, probe, broken):
    model_says(llm_server, action="probe", text=probe, reason="r")
    before = fallback_count("rules")
    turn = next_turn(make_state(answer=answer), config)
    assert turn.backend == "offline" and turn.meta["fallback_kind"] == "rules"
    assert turn.fallback_error.startswith(f"The model's probe breaks the rules: {broken}")
    assert fallback_count("rules") == before + 1
    offline = next_turn(make_state(answer=answer), None)
    assert (turn.action, turn.text) == (offline.action, offline.text)


def test_the_prompt_names_the_class_and_the_participants_language(llm_server, config):
    state = make_state(answer="Ich möchte dazu lieber nichts sagen.")
    model_says(llm_server, action="next", text="Weiter.", reason="Declined.")
    turn = next_turn(InterviewState(**{**state.__dict__, "language": "de"}), config)
    prompt = llm_server.prompt()
    assert "Participant's language: German (de); write the probe in German." in prompt
    assert "The latest answer reads as: refusal. They declined: choose next, never probe it or quote it." in prompt
    # the model moved on; the app acknowledges the refusal in German before the guide question, verbatim
    assert (turn.backend, turn.action, turn.text) == ("openai", "next", f"Natürlich, kein Problem. {GUIDE[1].text}")


@pytest.mark.parametrize(
    ("answer", "reads_as"),
    [
        # Classes the rules learned from the fresh set; the model is told them, and a probe after a refusal or a
        # closing is replaced.
        ("My NDA doesn't let me talk about that project, sorry.", "refusal"),
        ("next question please", "refusal"),
        ("Ich muss leider jetzt aufhören.", "closing"),
        ("I've never actually exported one myself, my PA does all that.", "non answer"),
        ("banana telephone purple", "nonsense"),
        ("I had pasta for lunch, way too much garlic.", "off topic"),
    ],
)
def test_the_model_is_told_the_class_the_rules_read(llm_server, config, answer, reads_as):
    model_says(llm_server, action="probe", text="You said “this”. Can you tell me more about that?", reason="r")
    turn = next_turn(make_state(answer=answer), config)
    assert f"The latest answer reads as: {reads_as}." in llm_server.prompt()
    if reads_as in ("refusal", "closing"):
        assert turn.action != "probe" and turn.backend == "offline" and turn.meta["fallback_kind"] == "rules"


def test_a_model_may_ask_again_once_after_nonsense_but_not_twice(llm_server, config):
    again = "No worries. Could you tell me, step by step, how you last exported a report?"
    model_says(llm_server, action="probe", text=again, reason="Asked again.")
    assert next_turn(make_state(answer="qwerty"), config).backend == "openai"
    state = make_state(answer="zzzz", asked=(again,), probes=1)
    lines = [*state.conversation]
    lines[1] = Line("participant", "qwerty", 11, "answer")  # the earlier answer on this question was nonsense too
    model_says(llm_server, action="probe", text="Sorry, in a few words: how did your last export go?", reason="r")
    turn = next_turn(InterviewState(**{**state.__dict__, "conversation": lines}), config)
    assert turn.backend == "offline" and "asks again after a second nonsense answer" in turn.fallback_error
    assert turn.action == "next"


def test_a_complete_answer_to_a_factual_question_is_not_probed(llm_server, config):
    factual = GuideItem(id=13, text="How many people work in your finance team?", max_follow_ups=2)
    state = make_state(answer="Six, including me.")
    lines = [Line("interviewer", factual.text, 13, "question"), state.conversation[-1]]
    state = InterviewState(**{**state.__dict__, "guide": [factual, *GUIDE], "conversation": lines})
    model_says(llm_server, action="probe", text="Can you tell me more about your team?", reason="r")
    turn = next_turn(state, config)
    assert turn.backend == "offline" and "it probes a short complete answer" in turn.fallback_error
    assert (turn.action, turn.text) == ("next", GUIDE[0].text)


def test_llm_config_from_env():
    assert LLMConfig.from_env({}) is None
    assert LLMConfig.from_env({"OPENAI_API_KEY": "  "}) is None
    config = LLMConfig.from_env({"OPENAI_API_KEY": "sk-test"})
    assert (config.base_url, config.api_key, config.model, config.timeout) == (None, "sk-test", DEFAULT_MODEL, 15.0)
    assert DEFAULT_MODEL == "gpt-4o-mini"
    config = LLMConfig.from_env(
        {
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": "http://llm.internal:8000/v1",
            "PARLEY_LLM_MODEL": "llama3.1",
            "PARLEY_LLM_TIMEOUT": "60",
        }
    )
    assert (config.base_url, config.model, config.timeout) == ("http://llm.internal:8000/v1", "llama3.1", 15.0)
    assert LLMConfig.from_env({"OPENAI_API_KEY": "k", "PARLEY_LLM_TIMEOUT": "2.5"}).timeout == 2.5
    with pytest.raises(ImproperlyConfigured):
        LLMConfig.from_env({"OPENAI_API_KEY": "k", "PARLEY_LLM_TIMEOUT": "soon"})


def test_llm_config_from_os_environ(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("PARLEY_LLM_MODEL", "gpt-test")
    config = LLMConfig.from_env()
    assert (config.api_key, config.model, config.base_url) == ("sk-env", "gpt-test", None)
    monkeypatch.delenv("OPENAI_API_KEY")
    assert LLMConfig.from_env() is None


def test_llm_config_caps_the_timeout_and_hides_the_key():
    config = LLMConfig(base_url="", api_key="sk-secret", model="", timeout=120)
    assert (config.timeout, config.base_url, config.model) == (MAX_TIMEOUT, None, DEFAULT_MODEL)
    assert "sk-secret" not in repr(config)
    with pytest.raises(ValueError):
        LLMConfig(base_url=None, api_key="", model="m")
    with pytest.raises(ValueError):
        LLMConfig(base_url=None, api_key="k", model="m", timeout=0)
