"""One neutral question per insight: offline templates that pass the linter and never carry the claim, and the
model's questions, linted, with the offline question standing in when the model fails or leads."""

import json

import pytest

from interviews.interviewer.config import LLMConfig
from studies.guides.lint import lint_question
from synthesis.validation.questions import draft_questions, offline_question, topic_of
from tests.interviews.llm_server import FakeLLM
from tests.synthesis.validation.test_classify import cases

STATEMENTS = sorted({c["statement"] for c in cases("development") + cases("heldout")})


def test_the_example_of_the_brief():
    question = offline_question("Teams churn because onboarding takes weeks.")
    assert (
        question == "Tell me about the last time you dealt with onboarding. How long did it take, from start to finish?"
    )
    assert topic_of("Admins find the permissions settings confusing.") == "permissions settings"


@pytest.mark.parametrize("statement", STATEMENTS)
def test_every_offline_question_passes_the_linter_and_leaves_the_claim_out(statement):
    question = offline_question(statement)
    assert lint_question(question) == [], question
    lowered = question.lower()
    assert "agree" not in lowered and not lowered.startswith(("do ", "does ", "is ", "are ", "did "))
    for judgement in ("confusing", "unreliable", "frustrat", "unfair", "inconsistent", "churn", "because"):
        assert judgement not in lowered, question


@pytest.fixture(scope="module")
def llm():
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def config(llm):
    llm.reset()
    yield LLMConfig(base_url=llm.base_url, api_key="sk-test", model="writer", timeout=2)
    llm.reset()


INSIGHTS = [(7, "Teams churn because onboarding takes weeks."), (9, "Admins find the permissions settings confusing.")]


def test_the_model_s_neutral_questions_are_used_and_linted(llm, config):
    neutral = "Tell me about the first weeks of setting up the tool. How long did it take before it was useful?"
    leading = "Don't you agree that the permissions settings are confusing?"
    llm.set("good", content=json.dumps({"questions": [{"insight_id": 7, "text": neutral},
                                                      {"insight_id": 9, "text": leading}]}))  # fmt: skip
    first, second = draft_questions(INSIGHTS, config)
    assert (first.backend, first.text, first.lint) == ("openai", neutral, [])
    assert second.backend == "offline" and second.text == offline_question(INSIGHTS[1][1])
    assert "leading" in second.note and leading in second.note
    body = llm.requests[0]["body"]
    assert body["response_format"]["json_schema"]["strict"] is True
    assert "[insight_id=9] Admins find the permissions settings confusing." in llm.prompt()


@pytest.mark.parametrize("mode", ["error", "invalid"])
def test_a_failing_model_leaves_the_offline_questions(llm, config, mode):
    llm.set(mode)
    drafted = draft_questions(INSIGHTS, config)
    assert [d.text for d in drafted] == [offline_question(s) for _, s in INSIGHTS]
    assert all(d.backend == "offline" and "The model failed" in d.note for d in drafted)
