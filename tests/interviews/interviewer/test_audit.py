"""The entry point without a model, and the probe audit shown on the staff session page."""

import pytest

from interviews.interviewer import audit_probe, fallback_count, next_turn
from interviews.interviewer.base import GuideItem, InterviewState, Line

GUIDE = [
    GuideItem(id=1, text="Tell me about the last time you exported a report."),
    GuideItem(id=2, text="Walk me through how you share results."),
]
ANSWER = "Honestly the export kept timing out, so I gave up on it."


def test_without_a_config_the_offline_interviewer_answers():
    state = InterviewState(
        guide=GUIDE,
        conversation=[Line("interviewer", GUIDE[0].text, 1, "question"), Line("participant", ANSWER, 1, "answer")],
        current_index=0,
        probes_on_current=0,
        minutes_elapsed=1.5,
    )
    before = fallback_count()
    turn = next_turn(state, None)
    assert (turn.action, turn.backend, turn.fallback_error) == ("probe", "offline", "")
    assert "the export kept timing out" in turn.text
    assert fallback_count() == before  # no model, so nothing fell back


@pytest.mark.parametrize(
    ("probe", "lint", "refers"),
    [
        ("You mentioned “the export kept timing out”. Can you tell me more about that?", [], True),
        ('You said "gave up on it". What happened next?', [], True),
        ("How did the export fail?", [], True),  # reuses "export", a content word of the answer
        ("Can you give me an example?", [], False),  # only template words
        ("You mentioned “the pricing page”. Can you tell me more about that?", [], False),  # not their words
        ("Don't you think exports are slow?", ["leading", "yes_no_opener"], False),
        ("On a scale of 1 to 10, how bad was the export?", ["survey_speak"], True),  # a scale names both ends
    ],
)
def test_audit_probe(probe, lint, refers):
    audit = audit_probe(probe, ANSWER)
    assert set(audit) == {"lint", "refers_to_answer"}
    assert sorted(audit["lint"]) == sorted(lint)
    assert audit["refers_to_answer"] is refers
