"""The linter's learned flags: what the rules miss on a researcher's question, shown where guides are written, and
never on the interviewer's own probes."""

import re

import pytest

from studies.guides.learned import (
    CONFIDENT,
    LEARNED_MESSAGES,
    MODELS,
    learned_codes,
    learned_issue,
    train,
    weightiest_words,
)
from studies.guides.lint import lint_guide, lint_question
from workspaces.models import Role

# Outcomes granted in words no rule knows (checked below: the rules raise nothing on them).
GRANTED = "How much time has the new checkout given back to your team?"
STRESS = "Which of our new features has made your week less stressful?"


@pytest.mark.parametrize("text", [GRANTED, STRESS, "How has the new portal taken the pain out of invoicing?"])
def test_a_granted_outcome_no_rule_names_is_flagged_over_the_whole_question(text):
    assert lint_question(text) == []
    issues = lint_question(text, learned=True)
    assert [(i.code, i.start, i.end) for i in issues] == [("leading", 0, len(text))]
    assert issues[0].message == LEARNED_MESSAGES["leading"] and "e.g." in issues[0].message
    assert learned_codes(text)["leading"] >= CONFIDENT["leading"]


@pytest.mark.parametrize(
    ("text", "code", "advice"),
    [
        # (Choosing a vet and deciding when to switch read as one decision, under 0.8, once blind24 joined the training;
        # choosing one and deciding what to pay are two.)
        ("How do you choose a vet and decide what to pay?", "double_barrelled", "Ask one thing at a time"),
        ("Ever had a parcel go missing with us?", "yes_no_opener", "Open it up"),
    ],
)
def test_two_questions_in_one_and_a_yes_no_no_rule_names_are_flagged_with_the_codes_advice(text, code, advice):
    assert lint_question(text) == []
    issues = lint_question(text, learned=True)
    assert [(i.code, i.start, i.end) for i in issues] == [(code, 0, len(text))]
    assert issues[0].message == LEARNED_MESSAGES[code] and "e.g." in issues[0].message
    assert issues[0].suggestion.startswith(advice)  # the fault's own rewrite, as the rules give it


def test_learned_jargon_names_the_words_that_weigh_most():
    text = "How does our hyperlocal fulfilment layer fit your week?"
    assert lint_question(text) == []
    (issue,) = lint_question(text, learned=True)
    assert (issue.code, text[issue.start : issue.end]) == ("jargon", "fulfilment")
    assert "“fulfilment” reads like our word" in issue.message and "e.g." in issue.message


def test_learned_jargon_finds_its_words_across_the_one_letter_words_its_ngrams_leave_out(monkeypatch):
    """The models' n-grams skip "a" and "I": "run full audit" is "run a full audit" in the question. A small model
    trained here on that phrase (its own training, not the stored one) must still place the flag on the words."""
    things = ("stock", "till", "rota", "van", "menu", "fleet")
    jargon = [f"Did you run a full audit of the {thing}?" for thing in things]
    plain = [f"What happened when the {thing} broke down?" for thing in things]
    others = [
        ("On a scale of 1 to 5, how was the shop?", {"survey_speak"}),
        ("How great was the new van?", {"leading"}),
        ("What did you buy and why?", {"double_barrelled"}),
        ("Do you like the till?", {"yes_no_opener"}),
        ("What would you do if the shop shut?", {"hypothetical"}),
    ]
    models = train([(q, {"jargon"}) for q in jargon] + [(q, set()) for q in plain] + others)
    monkeypatch.setattr(MODELS, "_value", models)
    text = "Did you run a full audit on Tuesday?"
    words = weightiest_words(text, "jargon")
    assert " " in words and re.search(r"\b\w\b", text)  # an n-gram of two words or more, one-letter words between
    issue = learned_issue(text, "jargon")
    assert issue is not None
    assert [w for w in re.findall(r"\w+", text[issue.start : issue.end].lower()) if len(w) > 1] == words.split()


@pytest.mark.parametrize(
    "text",
    [
        "Tell me about the last time you paid a supplier late.",
        "What happened after the delivery van broke down?",
        # "project" weighs for jargon ("Project Harbour") but the sets use it without the label: an everyday word.
        "Tell me about your last project.",
        # The linter's own advice ("Tell me about your experience with …") is never jargon.
        "Tell me about your experience with the checkout.",
    ],
)
def test_plain_open_questions_stay_clean(text):
    assert lint_question(text, learned=True) == []


def test_a_code_the_rules_raised_is_not_raised_twice():
    text = "Don't you think the new checkout has given you back hours every week?"
    codes = [issue.code for issue in lint_question(text, learned=True)]
    assert codes.count("leading") == 1


def test_a_guide_is_read_in_one_pass_with_the_same_flags():
    questions = [GRANTED, "Tell me about your week.", STRESS]
    lint = lint_guide(questions, kind="sync")
    assert [[i.code for i in issues] for issues in lint.questions] == [["leading"], [], ["leading"]]
    assert lint.questions[0] == lint_question(GRANTED, learned=True)


def test_the_guide_editor_and_the_api_show_the_learned_flag(client_for, api_for, world):
    page = client_for(world.viewer).post("/guide-lint/", {"text": GRANTED})
    assert page.status_code == 200 and "suggesting an answer" in page.text
    api = api_for(role=Role.VIEWER).post("/api/v1/guide-lint/", {"text": GRANTED}, format="json")
    assert [issue["code"] for issue in api.json()["questions"][0]] == ["leading"]


def test_the_interviewers_probes_are_judged_by_the_rules_alone():
    from interviews.interviewer.offline import probe_is_clean

    # The learned models would flag this probe; the rules do not, and the rules alone decide whether it may be asked.
    probe = "You mentioned the new checkout. How much time has it given back to your team?"
    assert "leading" in {issue.code for issue in lint_question(probe, learned=True)}
    assert probe_is_clean(probe)


def test_a_look_back_with_would_have_is_never_flagged_as_a_prediction():
    # The demo's churn guide asks it; the learned model alone reads it as hypothetical.
    assert lint_question("What would have had to be different for you to stay?", learned=True) == []
