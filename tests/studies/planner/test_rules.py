"""The study planner: the seed article's goal table, the input pressures, programme models, cost, speed and warnings."""

import json
from decimal import Decimal

import pytest

from studies.models import Goal
from studies.planner.rules import COST_PER_INTERVIEW, GOAL_RULES, PlannerInput, recommend


def plan(goal, participants, spread, **extra):
    """The contract check's defaults: professionals, nothing sensitive, a generous budget and a 45-day deadline."""
    extra = {"budget": Decimal("100000"), "deadline_days": 45, **extra}
    return recommend(PlannerInput(goal=goal, participants=participants, timezone_spread=spread, **extra))


def reasons(rec, input_name):
    return [r for r in rec.reasons if r.input == input_name]


def shape(rec):
    return [(r.kind, r.target) for r in rec.rounds]


@pytest.mark.parametrize(
    ("goal", "participants", "spread", "method"),
    [
        ("early_problem_discovery", 8, "one_region", "sync"),
        ("understanding_workflows", 8, "one_region", "sync"),
        ("usability_testing", 6, "one_region", "sync"),
        ("validating_problem", 150, "global", "async"),
        ("measuring_pain_intensity", 200, "global", "async"),
        ("continuous_feedback", 300, "global", "async"),
        ("win_loss_analysis", 60, "several_regions", "async"),
        ("feature_validation", 80, "several_regions", "async"),
        ("persona_development", 60, "several_regions", "both"),
    ],
)
def test_contract_cases(goal, participants, spread, method):
    rec = plan(goal, participants, spread)
    assert rec.method == method
    assert rec.reasons[0].input == "goal"
    assert rec.reasons[0].effect == GOAL_RULES[goal].method


def test_every_goal_has_a_rule():
    assert set(GOAL_RULES) == set(Goal.values)


def test_discovery_at_scale_combines_live_exploration_with_async_validation():
    rec = plan("early_problem_discovery", 300, "global")
    assert rec.method == "both"
    assert rec.model in ("validation", "funnel")
    assert ("participants", "async") in [(r.input, r.effect) for r in rec.reasons]
    assert any("cannot reach 300" in r.rule for r in rec.reasons if r.effect == "model")
    assert shape(rec) == [("sync", 8), ("async", 300)]


@pytest.mark.parametrize("spread", ["one_region", "global"])
def test_sensitive_topic_pulls_an_async_goal_toward_sync(spread):
    assert plan("measuring_pain_intensity", 12, spread).method == "async"
    rec = plan("measuring_pain_intensity", 12, spread, sensitive=True)
    assert rec.method in ("sync", "both")
    assert [r.effect for r in reasons(rec, "sensitive")] == ["sync"]
    assert any(r.kind == "sync" for r in rec.rounds)


def test_usability_stays_sync_at_scale_but_warns_about_the_deadline():
    rec = plan("usability_testing", 200, "one_region")
    assert (rec.method, rec.model, shape(rec)) == ("sync", "single", [("sync", 200)])
    assert any(r.effect == "async" for r in reasons(rec, "participants")), "the scale pressure is still shown"
    # 45 days hold 32 working days, at 5 sessions a day 160 sessions: 200 do not fit.
    assert any(w.startswith("200 sync interviews before the deadline is not feasible") for w in rec.warnings)
    assert not any("sync interviews" in w for w in plan("usability_testing", 150, "one_region").warnings)


def test_executives_push_toward_async():
    assert plan("understanding_workflows", 8, "global").method == "sync"
    rec = plan("understanding_workflows", 8, "global", seniority="executives")
    assert rec.method == "both"
    assert [r.effect for r in reasons(rec, "seniority")] == ["async"]


def test_observing_product_use_pushes_toward_sync():
    assert plan("feature_validation", 12, "one_region").method == "async"
    assert plan("feature_validation", 12, "one_region", observe_product_use=True).method == "both"
    assert plan("early_problem_discovery", 60, "one_region").method == "both"
    rec = plan("early_problem_discovery", 60, "one_region", observe_product_use=True)
    assert rec.method == "sync"
    assert [r.effect for r in reasons(rec, "observe_product_use")] == ["sync"]


def test_single_round_reaches_everyone_wanted():
    rec = plan("validating_problem", 150, "global")
    assert (rec.model, shape(rec)) == ("single", [("async", 150)])
    assert rec.rounds[0].time_budget_minutes == 10
    assert plan("early_problem_discovery", 8, "one_region").rounds[0].time_budget_minutes == 45


def test_funnel_when_both_and_a_wide_net_is_possible():
    rec = plan("persona_development", 200, "global")
    assert rec.model == "funnel"
    assert shape(rec) == [("async", 200), ("sync", 12), ("async", 100)]
    # Half of the first round, but never fewer than 50.
    assert shape(plan("persona_development", 100, "global"))[2] == ("async", 50)


def test_measuring_pain_at_scale_funnels_into_deep_dives_and_says_why():
    rec = plan("measuring_pain_intensity", 200, "global")
    assert (rec.method, rec.model) == ("async", "funnel")
    assert any("depth after scale" in r.rule for r in rec.reasons if r.effect == "model")
    assert plan("measuring_pain_intensity", 99, "global").model == "single"


def test_validation_below_a_funnels_wide_net():
    rec = plan("persona_development", 60, "several_regions")
    assert rec.model == "validation"
    assert shape(rec) == [("sync", 8), ("async", 60)]
    assert shape(plan("persona_development", 20, "one_region"))[1] == ("async", 50)


def test_continuous_feedback_with_sync_warranted_is_continuous_plus_episodic():
    rec = plan("continuous_feedback", 12, "one_region", sensitive=True)
    assert (rec.method, rec.model) == ("both", "continuous_episodic")
    assert shape(rec) == [("async", 12), ("sync", 12)]


def test_cost_is_targets_times_the_per_interview_range():
    assert {"sync": (Decimal("50"), Decimal("200")), "async": (Decimal("0.50"), Decimal("5"))} == COST_PER_INTERVIEW
    # Funnel async 200, sync 12, async 100.
    rec = plan("persona_development", 200, "global")
    assert rec.cost_estimate == {
        "low": 200 * Decimal("0.50") + 12 * 50 + 100 * Decimal("0.50"),  # 100 + 600 + 50 = 750.00
        "high": Decimal(200 * 5 + 12 * 200 + 100 * 5),  # 1000 + 2400 + 500 = 3900.00
        "currency": "USD",
    }
    assert rec.cost_estimate["low"] == Decimal("750.00")
    # Validation sync 8, async 60: 8*50 + 60*0.50 = 430, 8*200 + 60*5 = 1900.
    rec = plan("persona_development", 60, "several_regions")
    assert (rec.cost_estimate["low"], rec.cost_estimate["high"]) == (Decimal("430.00"), Decimal("1900.00"))


def test_time_to_first_insight():
    assert plan("validating_problem", 150, "global").time_to_first_insight_days == (2, 5)
    assert plan("early_problem_discovery", 8, "one_region").time_to_first_insight_days == (7, 14)
    # 185 sessions past the first 15, at 5 then 3 a day: 7 + 37 and 14 + 62.
    assert plan("usability_testing", 200, "one_region").time_to_first_insight_days == (44, 76)
    sizes = [plan("usability_testing", n, "one_region").time_to_first_insight_days for n in (1, 15, 16, 40, 200, 1000)]
    assert sizes == sorted(sizes)
    assert all(low <= high for low, high in sizes)


def test_a_comfortable_case_has_no_warnings():
    assert plan("early_problem_discovery", 8, "one_region").warnings == []


def test_warning_when_the_budget_is_below_the_low_estimate():
    rec = plan("early_problem_discovery", 8, "one_region", budget=Decimal("399"))
    assert rec.warnings == ["The budget of $399.00 is below the lowest cost estimate of $400.00."]
    assert plan("early_problem_discovery", 8, "one_region", budget=Decimal("400")).warnings == []


def test_warning_when_first_insight_is_past_the_deadline():
    rec = plan("early_problem_discovery", 8, "one_region", deadline_days=5)
    assert rec.warnings == ["First insights take at least 7 days, past the 5-day deadline."]


def test_warning_for_sync_sessions_across_the_globe():
    rec = plan("early_problem_discovery", 8, "global")
    assert rec.method == "sync"
    assert any("time zones" in w for w in rec.warnings)
    assert not any("time zones" in w for w in plan("validating_problem", 150, "global").warnings)


def test_warning_for_a_sensitive_topic_run_only_async():
    rec = plan("validating_problem", 150, "global", sensitive=True)
    assert rec.method == "async"
    assert "Consider a sync round for sensitive topics: a live conversation can read the room." in rec.warnings


def test_warning_for_too_few_async_participants():
    rec = plan("validating_problem", 4, "global")
    assert rec.method == "async"
    assert "4 participants are too few for patterns: async needs at least 5." in rec.warnings
    assert not any("too few" in w for w in plan("validating_problem", 5, "global").warnings)


def test_tradeoffs_are_the_seed_table_with_what_matters_marked():
    rows = plan("measuring_pain_intensity", 200, "global").tradeoffs
    assert [row["factor"] for row in rows] == [
        "Depth of insight",
        "Scale",
        "User convenience",
        "Speed to insights",
        "Adaptability",
        "Cost per interview",
        "Response rate",
        "Non-verbal cues",
        "Interviewer bias risk",
    ]
    matters = {row["factor"]: row["matters"] for row in rows}
    assert matters["Scale"] and matters["Response rate"] and matters["Interviewer bias risk"]
    assert not matters["Non-verbal cues"]
    assert rows[5] == {"factor": "Cost per interview", "sync": "$50-200", "async": "$0.50-5", "matters": True}
    assert not {r["factor"]: r["matters"] for r in plan("early_problem_discovery", 8, "one_region").tradeoffs}["Scale"]


def test_as_dict_is_json_ready():
    data = plan("persona_development", 200, "global").as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["cost_estimate"] == {"low": "750.00", "high": "3900.00", "currency": "USD"}
    assert data["time_to_first_insight_days"] == [2, 5]
    assert data["rounds"][1] == {
        "kind": "sync",
        "purpose": "Sync deep dives: explore the patterns",
        "target": 12,
        "time_budget_minutes": 45,
    }
    assert set(data["reasons"][0]) == {"input", "rule", "effect"}


@pytest.mark.parametrize(
    "bad",
    [
        {"goal": "world_domination"},
        {"timezone_spread": "mars"},
        {"seniority": "interns"},
        {"participants": 0},
        {"participants": -3},
    ],
)
def test_bad_input_raises_value_error(bad):
    fields = {"goal": "feature_validation", "participants": 10, "timezone_spread": "one_region", **bad}
    with pytest.raises(ValueError):
        recommend(PlannerInput(**fields))
