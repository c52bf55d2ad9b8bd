"""How an item ranks, in the spirit of RICE (reach * impact * confidence / effort), with the numbers shown in words.

Everything here is pure: the selectors fetch the evidence rows, link importances and segment weights once for a
whole board, and these functions turn them into a `Priority` per item.

Reach
    The distinct participants behind the item, each counted with their segment weight: a participant's weight is
    the highest weight among the workspace's segment weights their attributes match (`plan=enterprise` weighs 2), and 1
    when none matches.
Impact
    How much it hurts times how much the team says it matters. Pain is the mean of the average and the maximum pain of
    the quotes (1-5; a person's score wins over the AI's, unscored quotes are left out; with no score at all the
    middle of the scale, 3, stands in). The strongest link's importance gives the multiplier: context only 0.5,
    nice to have 1, important 2, critical 3. Impact = pain / 5 * multiplier, so 0.1 to 3 as in RICE.
Confidence
    From the evidence profile, see `CONFIDENCE_RULE`: high 1, medium 0.8, low 0.5. Validation at scale moves it a
    step: enough answers whose share confirming is surely at least half raise it, a share surely under half lowers it.
Effort
    The item's estimate in person-weeks.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from synthesis.insights.evidence import EvidenceProfile

HIGH_PARTICIPANTS = 8
HIGH_SEGMENTS = 2
MEDIUM_PARTICIPANTS = 3
VALIDATED_ANSWERS = 20  # answers that confirm or contradict, before a validation may raise confidence
CONFIDENCE_FACTORS = {"high": 1.0, "medium": 0.8, "low": 0.5}
LEVELS = ("low", "medium", "high")
CONFIDENCE_RULE = (
    f"High: at least {HIGH_PARTICIPANTS} participants from at least {HIGH_SEGMENTS} segments (two values of one "
    f"attribute, such as plan=free and plan=team), heard in both sync and async interviews. "
    f"Medium: at least {MEDIUM_PARTICIPANTS} participants. Low: fewer. "
    f"Validation at scale moves it one step: up when at least {VALIDATED_ANSWERS} answers confirm or contradict "
    f"the linked insights and the lower bound of the 95% interval of the share confirming is at least 50%; down "
    f"when the upper bound is under 50%."
)
IMPORTANCE_MULTIPLIERS = {0: 0.5, 1: 1.0, 2: 2.0, 3: 3.0}
IMPORTANCE_WORDS = {0: "context only", 1: "nice to have", 2: "important", 3: "critical"}
UNSCORED_PAIN = 3.0
TIMES, DIVIDED_BY = "\N{MULTIPLICATION SIGN}", "\N{DIVISION SIGN}"  # the explanation is read by people

# (attribute, value) -> weight; values compare as text, as in the evidence profile's segments.
SegmentWeights = Mapping[tuple[str, str], float]


@dataclass(frozen=True)
class Priority:
    reach: float
    impact: float
    confidence: str  # "low", "medium" or "high"
    confidence_factor: float
    confidence_rule: str  # why this level, with the numbers
    effort: float
    score: float
    explanation: list[str] = field(default_factory=list)
    pain: float | None = None  # the pain that fed impact (None: no evidence)
    importance: int | None = None  # the strongest link's importance (None: no links)

    @property
    def confidence_percent(self) -> int:
        return round(self.confidence_factor * 100)


def _number(value: float) -> str:
    """2, 2.5 or 2.25: as few decimals as the value needs (two at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def widest_segment(profile: EvidenceProfile) -> tuple[str, int]:
    """The attribute whose values split the participants most, and how many values it has ("", 0 when none)."""
    best = ("", 0)
    for name, values in profile.segments.items():
        if len(values) > best[1]:
            best = (name, len(values))
    return best


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def confidence_level(profile: EvidenceProfile) -> tuple[str, str]:
    """(low | medium | high, the reason in words with this profile's numbers), after validation's step."""
    label, rule = evidence_level(profile)
    interval = profile.validation_interval
    if interval is None:
        return label, rule
    low, high = interval
    answers = _plural(profile.validation_decided, "validation answer")
    numbers = f"{answers} confirm {_percent(profile.validation_share)} (95% interval {_percent(low)}-{_percent(high)})"
    step = LEVELS.index(label)
    if profile.validation_decided >= VALIDATED_ANSWERS and low >= 0.5:
        if step < len(LEVELS) - 1:
            raised = LEVELS[step + 1]
            return raised, f"{raised.capitalize()}: raised a step from {label} because {numbers}. {rule}"
        return label, f"{rule} Validated: {numbers}."
    if high < 0.5:
        if step > 0:
            lowered = LEVELS[step - 1]
            return lowered, (
                f"{lowered.capitalize()}: lowered a step from {label} because only {numbers}: most answers "
                f"contradict. {rule}"
            )
        return label, f"{rule} Contradicted: only {numbers}."
    needs = (
        f"raising needs {VALIDATED_ANSWERS}+ answers" if profile.validation_decided < VALIDATED_ANSWERS
        else "raising needs the interval's lower bound at 50%+"
    )  # fmt: skip
    return label, f"{rule} Validation: {numbers}; {needs}."


def evidence_level(profile: EvidenceProfile) -> tuple[str, str]:
    """(low | medium | high, the reason in words) from the interviews' evidence alone."""
    people = _plural(profile.participants, "participant")
    attribute, segments = widest_segment(profile)
    both = profile.sync_interviews > 0 and profile.async_interviews > 0
    if profile.participants >= HIGH_PARTICIPANTS and segments >= HIGH_SEGMENTS and both:
        return "high", (
            f"High: {people} from {segments} segments of {attribute}, heard in sync and async interviews "
            f"(high needs {HIGH_PARTICIPANTS}+ participants, {HIGH_SEGMENTS}+ segments and both methods)."
        )
    if profile.participants >= MEDIUM_PARTICIPANTS:
        missing = []
        if profile.participants < HIGH_PARTICIPANTS:
            missing.append(f"{HIGH_PARTICIPANTS}+ participants")
        if segments < HIGH_SEGMENTS:
            missing.append(f"{HIGH_SEGMENTS}+ segments of one attribute")
        if not both:
            missing.append("both sync and async interviews")
        return "medium", f"Medium: {people}; high also needs {', '.join(missing)}."
    return "low", f"Low: {people}; medium needs {MEDIUM_PARTICIPANTS}+."


def participant_weight(attributes: Mapping | None, weights: SegmentWeights) -> float:
    """The highest weight among the segments this participant belongs to; 1 when they belong to none with a weight."""
    matching = [
        weights[(name, str(value))] for name, value in (attributes or {}).items() if (name, str(value)) in weights
    ]
    return max(matching) if matching else 1.0


def weighted_reach(rows: Iterable[dict], weights: SegmentWeights) -> float:
    """Distinct participants of the evidence rows, each counted with their segment weight."""
    participants = {row["participant_id"]: row["attributes"] for row in rows if row["participant_id"]}
    return round(sum(participant_weight(attributes, weights) for attributes in participants.values()), 2)


def pain_for_impact(profile: EvidenceProfile) -> float:
    if profile.pain_avg is None or profile.pain_max is None:
        return UNSCORED_PAIN
    return round((profile.pain_avg + profile.pain_max) / 2, 2)


def priority_of(
    *, profile: EvidenceProfile, reach: float, importances: Iterable[int], effort: Decimal | float
) -> Priority:
    """The score and the sentences that explain it, from an item's evidence profile, weighted reach, the importances
    of its links and its effort."""
    importances = list(importances)
    effort = float(effort)
    label, rule = confidence_level(profile)
    factor = CONFIDENCE_FACTORS[label]
    if not importances or profile.highlights == 0:
        return Priority(
            reach=0.0, impact=0.0, confidence=label, confidence_factor=factor, confidence_rule=rule, effort=effort,
            score=0.0, explanation=["No evidence linked yet, so the score is 0: link insights or quotes to rank it."],
            importance=max(importances) if importances else None,
        )  # fmt: skip

    importance = max(importances)
    pain = pain_for_impact(profile)
    multiplier = IMPORTANCE_MULTIPLIERS[importance]
    impact = round(pain / 5 * multiplier, 2)
    score = round(reach * impact * factor / effort, 2)

    people = _plural(profile.participants, "participant")
    if reach == profile.participants:
        reach_sentence = f"Reach {_number(reach)}: {people}, each counting 1."
    else:
        reach_sentence = f"Reach {_number(reach)}: {people}, weighted by their segments."
    if profile.pain_scored:
        pain_sentence = (
            f"pain {_number(pain)} (average {_number(profile.pain_avg)} and maximum {profile.pain_max} "
            f"over {_plural(profile.pain_scored, 'scored quote')})"
        )
    else:
        pain_sentence = f"pain {_number(pain)} (no quote has a pain score: the middle of the scale)"
    impact_sentence = (
        f"Impact {_number(impact)}: {pain_sentence} {DIVIDED_BY} 5 {TIMES} {_number(multiplier)} "
        f"for the strongest link ({IMPORTANCE_WORDS[importance]})."
    )
    confidence_sentence = f"Confidence {round(factor * 100)}% — {rule}"
    effort_sentence = f"Effort {_number(effort)} person-week{'' if effort == 1 else 's'}."
    score_sentence = (
        f"Score {_number(reach)} {TIMES} {_number(impact)} {TIMES} {_number(factor)} {DIVIDED_BY} {_number(effort)} "
        f"= {_number(score)}."
    )
    return Priority(
        reach=reach, impact=impact, confidence=label, confidence_factor=factor, confidence_rule=rule, effort=effort,
        score=score, pain=pain, importance=importance,
        explanation=[reach_sentence, impact_sentence, confidence_sentence, effort_sentence, score_sentence],
    )  # fmt: skip
