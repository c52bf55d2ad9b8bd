"""Reads of validation at scale: an insight's result (share confirming with its Wilson interval, by segment, the
contradicting quotes and the answers to review), the insights a study's validation page offers. Fixed query counts."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from synthesis.insights.evidence import wilson
from synthesis.models import Insight, ValidationAnswer, Verdict

DEFAULT_ATTRIBUTE = "segment"
NO_VALUE = "(none)"


@dataclass
class Tally:
    confirms: int = 0
    contradicts: int = 0
    unclear: int = 0

    @property
    def n(self) -> int:
        return self.confirms + self.contradicts + self.unclear

    @property
    def decided(self) -> int:
        return self.confirms + self.contradicts

    @property
    def share(self) -> float | None:
        """Confirming among the answers that decide: the unclear ones are counted but left out of the share."""
        return self.confirms / self.decided if self.decided else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.confirms, self.decided)

    def add(self, verdict: str) -> None:
        setattr(self, verdict, getattr(self, verdict) + 1)

    def as_dict(self) -> dict:
        interval = self.interval
        return {
            "n": self.n, "confirms": self.confirms, "contradicts": self.contradicts, "unclear": self.unclear,
            "share": None if self.share is None else round(self.share, 4),
            "interval": None if interval is None else [round(interval[0], 4), round(interval[1], 4)],
        }  # fmt: skip


@dataclass
class InsightValidation:
    total: Tally
    attribute: str
    by_segment: dict[str, Tally]
    attributes: list[str]  # participant attributes the answers can be split by
    contradicting: list[ValidationAnswer]
    answers: list[ValidationAnswer] = field(default_factory=list)
    rounds: list = field(default_factory=list)  # (round id, study title, round order) of the rounds testing it

    def as_dict(self) -> dict:
        return {
            **self.total.as_dict(),
            "attribute": self.attribute,
            "by_segment": {value: tally.as_dict() for value, tally in self.by_segment.items()},
            "contradicting": [{"quote": a.quote, "session": a.session_id} for a in self.contradicting],
        }


def insight_validation(insight: Insight, *, attribute: str = DEFAULT_ATTRIBUTE) -> InsightValidation:
    """The validation result of one insight, split by a participant attribute: two queries."""
    attribute = attribute if attribute and attribute.isidentifier() else DEFAULT_ATTRIBUTE
    answers = list(
        ValidationAnswer.objects.filter(question__insight=insight)
        .select_related("participant", "reviewed_by", "question__question__round__study")
        .order_by("created_at", "pk")
    )
    total, by_segment, names = Tally(), {}, set()
    for answer in answers:
        total.add(answer.verdict)
        attributes = answer.participant.attributes if answer.participant else {}
        names.update(attributes)
        value = str(attributes[attribute]) if attribute in attributes else NO_VALUE
        by_segment.setdefault(value, Tally()).add(answer.verdict)
    rounds = list(
        insight.validation_questions.values_list(
            "question__round_id", "question__round__study__title", "question__round__order"
        ).distinct()
    )
    return InsightValidation(
        total=total,
        attribute=attribute,
        by_segment=dict(sorted(by_segment.items(), key=lambda item: (-item[1].n, item[0]))),
        attributes=sorted(names | {DEFAULT_ATTRIBUTE}),
        contradicting=[a for a in answers if a.verdict == Verdict.CONTRADICTS],
        answers=answers,
        rounds=rounds,
    )


def answer_get(*, insight: Insight, pk) -> ValidationAnswer | None:
    try:
        return ValidationAnswer.objects.filter(pk=int(pk), question__insight=insight).first()
    except (TypeError, ValueError):
        return None


def insights_to_validate(*, study_id: int | None = None, selected: list[int] = ()) -> list[Insight]:
    """Insights the page offers: those quoted from `study_id` (or every insight), the selected ones first; one query
    with the number of quotes each."""
    insights = Insight.objects.annotate(quotes=Count("highlights", distinct=True))
    if study_id:
        insights = insights.filter(Q(highlights__study_id=study_id) | Q(pk__in=selected))
    rows = list(insights.distinct().order_by("-updated_at", "-pk")[:200])
    chosen = set(selected)
    return sorted(rows, key=lambda i: i.pk not in chosen)
