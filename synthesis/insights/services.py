"""Insights: statements the team believes, backed by highlights from any rounds, sync and async.

Writes (`insight_*` services) validate everything before they touch a row and run in one transaction; reads
(`insights_list`, `insight_detail`, `highlight_search`...) run a fixed number of queries whatever the number of rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from synthesis.coding.services import tag_paths
from synthesis.insights.evidence import (
    EvidenceProfile,
    evidence_rows,
    profile_from_rows,
    validation_counts,
    with_validation,
)
from synthesis.models import Highlight, Insight, InsightStatus, Tag
from workspaces.models import User

STATEMENT_MAX_LENGTH = 2000
INSIGHT_FIELDS = frozenset({"statement", "status"})


# Writes -------------------------------------------------------------------------------------------------------------


def _clean_statement(statement) -> str:
    statement = " ".join(str(statement or "").split())
    if not statement:
        raise ValidationError({"statement": "Write the insight as a sentence the team can agree or disagree with."})
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise ValidationError({"statement": f"Keep the statement under {STATEMENT_MAX_LENGTH} characters."})
    return statement


def _clean_status(status) -> str:
    if status not in InsightStatus.values:
        allowed = " or ".join(InsightStatus.values)
        raise ValidationError({"status": f"“{status}” is not a status: use {allowed}."})
    return status


def _highlight_ids(highlights: Iterable[Highlight | int | str] | None) -> list[int]:
    """Ids of existing highlights, in the order given without repeats, or ValidationError naming the missing ones."""
    ids, bad = [], []
    for item in highlights or ():
        if isinstance(item, Highlight):
            pk = item.pk
        else:
            try:
                pk = int(item)
            except (TypeError, ValueError):
                bad.append(str(item))
                continue
        if pk not in ids:
            ids.append(pk)
    if bad:
        raise ValidationError({"highlights": f"Not highlight ids: {', '.join(bad[:5])}."})
    if ids:
        found = set(Highlight.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ValidationError({"highlights": f"No highlight with id {', '.join(missing[:5])} in this workspace."})
    return ids


@transaction.atomic
def insight_create(
    *,
    statement: str,
    highlights: Iterable[Highlight | int] = (),
    actor: User | None,
    status: str = InsightStatus.DRAFT,
) -> Insight:
    """A new insight with its evidence; nothing is written when the statement, status or a highlight is wrong."""
    errors = {}
    try:
        statement = _clean_statement(statement)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        status = _clean_status(status)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        ids = _highlight_ids(highlights)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    insight = Insight(statement=statement, status=status, author=actor)
    insight.full_clean()
    insight.save()
    if ids:
        insight.highlights.add(*ids)
    return insight


@transaction.atomic
def insight_update(*, insight: Insight, actor: User | None, **fields) -> Insight:
    """Change the statement and/or status."""
    unknown = set(fields) - INSIGHT_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    errors = {}
    for name, clean in (("statement", _clean_statement), ("status", _clean_status)):
        if name in fields:
            try:
                setattr(insight, name, clean(fields[name]))
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    insight.full_clean()
    insight.save()
    return insight


@transaction.atomic
def insight_add_highlights(*, insight: Insight, highlights: Iterable[Highlight | int], actor: User | None) -> int:
    """Add evidence; returns how many highlights were new to the insight."""
    ids = _highlight_ids(highlights)
    if not ids:
        raise ValidationError({"highlights": "Pick at least one highlight to add."})
    already = set(insight.highlights.filter(pk__in=ids).values_list("pk", flat=True))
    new = [pk for pk in ids if pk not in already]
    if new:
        insight.highlights.add(*new)
        insight.save(update_fields=["updated_at"])
    return len(new)


@transaction.atomic
def insight_remove_highlights(*, insight: Insight, highlights: Iterable[Highlight | int], actor: User | None) -> int:
    """Take evidence away (the highlights themselves stay); returns how many were removed."""
    ids = _highlight_ids(highlights)
    if not ids:
        raise ValidationError({"highlights": "Pick at least one highlight to remove."})
    through = Insight.highlights.through.objects.filter(insight_id=insight.pk, highlight_id__in=ids)
    removed, _ = through.delete()
    if removed:
        insight.save(update_fields=["updated_at"])
    return removed


@transaction.atomic
def insight_delete(*, insight: Insight, actor: User | None) -> None:
    """The insight goes; its highlights stay in their transcripts."""
    insight.delete()


# Reads --------------------------------------------------------------------------------------------------------------


@dataclass
class InsightRow:
    insight: Insight
    profile: EvidenceProfile


def insights_queryset(*, status: str = "", q: str = "") -> QuerySet[Insight]:
    insights = Insight.objects.select_related("author")
    if status in InsightStatus.values:
        insights = insights.filter(status=status)
    q = " ".join((q or "").split())
    if q:
        quoted = Insight.highlights.through.objects.filter(highlight__text__icontains=q).values("insight_id")
        insights = insights.filter(Q(statement__icontains=q) | Q(pk__in=quoted))
    return insights.order_by("-updated_at", "-pk")


def profiles_for(insight_ids: Iterable[int]) -> dict[int, EvidenceProfile]:
    """The evidence profile of many insights, with their validation numbers, from two queries."""
    ids = list(insight_ids)
    if not ids:
        return {}
    rows = evidence_rows(Highlight.objects.filter(insights__in=ids), insight_id=F("insights"))
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["insight_id"]].append(row)
    counts = validation_counts(ids)
    return {
        pk: with_validation(profile_from_rows(grouped.get(pk, [])), [counts[pk]] if pk in counts else []) for pk in ids
    }


def insights_list(*, status: str = "", q: str = "", insights: Iterable[Insight] | None = None) -> list[InsightRow]:
    """Insights (filtered, newest change first), each with its evidence profile: three queries in all."""
    insights = list(insights_queryset(status=status, q=q) if insights is None else insights)
    profiles = profiles_for(insight.pk for insight in insights)
    return [InsightRow(insight=insight, profile=profiles[insight.pk]) for insight in insights]


def insight_status_counts() -> dict[str, int]:
    counts = dict(Insight.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {"all": sum(counts.values()), **{value: counts.get(value, 0) for value in InsightStatus.values}}


def insight_get(pk) -> Insight | None:
    try:
        return Insight.objects.select_related("author").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def evidence_queryset() -> QuerySet[Highlight]:
    """Highlights with what a quote shows: participant, round and study, transcript, tags."""
    return (
        Highlight.objects.select_related("participant", "round__study", "transcript", "utterance")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name", "parent_id", "colour")))
        .annotate(pain_shown=Coalesce("pain", "pain_ai"))
    )


@dataclass
class InsightDetail:
    insight: Insight
    profile: EvidenceProfile
    quotes: list[Highlight]
    paths: dict[int, str]


def insight_detail(pk) -> InsightDetail | None:
    """An insight, its profile and its quotes (sync and async, by interview date) with tag paths: five queries."""
    insight = insight_get(pk)
    if insight is None:
        return None
    highlights = insight.highlights.all()
    profile = profile_from_rows(evidence_rows(highlights))
    quotes = list(
        evidence_queryset()
        .filter(insights=insight)
        .order_by("transcript__occurred_at", "transcript_id", "utterance__order", "start", "pk")
    )
    return InsightDetail(insight=insight, profile=profile, quotes=quotes, paths=tag_paths())


def highlight_search(*, q: str = "", exclude_insight: Insight | None = None, limit: int = 20) -> list[Highlight]:
    """Highlights whose text, tag name or interview title matches `q` (newest first), for the evidence picker.

    The matching ids come first (one query over the highlights alone), then the few rows with what they show: joining
    every highlight of a large workspace to its participant, round and transcript only to keep 20 costs far more."""
    highlights = Highlight.objects.all()
    q = " ".join((q or "").split())
    if q:
        tagged = Highlight.tags.through.objects.filter(tag__name__icontains=q).values("highlight_id")
        highlights = highlights.filter(
            Q(text__icontains=q) | Q(pk__in=tagged) | Q(note__icontains=q) | Q(transcript__title__icontains=q)
        )
    if exclude_insight is not None:
        highlights = highlights.exclude(insights=exclude_insight)
    ids = list(highlights.order_by("-created_at", "-pk").values_list("pk", flat=True)[:limit])
    return list(evidence_queryset().filter(pk__in=ids).order_by("-created_at", "-pk"))


INSIGHT_CHOICES = 30


def insight_choices() -> list[Insight]:
    """The insights the coding page offers to add a highlight to: the most recently changed ones."""
    return list(Insight.objects.only("pk", "statement", "status").order_by("-updated_at", "-pk")[:INSIGHT_CHOICES])
