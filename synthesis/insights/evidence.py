"""The evidence profile of a set of highlights: who said it, in which kind of interview, how much it hurts.

Insights and roadmap items both show it. `evidence_rows` fetches what a profile needs in one query;
`profile_from_rows` is pure, so a list of many insights or items can fetch all rows at once and group them.
A profile also carries the validation numbers of its insights (`validation_counts`, `with_validation`): how many
answers of a validation round confirm, contradict or leave unclear what the insights say.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet

from synthesis.models import Highlight, ValidationAnswer, Verdict

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a share `successes / trials` (95% by default); None without trials."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


ROW_FIELDS = {
    "highlight_id": F("pk"),
    "participant_id": F("participant"),
    "transcript_id": F("transcript"),
    "kind": F("transcript__kind"),
    "occurred_at": F("transcript__occurred_at"),
    "pain_human": F("pain"),
    "pain_machine": F("pain_ai"),
    "attributes": F("participant__attributes"),
}


@dataclass(frozen=True)
class EvidenceProfile:
    highlights: int = 0
    participants: int = 0
    interviews: int = 0
    sync_interviews: int = 0
    async_interviews: int = 0
    # attribute name -> value -> distinct participants, most common first.
    segments: dict[str, dict[str, int]] = field(default_factory=dict)
    pain_scored: int = 0
    pain_avg: float | None = None
    pain_max: int | None = None
    latest: datetime | None = None
    # Answers of validation rounds about the insights, by verdict (a researcher's review wins).
    validation_confirms: int = 0
    validation_contradicts: int = 0
    validation_unclear: int = 0

    @property
    def sync_share(self) -> float:
        return self.sync_interviews / self.interviews if self.interviews else 0.0

    @property
    def validation_answers(self) -> int:
        return self.validation_confirms + self.validation_contradicts + self.validation_unclear

    @property
    def validation_decided(self) -> int:
        """Answers that confirm or contradict: the share and its interval ignore the unclear ones."""
        return self.validation_confirms + self.validation_contradicts

    @property
    def validation_share(self) -> float | None:
        decided = self.validation_decided
        return self.validation_confirms / decided if decided else None

    @property
    def validation_interval(self) -> tuple[float, float] | None:
        return wilson(self.validation_confirms, self.validation_decided)


def pain_of(row: dict) -> int | None:
    """A person's score wins over the AI's; the AI's counts when nobody scored the highlight."""
    return row["pain_human"] if row["pain_human"] is not None else row["pain_machine"]


_ALIAS = "evidence_"  # values() cannot name an expression like a model field (participant_id): alias, then rename


def evidence_rows(highlights: QuerySet[Highlight], **extra) -> list[dict]:
    """One query: the fields a profile needs, plus `extra` named expressions (e.g. the item a link belongs to)."""
    expressions = {_ALIAS + name: expression for name, expression in {**ROW_FIELDS, **extra}.items()}
    cut = len(_ALIAS)
    return [{name[cut:]: value for name, value in row.items()} for row in highlights.order_by().values(**expressions)]


def profile_from_rows(rows: list[dict]) -> EvidenceProfile:
    """Distinct highlights, participants and interviews; a highlight reached twice (two insights) counts once."""
    by_highlight = {row["highlight_id"]: row for row in rows}
    if not by_highlight:
        return EvidenceProfile()
    rows = list(by_highlight.values())
    interviews = {row["transcript_id"]: row["kind"] for row in rows}
    participants = {row["participant_id"]: row["attributes"] or {} for row in rows if row["participant_id"]}
    segments: dict[str, Counter] = defaultdict(Counter)
    for attributes in participants.values():
        for name, value in attributes.items():
            segments[name][str(value)] += 1
    pains = [pain for row in rows if (pain := pain_of(row)) is not None]
    kinds = Counter(interviews.values())
    return EvidenceProfile(
        highlights=len(rows),
        participants=len(participants),
        interviews=len(interviews),
        sync_interviews=kinds["sync"],
        async_interviews=kinds["async"],
        segments={name: dict(counts.most_common()) for name, counts in sorted(segments.items())},
        pain_scored=len(pains),
        pain_avg=round(sum(pains) / len(pains), 2) if pains else None,
        pain_max=max(pains) if pains else None,
        latest=max(row["occurred_at"] for row in rows),
    )


def evidence_profile(highlights: QuerySet[Highlight]) -> EvidenceProfile:
    return profile_from_rows(evidence_rows(highlights))


def validation_counts(insight_ids: Iterable[int]) -> dict[int, tuple[int, int, int]]:
    """One query: insight id -> (confirming, contradicting, unclear) validation answers."""
    ids = list(insight_ids)
    if not ids:
        return {}
    rows = (
        ValidationAnswer.objects.filter(question__insight__in=ids)
        .values("question__insight")
        .order_by()
        .annotate(
            confirms=Count("pk", filter=Q(verdict=Verdict.CONFIRMS)),
            contradicts=Count("pk", filter=Q(verdict=Verdict.CONTRADICTS)),
            unclear=Count("pk", filter=Q(verdict=Verdict.UNCLEAR)),
        )
    )
    return {row["question__insight"]: (row["confirms"], row["contradicts"], row["unclear"]) for row in rows}


def with_validation(profile: EvidenceProfile, counts: Iterable[tuple[int, int, int]]) -> EvidenceProfile:
    """The profile with the summed validation counts of its insights."""
    confirms = contradicts = unclear = 0
    for c, x, u in counts:
        confirms, contradicts, unclear = confirms + c, contradicts + x, unclear + u
    return replace(
        profile, validation_confirms=confirms, validation_contradicts=contradicts, validation_unclear=unclear
    )
