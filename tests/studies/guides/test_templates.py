"""Guide templates: every goal has one, async guides fit 5-10 minutes, and every question lints clean."""

from decimal import Decimal

import pytest

from studies.guides.lint import lint_guide, lint_question
from studies.guides.templates import TEMPLATES, GuideTemplate, templates_for_goal
from studies.models import Goal, RoundKind

REQUIRED = {
    "win_loss", "churn", "onboarding", "feature_validation", "problem_discovery", "usability", "pain_intensity",
    "continuous_feedback", "workflows",
}  # fmt: skip
QUESTIONS = [(slug, q) for slug, t in TEMPLATES.items() for q in t.questions]


def test_the_required_templates_exist():
    assert set(TEMPLATES) >= REQUIRED


@pytest.mark.parametrize("slug", TEMPLATES)
def test_template_shape(slug):
    template = TEMPLATES[slug]
    assert template.title and template.summary
    assert template.kind in RoundKind.values
    assert template.goals and set(template.goals) <= set(Goal.values)
    assert 4 <= len(template.questions) <= 8


@pytest.mark.parametrize("slug", [slug for slug, t in TEMPLATES.items() if t.kind == RoundKind.ASYNC])
def test_async_templates_take_5_to_10_minutes(slug):
    template = TEMPLATES[slug]
    assert Decimal(5) <= template.total_minutes <= Decimal(10)
    minutes = [q.estimated_minutes for q in template.questions]
    assert lint_guide([q.text for q in template.questions], kind="async", minutes=minutes).warnings == []


@pytest.mark.parametrize(("slug", "question"), QUESTIONS, ids=[f"{s}:{q.text[:30]}" for s, q in QUESTIONS])
def test_every_question_lints_clean_and_fits_the_model(slug, question):
    assert lint_question(question.text) == []
    # Same limits as GuideQuestion, so applying a template never fails validation.
    assert question.intent and len(question.intent) <= 300 and question.probing
    assert 0 <= question.max_follow_ups <= 5
    assert isinstance(question.estimated_minutes, Decimal)
    assert Decimal("0.5") <= question.estimated_minutes <= 60
    assert question.estimated_minutes == question.estimated_minutes.quantize(Decimal("0.1"))


def test_every_goal_has_a_fitting_template():
    for goal in Goal.values:
        assert any(goal in t.goals for t in TEMPLATES.values()), goal


def test_templates_for_goal_puts_fitting_ones_first_then_the_rest():
    result = templates_for_goal(Goal.VALIDATING_PROBLEM)
    slugs = [slug for slug, _ in result]
    assert slugs[:2] == ["feature_validation", "pain_intensity"]
    assert sorted(slugs) == sorted(TEMPLATES)
    assert all(isinstance(t, GuideTemplate) for _, t in result)
    fits = [Goal.VALIDATING_PROBLEM in t.goals for _, t in result]
    assert fits == sorted(fits, reverse=True)


def test_templates_for_goal_with_a_plain_string_and_an_unknown_goal():
    assert templates_for_goal("usability_testing")[0][0] == "usability"
    assert [slug for slug, _ in templates_for_goal("no_such_goal")] == list(TEMPLATES)


def test_sync_and_async_templates_follow_the_seeds_goal_table():
    # The seed recommends sync for discovery, workflows and usability, async (AI) for validation, win/loss and pain.
    sync = {slug for slug, t in TEMPLATES.items() if t.kind == RoundKind.SYNC}
    assert sync == {"problem_discovery", "usability", "workflows"}
