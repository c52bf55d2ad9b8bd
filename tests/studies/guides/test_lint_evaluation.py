"""The guide linter measured on data/questions.json: 441 questions labelled by hand, split once by a hash of the text
into a development half (the rules were written against its failures) and a held-out half (only measured).

Before issue 14's rules the linter scored, on the held-out half, recall 0.80 survey_speak, 0.46 leading, 0.47
double_barrelled, 0.92 yes_no_opener, 0.41 jargon, 0.00 hypothetical. The held-out figures below were read once, after
the rules were done; the held-out misses were then looked at but no rule was changed for them (see FLOORS).
"""

import hashlib
import json
from pathlib import Path

import pytest

from studies.guides.lint import CODES, lint_question

DATA = json.loads((Path(__file__).parent / "data" / "questions.json").read_text())
QUESTIONS = DATA["questions"]
# (precision, recall) floors per code, just under what the rules reach. Held-out recall is short of the 0.9 target for
# leading (0.71: praise, "Because ... now" and "What makes ... so ..." premises missed), hypothetical (0.75: "What
# would you do if...", "...would use" after its subject) and jargon (0.45: a word list knows only the terms it has).
FLOORS = {
    "development": dict.fromkeys(CODES, (0.95, 0.93)),
    "heldout": {
        "survey_speak": (0.95, 0.95),
        "leading": (0.95, 0.70),
        "double_barrelled": (0.93, 0.88),
        "yes_no_opener": (0.95, 0.95),
        "hypothetical": (0.95, 0.73),
        "jargon": (0.95, 0.43),
        "too_long": (0.95, 0.95),
    },
}


def half(name: str) -> list[dict]:
    return [q for q in QUESTIONS if q["split"] == name]


def test_the_set_is_big_varied_and_split_once_by_its_recorded_rule():
    assert len(QUESTIONS) >= 300
    assert len({q["text"] for q in QUESTIONS}) == len(QUESTIONS), "duplicate questions"
    assert "sha256" in DATA["split_rule"]
    for q in QUESTIONS:
        first = int(hashlib.sha256(q["text"].encode()).hexdigest()[0], 16)
        assert q["split"] == ("development" if first % 2 == 0 else "heldout"), q["text"]
        assert set(q["codes"]) <= set(CODES)
    for name in ("development", "heldout"):
        rows = half(name)
        assert sum(not q["codes"] for q in rows) >= 40, "clean questions"
        for code in CODES:
            assert sum(code in q["codes"] for q in rows) >= 15, (name, code)


@pytest.mark.parametrize("name", ["development", "heldout"])
def test_precision_and_recall_per_code(name, report):
    rows = half(name)
    found = [{issue.code for issue in lint_question(q["text"])} for q in rows]
    report(f"Guide linter, {name} half of data/questions.json ({len(rows)} questions):")
    report(f"  {'code':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    low = []
    for code in CODES:
        tp = sum(code in got and code in q["codes"] for q, got in zip(rows, found, strict=True))
        fp = sum(code in got and code not in q["codes"] for q, got in zip(rows, found, strict=True))
        fn = sum(code not in got and code in q["codes"] for q, got in zip(rows, found, strict=True))
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        report(f"  {code:<18}{tp:>4}{fp:>4}{fn:>4}{precision:>11.2f}{recall:>8.2f}")
        floor_p, floor_r = FLOORS[name][code]
        if precision < floor_p or recall < floor_r:
            low.append((code, round(precision, 2), round(recall, 2)))
    assert not low, f"below the floors on the {name} half: {low}"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Misses and false alarms quoted in issue 14.
        ("Most of our users say search is the best part; what do you think?", {"leading"}),
        ("Given how much time it saves, how often do you use autofill?", {"leading"}),
        ("To what extent do you agree that the new editor is easier?", {"survey_speak"}),
        ("How do you feel about the price and the contract terms?", {"double_barrelled"}),
        ("How quick and easy was the setup?", {"double_barrelled", "leading"}),
        ("Would you use a feature that exports straight to Excel?", {"hypothetical", "yes_no_opener"}),
        ("How much would you pay for a premium plan?", {"hypothetical"}),
        ("Can you name three things you would change?", set()),
        ("When was the last time you opened the app, and what did you do next?", set()),
        ("Which apps and websites do you use to plan a trip?", set()),
    ],
)
def test_the_cases_quoted_in_the_issue(text, codes):
    assert {issue.code for issue in lint_question(text)} == codes


def test_every_message_says_how_to_rewrite_with_an_example():
    seen = {}
    for q in QUESTIONS:
        for issue in lint_question(q["text"]):
            seen.setdefault(issue.code, set()).add(issue.message)
            assert issue.suggestion
    assert set(seen) == set(CODES)
    for code, messages in seen.items():
        for message in messages:
            assert "e.g." in message and ("“" in message or '"' in message), (code, message)


def test_the_premise_is_dropped_in_the_suggested_rewrite():
    (issue,) = lint_question("Given how much time it saves, how often do you use autofill?")
    assert issue.suggestion == 'Ask without the premise: "How often do you use autofill?"'
    (issue,) = lint_question("How do you feel about the price and the contract terms?")
    assert issue.suggestion == (
        'Ask one thing at a time: "How do you feel about the price?" then "How do you feel about the contract terms?"'
    )
