"""Reads of the roadmap: the board, an item with its evidence, the shared (anonymous) board, the evidence picker.

Every list runs a fixed number of queries whatever the number of items and links: the items, their links, the
evidence rows in two queries (quotes linked directly, quotes of linked insights, each fetched once however many
items link them), and the segment weights. Profiles and priorities are then computed in Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from roadmap.models import EvidenceLink, Horizon, ItemStatus, RoadmapItem, RoadmapShare, SegmentWeight
from roadmap.priority import Priority, SegmentWeights, priority_of, weighted_reach
from studies.models import Participant
from synthesis.insights.evidence import (
    EvidenceProfile,
    evidence_rows,
    profile_from_rows,
    validation_counts,
    with_validation,
)
from synthesis.insights.services import evidence_queryset
from synthesis.models import Highlight, Insight

GROUPS = {"status": ItemStatus, "horizon": Horizon}
SORTS = ("priority", "position")


def parse_segment(segment) -> tuple[str, str] | None:
    """`"plan=enterprise"` (or a pair) as ("plan", "enterprise"); None for no filter. ValueError when malformed."""
    if not segment:
        return None
    if isinstance(segment, tuple | list):
        name, value = segment
    else:
        name, sep, value = str(segment).partition("=")
        if not sep:
            raise ValueError("Write a segment as attribute=value, e.g. plan=enterprise.")
    name, value = str(name).strip(), str(value).strip()
    if not name or not value:
        raise ValueError("Write a segment as attribute=value, e.g. plan=enterprise.")
    return name, value


def segment_weights() -> dict[tuple[str, str], float]:
    return {(a, v): float(w) for a, v, w in SegmentWeight.objects.values_list("attribute", "value", "weight")}


@dataclass
class ItemEvidence:
    rows: dict[int, list[dict]]  # item id -> evidence rows (a quote reached twice appears twice)
    importances: dict[int, list[int]]  # item id -> its links' importances
    counts: dict[int, tuple[int, int]]  # item id -> (insight links, quote links)
    # item id -> the validation counts (confirming, contradicting, unclear) of each insight it links, once each
    validation: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)


def evidence_for(item_ids: Iterable[int]) -> ItemEvidence:
    """Everything the profiles and priorities of these items need, in four queries whatever their number.

    The links come first (small tuples), then the rows of the quotes linked directly and of the quotes of the
    linked insights, each fetched once however many items link them: 200 items sharing 50 insights fetch those
    insights' quotes once, not 200 times. Rows are shared between items, never copied."""
    ids = list(item_ids)
    evidence = ItemEvidence(rows=defaultdict(list), importances=defaultdict(list), counts={})
    if not ids:
        return evidence
    links = list(
        EvidenceLink.objects.filter(item__in=ids).values_list("item_id", "insight_id", "highlight_id", "importance")
    )
    highlight_ids = {highlight_id for _, _, highlight_id, _ in links if highlight_id}
    insight_ids = {insight_id for _, insight_id, _, _ in links if insight_id}
    direct = {}
    if highlight_ids:
        direct = {
            row["highlight_id"]: row
            for row in evidence_rows(Highlight.objects.filter(pk__in=highlight_ids), study_id=F("study"))
        }
    by_insight = defaultdict(list)
    if insight_ids:
        for row in evidence_rows(
            Highlight.objects.filter(insights__in=insight_ids), insight_id=F("insights"), study_id=F("study")
        ):
            by_insight[row["insight_id"]].append(row)
    counts = defaultdict(lambda: [0, 0])
    validated = validation_counts(insight_ids)
    linked: dict[int, set[int]] = defaultdict(set)
    for item_id, insight_id, highlight_id, importance in links:
        if insight_id in validated and insight_id not in linked[item_id]:
            linked[item_id].add(insight_id)
            evidence.validation.setdefault(item_id, []).append(validated[insight_id])
        evidence.importances[item_id].append(importance)
        if insight_id:
            evidence.rows[item_id].extend(by_insight.get(insight_id, ()))
            counts[item_id][0] += 1
        elif highlight_id in direct:
            evidence.rows[item_id].append(direct[highlight_id])
            counts[item_id][1] += 1
    evidence.counts = {item_id: tuple(pair) for item_id, pair in counts.items()}
    return evidence


def _matches(rows: list[dict], *, segment: tuple[str, str] | None, study_id: int | None) -> bool:
    """Whether any of the item's evidence comes from this segment and this study."""
    for row in rows:
        if study_id is not None and row["study_id"] != study_id:
            continue
        if segment is not None:
            attributes = row["attributes"] or {}
            if segment[0] not in attributes or str(attributes[segment[0]]) != segment[1]:
                continue
        return True
    return False


def annotate_items(items: list[RoadmapItem], *, weights: SegmentWeights | None = None) -> list[RoadmapItem]:
    """Set `.rows`, `.importances`, `.link_count`, `.insight_count`, `.highlight_count`, `.profile` and `.priority`
    on each item (five queries in all, the validation counts included)."""
    evidence = evidence_for(item.pk for item in items)
    weights = segment_weights() if weights is None else weights
    for item in items:
        item.rows = evidence.rows.get(item.pk, [])
        item.importances = evidence.importances.get(item.pk, [])
        item.insight_count, item.highlight_count = evidence.counts.get(item.pk, (0, 0))
        item.link_count = item.insight_count + item.highlight_count
        item.profile = with_validation(profile_from_rows(item.rows), evidence.validation.get(item.pk, []))
        item.priority = priority_of(
            profile=item.profile,
            reach=weighted_reach(item.rows, weights),
            importances=item.importances,
            effort=item.effort,
        )
    return items


def items_queryset() -> QuerySet[RoadmapItem]:
    return RoadmapItem.objects.select_related("owner")


def _sort_key_priority(item: RoadmapItem):
    return (-item.priority.score, item.position, item.pk)


def items_list(
    *,
    segment=None,
    study=None,
    owner=None,
    status: str | None = None,
    horizon: str | None = None,
    q: str = "",
    sort: str = "priority",
) -> list[RoadmapItem]:
    """Items, filtered and sorted, each with `.profile` and `.priority`: six queries whatever their number.

    `segment` (attribute=value) and `study` keep the items with at least one quote from that segment or study; the
    profile and priority stay those of all the item's evidence. `sort="priority"` puts the highest score first
    (ties by position), `"position"` follows the board order."""
    segment = parse_segment(segment)
    items = items_queryset()
    if owner is not None:
        items = items.filter(owner=owner)
    if status:
        items = items.filter(status=status)
    if horizon:
        items = items.filter(horizon=horizon)
    q = " ".join((q or "").split())
    if q:
        items = items.filter(Q(title__icontains=q) | Q(description__icontains=q))
    items = list(items.order_by("position", "pk"))
    annotate_items(items)
    if segment is not None or study is not None:
        study_id = getattr(study, "pk", study)
        study_id = int(study_id) if study_id is not None else None
        items = [item for item in items if _matches(item.rows, segment=segment, study_id=study_id)]
    if sort == "priority":
        items.sort(key=_sort_key_priority)
    return items


@dataclass
class Column:
    key: str
    label: str
    items: list[RoadmapItem] = field(default_factory=list)


def board(
    *, group_by: str = "status", segment=None, study=None, owner=None, sort: str = "priority", q: str = ""
) -> list[Column]:
    """The board: one column per status (or horizon), in the workflow's order, each item with `.profile` and
    `.priority`; six queries whatever the number of items and links."""
    choices = GROUPS.get(group_by, ItemStatus)
    attribute = "horizon" if choices is Horizon else "status"
    columns = {value: Column(key=value, label=label) for value, label in choices.choices}
    for item in items_list(segment=segment, study=study, owner=owner, sort=sort, q=q):
        columns[getattr(item, attribute)].items.append(item)
    return list(columns.values())


# One item ------------------------------------------------------------------------------------------------------------


def item_get(pk) -> RoadmapItem | None:
    try:
        return items_queryset().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def item_links(item: RoadmapItem) -> list[EvidenceLink]:
    return list(
        item.links.select_related(
            "insight", "highlight__participant", "highlight__transcript", "highlight__study", "added_by"
        )
        .annotate(insight_quotes=Count("insight__highlights"))
        .order_by("-importance", "-created_at", "-pk")
    )


def item_quotes(item: RoadmapItem, limit: int = 5) -> list[Highlight]:
    """The strongest quotes behind the item: by the importance of the link that reaches them, then pain, then the
    most recent interview. Each quote carries `.link_importance` and `.pain_shown`."""
    direct = EvidenceLink.objects.filter(item=item.pk, highlight=OuterRef("pk")).values("importance")[:1]
    via = (
        EvidenceLink.objects.filter(item=item.pk, insight__highlights=OuterRef("pk"))
        .order_by("-importance")
        .values("importance")[:1]
    )
    reached = Q(roadmap_links__item=item.pk) | Q(insights__roadmap_links__item=item.pk)
    ids = Highlight.objects.filter(reached).values("pk")
    ranked = (
        evidence_queryset()
        .filter(pk__in=ids)
        .annotate(link_importance=Greatest(Coalesce(Subquery(direct), -1), Coalesce(Subquery(via), -1)))
        .order_by("-link_importance", F("pain_shown").desc(nulls_last=True), "-transcript__occurred_at", "-pk")
    )
    # A participant who said the same words twice (in two answers) is one quote, not two.
    quotes, seen = [], set()
    for quote in ranked[: limit * 4]:
        if (key := (quote.participant_id, quote.text.strip().lower())) not in seen:
            seen.add(key)
            quotes.append(quote)
    return quotes[:limit]


@dataclass
class ItemDetail:
    item: RoadmapItem
    links: list[EvidenceLink]
    profile: EvidenceProfile
    priority: Priority
    quotes: list[Highlight]


def item_detail(pk, *, quotes: int = 5) -> ItemDetail | None:
    """An item with its links, evidence profile, priority and strongest quotes (a fixed number of queries)."""
    item = item_get(pk)
    if item is None:
        return None
    annotate_items([item])
    return ItemDetail(
        item=item,
        links=item_links(item),
        profile=item.profile,
        priority=item.priority,
        quotes=item_quotes(item, quotes),
    )


def item_participants(item: RoadmapItem) -> QuerySet[Participant]:
    """Everyone with a quote behind the item, directly or through an insight."""
    quoted = Highlight.objects.filter(
        Q(roadmap_links__item=item.pk) | Q(insights__roadmap_links__item=item.pk), participant__isnull=False
    ).values("participant_id")
    return Participant.objects.filter(pk__in=quoted).order_by("pk")


# The shared board ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedItem:
    """What a client sees of an item: no participant names, emails or quotes, and no team members."""

    title: str
    description: str
    status: str
    status_label: str
    horizon: str
    horizon_label: str
    participants: int
    interviews: int
    sync_interviews: int
    async_interviews: int
    segments: dict[str, dict[str, int]]
    pain_avg: float | None
    confidence: str
    score: float
    insights: list[str]


@dataclass(frozen=True)
class SharedBoard:
    share: RoadmapShare
    columns: list[tuple[str, str, list[SharedItem]]]


def share_get(token: str) -> RoadmapShare | None:
    """The active share with this token (None for an unknown or revoked one)."""
    if not token:
        return None
    return RoadmapShare.objects.filter(token=token, revoked_at__isnull=True).first()


def shared_board(token: str) -> SharedBoard | None:
    """The roadmap by status (declined items left out) with evidence summaries and nothing personal."""
    share = share_get(token)
    if share is None:
        return None
    items = items_list(sort="priority")
    shown_attributes = set(share.attributes) or set(SegmentWeight.objects.values_list("attribute", flat=True))
    statements = defaultdict(list)
    for item_id, statement in (
        EvidenceLink.objects.filter(item__in=[item.pk for item in items], insight__isnull=False)
        .order_by("-importance", "pk")
        .values_list("item_id", "insight__statement")
    ):
        statements[item_id].append(statement)
    columns = []
    for value, label in ItemStatus.choices:
        if value == ItemStatus.DECLINED:
            continue
        shown = [
            SharedItem(
                title=item.title,
                description=item.description,
                status=item.status,
                status_label=label,
                horizon=item.horizon,
                horizon_label=item.get_horizon_display(),
                participants=item.profile.participants,
                interviews=item.profile.interviews,
                sync_interviews=item.profile.sync_interviews,
                async_interviews=item.profile.async_interviews,
                segments={k: v for k, v in item.profile.segments.items() if k in shown_attributes},
                pain_avg=item.profile.pain_avg,
                confidence=item.priority.confidence,
                score=item.priority.score,
                insights=statements.get(item.pk, []),
            )
            for item in items
            if item.status == value
        ]
        columns.append((value, label, shown))
    return SharedBoard(share=share, columns=columns)


# The evidence picker -------------------------------------------------------------------------------------------------


def evidence_search(q: str = "", kind: str = "insight", *, item: RoadmapItem | None = None, limit: int = 20) -> list:
    """Insights (by statement) or highlights (by text, tag, note or transcript title) matching `q`, newest first,
    leaving out what `item` already links."""
    q = " ".join((q or "").split())
    if kind == "highlight":
        highlights = evidence_queryset()
        if q:
            tagged = Highlight.tags.through.objects.filter(tag__name__icontains=q).values("highlight_id")
            highlights = highlights.filter(
                Q(text__icontains=q) | Q(pk__in=tagged) | Q(note__icontains=q) | Q(transcript__title__icontains=q)
            )
        if item is not None:
            highlights = highlights.exclude(roadmap_links__item=item)
        return list(highlights.order_by("-created_at", "-pk")[:limit])
    insights = Insight.objects.annotate(quote_count=Count("highlights")).order_by("-updated_at", "-pk")
    if q:
        insights = insights.filter(statement__icontains=q)
    if item is not None:
        insights = insights.exclude(roadmap_links__item=item)
    return list(insights[:limit])


def study_roadmap_counts(study) -> dict[str, int]:
    """Roadmap evidence links reaching a study (an insight quoting it, or one of its highlights), and the items they
    back: the study page's pipeline (studies.programme.pipeline). One query."""
    reaching = Q(insight__highlights__study=study) | Q(highlight__study=study)
    return EvidenceLink.objects.filter(reaching).aggregate(
        roadmap_links=Count("pk", distinct=True), roadmap_items=Count("item", distinct=True)
    )


def highlights_as_evidence(highlight_ids: list[int]) -> set[int]:
    """Which of these highlights support a roadmap item (synthesis.jobs.bulk: undo leaves evidence alone). One query."""
    return set(EvidenceLink.objects.filter(highlight_id__in=highlight_ids).values_list("highlight_id", flat=True))
