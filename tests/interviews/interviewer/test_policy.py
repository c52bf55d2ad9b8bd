"""The rules every interviewer backend obeys: probe limits, the time budget, and how moving on reads."""

from decimal import Decimal

import pytest

from interviews.interviewer import next_turn
from interviews.interviewer.base import GuideItem, Interviewer, InterviewState, Line, Turn
from interviews.interviewer.policy import CLOSING_TEXT, PROBE_MINUTES, decide, probe_blocker, remaining_minutes

GUIDE = [
    GuideItem(id=1, text="Tell me about the last time you exported a report.", max_follow_ups=2),
    GuideItem(id=2, text="Walk me through how you share results with your team.", max_follow_ups=2),
    GuideItem(id=3, text="What would you change first, and why?", max_follow_ups=1),
]
RICH_IN_FEELING = "I was so frustrated, the export kept timing out."


class Scripted(Interviewer):
    """A backend that returns one turn and counts how often it was asked."""

    name = "scripted"

    def __init__(self, turn: Turn):
        self.turn, self.calls = turn, 0

    def next_turn(self, state):
        self.calls += 1
        return self.turn


def state(*, index=0, probes=0, elapsed=1.5, budget=10, guide=GUIDE, answer=RICH_IN_FEELING) -> InterviewState:
    return InterviewState(
        guide=guide,
        conversation=[
            Line("interviewer", guide[index].text, guide[index].id, "question"),
            Line("participant", answer, guide[index].id, "answer"),
        ],
        current_index=index,
        probes_on_current=probes,
        minutes_elapsed=elapsed,
        time_budget_minutes=budget,
    )


PROBE = Turn(action="probe", text="You mentioned “the export”. Can you tell me more about that?", reason="r")


def test_probes_stop_at_the_questions_limit():
    backend = Scripted(PROBE)
    assert decide(state(probes=1), backend).action == "probe"
    turn = decide(state(probes=2), backend)
    assert backend.calls == 1  # the backend is not even asked once the limit is reached
    assert (turn.action, turn.next_index, turn.text) == ("next", 1, GUIDE[1].text)
    assert turn.reason == "Asked 2 of 2 follow-ups on this question: moved on."
    assert turn.backend == "policy"


def test_zero_follow_ups_means_never_probe():
    guide = [GuideItem(id=1, text="Tell me about your role.", max_follow_ups=0), GUIDE[1]]
    backend = Scripted(PROBE)
    turn = decide(state(guide=guide), backend)
    assert (turn.action, turn.next_index, backend.calls) == ("next", 1, 0)
    assert "no follow-ups" in turn.reason
    # ...whatever the answer carries, with the offline interviewer too
    assert next_turn(state(guide=guide, answer=RICH_IN_FEELING), None).action == "next"


def test_time_budget_stops_probing():
    # Questions 2 and 3 still take 3 minutes: at 6.25 minutes a 0.75-minute probe fits a 10-minute budget exactly.
    assert remaining_minutes(state()) == 3.0
    assert probe_blocker(state(elapsed=10 - 3 - PROBE_MINUTES)) == ""
    assert next_turn(state(elapsed=6.25), None).action == "probe"
    turn = next_turn(state(elapsed=6.5), None)
    assert (turn.action, turn.next_index) == ("next", 1)
    assert turn.reason.startswith("Time budget: 6.5 min used and 3 min of questions left")


def test_time_budget_follows_the_rounds_budget():
    assert next_turn(state(elapsed=6.5, budget=15), None).action == "probe"
    assert next_turn(state(elapsed=2, budget=5), None).action == "next"


def test_close_after_the_last_question():
    last = len(GUIDE) - 1
    turn = decide(state(index=last, probes=1), Scripted(PROBE))
    assert (turn.action, turn.text, turn.next_index) == ("close", CLOSING_TEXT, None)
    assert turn.reason.endswith("closed the interview.")
    # a backend's "next" on the last question closes too
    turn = decide(state(index=last), Scripted(Turn(action="next", text="Anything else?", reason="Rich answer.")))
    assert (turn.action, turn.text, turn.reason) == ("close", CLOSING_TEXT, "Rich answer.")


def test_closing_words_are_a_plain_thank_you():
    assert "thank you" in CLOSING_TEXT.lower()
    assert len(CLOSING_TEXT.split()) <= 20


@pytest.mark.parametrize("index", [0, 1])
def test_next_carries_the_guide_text_verbatim(index):
    model_next = Turn(
        action="next", text="Next, how do you share results?", reason="Rich.", backend="openai", model="m", latency_ms=7
    )
    turn = decide(state(index=index), Scripted(model_next))
    assert (turn.action, turn.next_index, turn.text) == ("next", index + 1, GUIDE[index + 1].text)
    # the backend's bookkeeping survives the normalisation
    assert (turn.backend, turn.model, turn.latency_ms, turn.reason) == ("openai", "m", 7, "Rich.")


def test_backend_probe_passes_through_unchanged():
    assert decide(state(), Scripted(PROBE)) is PROBE


def test_decimal_guide_minutes_and_fractional_budget_arithmetic():
    guide = [GuideItem(id=i, text=f"Tell me about step {i}.", estimated_minutes=Decimal("2.5")) for i in range(1, 4)]
    # 5 minutes left after question 1: 3.75 + 5 + 0.75 fits 10 minutes, 4.5 + 5 + 0.75 does not
    assert probe_blocker(state(guide=guide, elapsed=3.75, budget=10)) == ""
    assert probe_blocker(state(guide=guide, elapsed=4.5, budget=10)).startswith("Time budget")
