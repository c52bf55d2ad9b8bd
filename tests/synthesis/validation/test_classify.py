"""The offline classifier measured on a labelled set written before its rules, split once by insight into a
development half (the rules were written against it) and a held-out half (never tuned on); and the model's path."""

import json
from collections import Counter
from pathlib import Path

import pytest

from interviews.interviewer.config import LLMConfig
from synthesis.models import Verdict
from synthesis.validation.classify import classify, classify_offline
from tests.interviews.llm_server import FakeLLM

HERE = Path(__file__).parent
VERDICTS = list(Verdict.values)
# Floors just under what the rules reach: development 82/88, held-out 72/88.
FLOORS = {"development": 0.92, "heldout": 0.80}


def cases(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / f"verdicts_{name}.jsonl").read_text().splitlines() if line]


def test_the_labelled_set_is_big_varied_and_split_by_insight():
    development, heldout = cases("development"), cases("heldout")
    assert len(development) + len(heldout) >= 160
    assert not {c["statement"] for c in development} & {c["statement"] for c in heldout}
    for half in (development, heldout):
        counts = Counter(c["verdict"] for c in half)
        assert set(counts) == set(VERDICTS) and min(counts.values()) >= 15


@pytest.mark.parametrize("name", ["development", "heldout"])
def test_accuracy_and_confusion_on_each_half(name, report):
    rows = cases(name)
    confusion = Counter()
    for case in rows:
        got = classify_offline(case["answer"], case["statement"])
        assert got.quote and got.quote in case["answer"], "the deciding quote is the answer's exact words"
        confusion[(case["verdict"], got.verdict)] += 1
    right = sum(confusion[(v, v)] for v in VERDICTS)
    accuracy = right / len(rows)
    report(f"validation classifier (offline), {name} half: accuracy {accuracy:.2f} ({right}/{len(rows)})")
    report(f"  {'labelled \\ got':<16}" + "".join(f"{v:>13}" for v in VERDICTS))
    for labelled in VERDICTS:
        report(f"  {labelled:<16}" + "".join(f"{confusion[(labelled, got)]:>13}" for got in VERDICTS))
    assert accuracy >= FLOORS[name]


def test_examples_a_researcher_would_expect():
    statement = "Teams churn because onboarding takes weeks."
    slow = classify_offline("We signed in March. It took us about two months before anyone used it.", statement)
    assert slow.verdict == Verdict.CONFIRMS and slow.quote == "It took us about two months before anyone used it."
    fast = classify_offline("We were up and running the same afternoon.", statement)
    assert fast.verdict == Verdict.CONTRADICTS
    unsure = classify_offline("I'm not sure, someone else set it up.", statement)
    assert unsure.verdict == Verdict.UNCLEAR


@pytest.fixture(scope="module")
def llm():
    server = FakeLLM(hang_seconds=5).start()
    yield server
    server.stop()


@pytest.fixture
def config(llm):
    llm.reset()
    yield LLMConfig(base_url=llm.base_url, api_key="sk-test", model="judge", timeout=2)
    llm.reset()


ANSWER = "Setup was painless. We had our first project live on day two."
STATEMENT = "Teams churn because onboarding takes weeks."


def test_the_model_s_verdict_counts_when_its_quote_is_in_the_answer(llm, config):
    llm.set("good", content=json.dumps({"verdict": "contradicts", "quote": "We had our first project live on day two.",
                                        "reason": "Live within two days."}))  # fmt: skip
    got = classify(ANSWER, STATEMENT, config)
    assert (got.verdict, got.quote, got.reason, got.backend) == (
        "contradicts",
        "We had our first project live on day two.",
        "Live within two days.",
        "openai",
    )
    schema = llm.requests[0]["body"]["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["schema"]["properties"]["verdict"]["enum"] == VERDICTS


def test_a_quote_not_in_the_answer_means_the_offline_verdict(llm, config):
    llm.set("good", content=json.dumps({"verdict": "confirms", "quote": "Setup took forever.", "reason": "Slow."}))
    got = classify(ANSWER, STATEMENT, config)
    offline = classify_offline(ANSWER, STATEMENT)
    assert got.backend == "offline" and got.verdict == offline.verdict and got.quote == offline.quote
    assert "not in the answer" in got.reason


@pytest.mark.parametrize("mode", ["error", "invalid"])
def test_a_failing_model_means_the_offline_verdict(llm, config, mode):
    llm.set(mode)
    got = classify(ANSWER, STATEMENT, config)
    assert got.backend == "offline" and got.verdict == classify_offline(ANSWER, STATEMENT).verdict
    assert "the model failed" in got.reason
