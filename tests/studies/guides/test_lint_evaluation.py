"""The guide linter measured on labelled questions: data/questions.json for development, questions-fresh.json held out.

questions.json (441 questions labelled by hand) was split once by a hash of the text into two halves; the second was
held out until it had been read once, so both halves are now development: the rules are written against their
failures, and they are still reported apart ("first half", "second half, seen once"). The held-out set is
questions-fresh.json, written blind to the rules by another author and only measured.

Before issue 14's rules the linter scored, on the second half, recall 0.80 survey_speak, 0.46 leading, 0.47
double_barrelled, 0.92 yes_no_opener, 0.41 jargon, 0.00 hypothetical.
"""

import hashlib
import json
from pathlib import Path

import pytest

from studies.guides.lint import CODES, lint_question

DATA_DIR = Path(__file__).parent / "data"
DATA = json.loads((DATA_DIR / "questions.json").read_text())
QUESTIONS = DATA["questions"]
FRESH_FILE = DATA_DIR / "questions-fresh.json"
FIRST, SECOND, FRESH = "development (first half)", "development (second half, seen once)", "held-out (fresh)"
# (precision, recall) floors per code, just under what the rules reach on each development half.
FLOORS = {FIRST: dict.fromkeys(CODES, (0.95, 0.93)), SECOND: dict.fromkeys(CODES, (0.95, 0.93))}
# The fresh held-out set's floors: just under its first measurement (287 questions, 3 Dec 2026). They sit under the
# issue's 0.9 target for four codes: that is where the rules stand on questions nobody fitted them to.
FLOORS[FRESH] = {
    "survey_speak": (0.97, 0.85), "leading": (0.97, 0.74), "double_barrelled": (0.91, 0.80),
    "yes_no_opener": (0.97, 0.93), "hypothetical": (0.97, 0.87), "jargon": (0.97, 0.84), "too_long": (0.97, 0.97),
}  # fmt: skip


def rows_of(name: str) -> list[dict]:
    if name == FRESH:
        return json.loads(FRESH_FILE.read_text())["questions"]
    return [q for q in QUESTIONS if q["split"] == ("development" if name == FIRST else "heldout")]


def test_the_set_is_big_varied_and_split_once_by_its_recorded_rule():
    assert len(QUESTIONS) >= 300
    assert len({q["text"] for q in QUESTIONS}) == len(QUESTIONS), "duplicate questions"
    assert "sha256" in DATA["split_rule"]
    for q in QUESTIONS:
        first = int(hashlib.sha256(q["text"].encode()).hexdigest()[0], 16)
        assert q["split"] == ("development" if first % 2 == 0 else "heldout"), q["text"]
        assert set(q["codes"]) <= set(CODES)
    for name in (FIRST, SECOND):
        rows = rows_of(name)
        assert sum(not q["codes"] for q in rows) >= 40, "clean questions"
        for code in CODES:
            assert sum(code in q["codes"] for q in rows) >= 15, (name, code)


def test_the_fresh_held_out_set_is_labelled_with_known_codes():
    rows = rows_of(FRESH)
    assert rows and len({q["text"] for q in rows}) == len(rows), "empty or duplicate questions"
    assert {q["text"] for q in rows}.isdisjoint({q["text"] for q in QUESTIONS}), "held-out questions seen before"
    for q in rows:
        assert set(q["codes"]) <= set(CODES), q["text"]


@pytest.mark.parametrize("name", [FIRST, SECOND, FRESH])
def test_precision_and_recall_per_code(name, report):
    rows = rows_of(name)
    found = [{issue.code for issue in lint_question(q["text"])} for q in rows]
    source = FRESH_FILE.name if name == FRESH else "data/questions.json"
    report(f"Guide linter, {name}, {source} ({len(rows)} questions):")
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
    assert not low, f"below the floors on {name}: {low}"


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


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # The phenomena behind the second half's misses, in sentences of neither half.
        ("How has the churn cohort responded to the upsell emails?", {"jargon"}),
        ("Where in the signup funnel do most trials stall?", {"jargon"}),
        ("How did the learnability of the reports affect you?", {"jargon"}),
        ("What was your conversion rate last quarter?", {"jargon"}),
        ("Tell me about the conversion of your old files.", set()),
        ("Tell me about the reliability of your internet at home.", set()),
        ("What usability problems did you hit?", {"jargon"}),
        ("How does our data retention policy affect you?", set()),
        ("Tell me about the activation email you got.", set()),
        ("How did the internet bandwidth hold up?", set()),
        ("What makes our invoices so easy to read?", {"leading"}),
        ("Why is the new rota so much fairer?", {"leading"}),
        ("Because the app is finally faster, what do you do with the time?", {"leading"}),
        ("Other pharmacies have switched to text reminders. How do you remind people?", {"leading"}),
        ("The new menu is much clearer, don't you think?", {"leading"}),
        ("What would you do if the app went offline for a day?", {"hypothetical"}),
        ("Which of your colleagues would use a shared calendar?", {"hypothetical"}),
        ("What discount would make you switch banks?", {"hypothetical"}),
        ("What would you do differently next time?", set()),
        ("Why did you stop using it so soon?", set()),
        ("Other than email, what do you use to reach clients?", set()),
    ],
)
def test_the_rules_reach_past_the_sentences_they_were_written_for(text, codes):
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
