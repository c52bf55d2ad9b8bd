"""Recommend how to run a study: sync, async or both, in which programme model, at what cost and speed.

Pure Python: the rules come from the seed article "Async vs Sync Interviews: When to Use Each" and live in the
three tables below (GOAL_RULES, PRESSURES, TRADEOFFS); `recommend` only weighs and arranges them.
"""

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from studies.models import Goal, Method, ProgrammeModel, RoundKind


class TimezoneSpread(models.TextChoices):
    ONE_REGION = "one_region", "One region"
    SEVERAL_REGIONS = "several_regions", "Several regions"
    GLOBAL = "global", "Global"


class Seniority(models.TextChoices):
    CONSUMERS = "consumers", "Consumers"
    PROFESSIONALS = "professionals", "Professionals"
    EXECUTIVES = "executives", "Executives"


COST_PER_INTERVIEW = {"sync": (Decimal("50"), Decimal("200")), "async": (Decimal("0.50"), Decimal("5"))}
SYNC_SESSIONS_PER_DAY = 5  # what one team can run in a working day, used to check deadlines
FUNNEL_MIN_PARTICIPANTS = 100  # the seed's funnel starts with an async wide net of 100+
DEEP_DIVES = 12  # the seed's 10-15 sync deep dives
EXPLORATION = 8  # the seed's 5-10 live interviews that open a validation programme
MIN_ASYNC_VALIDATION = 50  # the seed's 50-100 async interviews that validate at scale


@dataclass(frozen=True)
class PlannerInput:
    goal: str
    participants: int
    timezone_spread: str
    sensitive: bool = False
    seniority: str = Seniority.PROFESSIONALS
    observe_product_use: bool = False
    budget: Decimal | None = None  # USD, None means no limit
    deadline_days: int | None = None


@dataclass(frozen=True)
class PlannedRound:
    kind: str
    purpose: str
    target: int
    time_budget_minutes: int


@dataclass(frozen=True)
class Reason:
    input: str  # the PlannerInput field the reason comes from
    rule: str
    effect: str  # "sync" | "async" | "both" | "model" | "info"


@dataclass(frozen=True)
class Recommendation:
    method: str
    model: str
    rounds: list[PlannedRound]
    reasons: list[Reason]
    cost_estimate: dict
    time_to_first_insight_days: tuple[int, int]
    tradeoffs: list[dict]
    warnings: list[str]

    def as_dict(self) -> dict:
        """The recommendation as plain JSON types: Decimals become strings with two decimals, tuples lists."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True)
class GoalRule:
    method: str  # the seed's best approach for the goal
    why: str  # the seed's reason, as a sentence that ends with the method
    model: str  # the programme used when both methods are warranted
    sync_minutes: int = 45
    async_minutes: int = 10
    fixed: bool = False  # the method holds whatever the inputs push: the goal cannot be met otherwise
    depth_after_scale: bool = False  # async results raise "why" questions that sync deep dives answer


GOAL_RULES: dict[str, GoalRule] = {
    Goal.EARLY_PROBLEM_DISCOVERY: GoalRule(
        Method.SYNC, "Early problem discovery needs to explore unknown territory", ProgrammeModel.VALIDATION
    ),
    Goal.VALIDATING_PROBLEM: GoalRule(
        Method.ASYNC, "Validating a problem exists needs statistical confidence", ProgrammeModel.FUNNEL
    ),
    Goal.UNDERSTANDING_WORKFLOWS: GoalRule(
        Method.SYNC, "Understanding workflows needs to see, not just hear (screenshare)", ProgrammeModel.VALIDATION,
        sync_minutes=60,
    ),
    Goal.MEASURING_PAIN_INTENSITY: GoalRule(
        Method.ASYNC, "Measuring pain intensity needs consistent scoring at scale", ProgrammeModel.FUNNEL,
        depth_after_scale=True,
    ),
    Goal.PERSONA_DEVELOPMENT: GoalRule(
        Method.BOTH, "Persona development needs async for patterns and sync for depth", ProgrammeModel.FUNNEL,
        fixed=True,
    ),
    Goal.USABILITY_TESTING: GoalRule(
        Method.SYNC, "Usability testing needs to observe behaviour", ProgrammeModel.VALIDATION,
        sync_minutes=60, fixed=True,
    ),
    Goal.CONTINUOUS_FEEDBACK: GoalRule(
        Method.ASYNC, "Continuous feedback needs always-on collection without scheduling",
        ProgrammeModel.CONTINUOUS_EPISODIC,
    ),
    Goal.WIN_LOSS_ANALYSIS: GoalRule(
        Method.ASYNC, "Win/loss analysis asks recent buyers and churners, who respond well async",
        ProgrammeModel.FUNNEL,
    ),
    Goal.FEATURE_VALIDATION: GoalRule(
        Method.ASYNC, "Feature validation needs a quick signal on new ideas", ProgrammeModel.FUNNEL, async_minutes=5
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Pressure:
    input: str
    applies: Callable[[PlannerInput], bool]
    push: str  # Method.SYNC or Method.ASYNC
    weight: int
    rule: str  # formatted with the input's fields


# The goal weighs GOAL_WEIGHT toward its method; these pushes add up against it. A total of 2 or more either way
# picks that method, anything closer means both are warranted.
GOAL_WEIGHT = 3
PRESSURES: list[Pressure] = [
    Pressure("participants", lambda d: d.participants >= 50, Method.ASYNC, 2,
             "{participants} participants is beyond what live calls can reach: async scales"),
    Pressure("participants", lambda d: d.participants <= 15, Method.SYNC, 1,
             "{participants} participants can all be heard live: sync depth is within reach"),
    Pressure("timezone_spread", lambda d: d.timezone_spread == TimezoneSpread.GLOBAL, Method.ASYNC, 2,
             "Participants across the globe make scheduling a nightmare: async has none"),
    Pressure("timezone_spread", lambda d: d.timezone_spread == TimezoneSpread.SEVERAL_REGIONS, Method.ASYNC, 1,
             "Participants in several time zones are harder to schedule: async has no scheduling"),
    Pressure("seniority", lambda d: d.seniority == Seniority.EXECUTIVES, Method.ASYNC, 1,
             "Executives rarely commit to a 30-minute call but answer in 5-minute chunks: async"),
    Pressure("sensitive", lambda d: d.sensitive, Method.SYNC, 3,
             "Sensitive topics benefit from human connection and reading the room: sync"),
    Pressure("observe_product_use", lambda d: d.observe_product_use, Method.SYNC, 2,
             "Watching someone use the product reveals what they would never mention: sync"),
]  # fmt: skip

# The seed's tradeoff table; the predicate marks the factors this case's inputs make important.
TRADEOFFS: list[tuple[str, str, str, Callable[[PlannerInput], bool]]] = [
    ("Depth of insight", "⭐⭐⭐⭐⭐", "⭐⭐⭐", lambda d: GOAL_RULES[d.goal].method != Method.ASYNC or d.sensitive),
    ("Scale", "⭐⭐", "⭐⭐⭐⭐⭐", lambda d: d.participants >= 50),
    ("User convenience", "⭐⭐", "⭐⭐⭐⭐⭐", lambda d: d.seniority == Seniority.EXECUTIVES),
    ("Speed to insights", "⭐⭐", "⭐⭐⭐⭐", lambda d: d.deadline_days is not None and d.deadline_days <= 30),
    ("Adaptability", "⭐⭐⭐⭐⭐", "⭐⭐⭐ (AI) / ⭐ (surveys)",
     lambda d: d.goal in (Goal.EARLY_PROBLEM_DISCOVERY, Goal.UNDERSTANDING_WORKFLOWS)),
    ("Cost per interview", "$50-200", "$0.50-5", lambda d: d.budget is not None),
    ("Response rate", "Lower (scheduling friction)", "Higher (no scheduling)",
     lambda d: d.timezone_spread != TimezoneSpread.ONE_REGION or d.seniority == Seniority.EXECUTIVES),
    ("Non-verbal cues", "Yes", "No (usually)", lambda d: d.sensitive or d.observe_product_use),
    ("Interviewer bias risk", "Higher", "Lower",
     lambda d: d.goal in (Goal.VALIDATING_PROBLEM, Goal.MEASURING_PAIN_INTENSITY, Goal.FEATURE_VALIDATION)),
]  # fmt: skip


def recommend(data: PlannerInput) -> Recommendation:
    """Weigh the goal against the input pressures, then lay out rounds, cost, speed, tradeoffs and warnings."""
    _check(data)
    rule = GOAL_RULES[data.goal]
    label = Goal(data.goal).label
    reasons = [Reason("goal", f"{rule.why}: {rule.method}", rule.method)]
    score = {Method.SYNC: GOAL_WEIGHT, Method.ASYNC: -GOAL_WEIGHT}.get(rule.method, 0)
    for pressure in PRESSURES:
        if pressure.applies(data):
            score += pressure.weight if pressure.push == Method.SYNC else -pressure.weight
            reasons.append(Reason(pressure.input, pressure.rule.format(**dataclasses.asdict(data)), pressure.push))
    weighed = Method.SYNC if score >= 2 else Method.ASYNC if score <= -2 else Method.BOTH
    method = rule.method if rule.fixed else weighed
    if method != weighed:
        reasons.append(Reason("goal", f"{rule.why}, so it stays {method} whatever the other inputs push", "info"))
    elif method != rule.method:
        reasons.append(Reason("goal", f"{label} would be {rule.method}, but the inputs above tip it: {method}", method))

    model, rounds, model_reason = _programme(data, rule, method)
    reasons.append(model_reason)
    low = sum((r.target * COST_PER_INTERVIEW[r.kind][0] for r in rounds), Decimal(0))
    high = sum((r.target * COST_PER_INTERVIEW[r.kind][1] for r in rounds), Decimal(0))
    first = _first_insight_days(rounds[0])
    if rounds[0].kind == RoundKind.SYNC:
        why_first = f"{rounds[0].target} live sessions need scheduling first"
    else:
        why_first = "async interviews need no scheduling"
    reasons.append(Reason("participants", f"First insight in {first[0]}-{first[1]} days: {why_first}", "info"))
    tradeoffs = [
        {"factor": factor, "sync": sync, "async": async_, "matters": bool(matters(data))}
        for factor, sync, async_, matters in TRADEOFFS
    ]
    return Recommendation(
        method=method,
        model=model,
        rounds=rounds,
        reasons=reasons,
        cost_estimate={"low": low.quantize(Decimal("0.01")), "high": high.quantize(Decimal("0.01")), "currency": "USD"},
        time_to_first_insight_days=first,
        tradeoffs=tradeoffs,
        warnings=_warnings(data, method, rounds, low, first),
    )


def _check(data: PlannerInput) -> None:
    if data.goal not in GOAL_RULES:
        raise ValueError(f"Unknown goal: {data.goal!r}")
    if data.timezone_spread not in TimezoneSpread.values:
        raise ValueError(f"Unknown timezone spread: {data.timezone_spread!r}")
    if data.seniority not in Seniority.values:
        raise ValueError(f"Unknown seniority: {data.seniority!r}")
    if data.participants < 1:
        raise ValueError("A study needs at least one participant.")


def _programme(data: PlannerInput, rule: GoalRule, method: str) -> tuple[str, list[PlannedRound], Reason]:
    """Pick the seed's programme model for the method and shape its rounds."""
    p = data.participants
    source = "participants"
    wide_net = p >= FUNNEL_MIN_PARTICIPANTS
    if method == Method.ASYNC and rule.depth_after_scale and wide_net:
        model = ProgrammeModel.FUNNEL
        why = (
            f"Funnel: {Goal(data.goal).label.lower()} gains from depth after scale, and {p} participants make a wide"
            f" net (100+): {DEEP_DIVES} sync deep dives drawn from it explain the results"
        )
    elif method == Method.BOTH and rule.model == ProgrammeModel.CONTINUOUS_EPISODIC:
        model = ProgrammeModel.CONTINUOUS_EPISODIC
        source = "goal"  # the goal's own model: feedback never stops, deep dives recur
        why = "Continuous + episodic: always-on async feedback, with a sync deep dive into key segments each quarter"
    elif method == Method.BOTH and rule.model == ProgrammeModel.FUNNEL and wide_net:
        model = ProgrammeModel.FUNNEL
        why = f"Funnel: {p} participants make an async wide net (100+), then sync deep dives and async validation"
    elif method == Method.BOTH:
        model = ProgrammeModel.VALIDATION
        why = f"Validation: explore live with {EXPLORATION} first, then validate at scale async"
        if rule.model == ProgrammeModel.FUNNEL:  # the goal prefers a funnel, but that needs a wide net of 100+
            why = f"{p} participants are too few for a funnel's wide net of 100+. {why}"
        elif p >= 50:
            why = f"Sync depth cannot reach {p} participants. {why}"
    else:
        model = ProgrammeModel.SINGLE
        why = f"Single round: one {method} round reaches all {p} participants"

    if model == ProgrammeModel.FUNNEL:
        rounds = [
            _round(rule, RoundKind.ASYNC, "Async wide net: find the patterns", p),
            _round(rule, RoundKind.SYNC, "Sync deep dives: explore the patterns", min(DEEP_DIVES, p)),
            _round(rule, RoundKind.ASYNC, "Async validation: confirm the findings", max(MIN_ASYNC_VALIDATION, p // 2)),
        ]
    elif model == ProgrammeModel.VALIDATION:
        rounds = [
            _round(rule, RoundKind.SYNC, "Sync first: explore the area live", EXPLORATION),
            _round(rule, RoundKind.ASYNC, "Async second: validate the findings at scale", max(MIN_ASYNC_VALIDATION, p)),
        ]
    elif model == ProgrammeModel.CONTINUOUS_EPISODIC:
        rounds = [
            _round(rule, RoundKind.ASYNC, "Continuous async: always-on feedback", p),
            _round(rule, RoundKind.SYNC, "Episodic sync: quarterly deep dives with key segments", min(DEEP_DIVES, p)),
        ]
    elif method == Method.SYNC:
        rounds = [_round(rule, RoundKind.SYNC, f"Live interviews: {Goal(data.goal).label.lower()}", p)]
    else:
        rounds = [_round(rule, RoundKind.ASYNC, f"Async AI interviews: {Goal(data.goal).label.lower()}", p)]
    return model, rounds, Reason(source, why, "model")


def _round(rule: GoalRule, kind: str, purpose: str, target: int) -> PlannedRound:
    minutes = rule.sync_minutes if kind == RoundKind.SYNC else rule.async_minutes
    return PlannedRound(kind, purpose, target, minutes)


def _first_insight_days(first: PlannedRound) -> tuple[int, int]:
    """Async answers start in 2-5 days; sync needs 7-14 days to schedule the first 15, then 3-5 sessions a day."""
    if first.kind == RoundKind.ASYNC:
        return (2, 5)
    extra = max(0, first.target - 15)
    return (7 + math.ceil(extra / 5), 14 + math.ceil(extra / 3))


def _warnings(
    data: PlannerInput, method: str, rounds: list[PlannedRound], low: Decimal, first: tuple[int, int]
) -> list[str]:
    warnings = []
    sync_sessions = sum(r.target for r in rounds if r.kind == RoundKind.SYNC)
    if data.deadline_days is not None:
        working_days = data.deadline_days * 5 // 7
        if sync_sessions > working_days * SYNC_SESSIONS_PER_DAY:
            warnings.append(
                f"{sync_sessions} sync interviews before the deadline is not feasible: at about "
                f"{SYNC_SESSIONS_PER_DAY} a working day they need {math.ceil(sync_sessions / SYNC_SESSIONS_PER_DAY)} "
                f"working days, and {data.deadline_days} days leave {working_days}."
            )
        elif first[0] > data.deadline_days:
            warnings.append(
                f"First insights take at least {first[0]} days, past the {data.deadline_days}-day deadline."
            )
    if data.budget is not None and data.budget < low:
        warnings.append(f"The budget of ${data.budget:,.2f} is below the lowest cost estimate of ${low:,.2f}.")
    if sync_sessions and data.timezone_spread == TimezoneSpread.GLOBAL:
        warnings.append("Sync sessions with participants around the globe mean scheduling across time zones.")
    if data.sensitive and not sync_sessions:
        warnings.append("Consider a sync round for sensitive topics: a live conversation can read the room.")
    if method == Method.ASYNC and data.participants < 5:
        warnings.append(f"{data.participants} participants are too few for patterns: async needs at least 5.")
    return warnings
