"""Patterns across coded interviews, the numbers behind the charts page: tag frequency by segment, the distribution of
pain scores (people and AI), and the saturation curve. Each selector runs a fixed number of queries however many
interviews and highlights the scope holds; the pure functions (`saturation_curve`) hold the arithmetic to test.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Func, Q
from django.db.models.fields.json import KeyTextTransform

from interviews.models import Transcript
from studies.models import Participant, Round, Study
from synthesis.coding.services import tag_paths
from synthesis.models import PAIN_RUBRIC, Highlight

UNKNOWN_SEGMENT = "(not set)"
OTHER_SEGMENT = "(other values)"
DEFAULT_WINDOW = 5
DEFAULT_TOP = 10
MAX_SEGMENTS = 6


@dataclass(frozen=True)
class Scope:
    """Which highlights a chart counts: a study, one of its rounds, or the whole workspace."""

    study: int | None = None
    round: int | None = None

    def highlights(self, prefix: str = ""):
        q = Q()
        if self.study is not None:
            q &= Q(**{f"{prefix}study_id": self.study})
        if self.round is not None:
            q &= Q(**{f"{prefix}round_id": self.round})
        return q

    def transcripts(self):
        q = Q()
        if self.study is not None:
            q &= Q(round__study_id=self.study)
        if self.round is not None:
            q &= Q(round_id=self.round)
        return q

    @property
    def query(self) -> str:
        parts = [f"study={self.study}" if self.study else "", f"round={self.round}" if self.round else ""]
        return "&".join(part for part in parts if part)


def scope_choices() -> dict:
    """Studies and rounds for the scope selects (two queries)."""
    return {
        "studies": list(Study.objects.order_by("title").only("pk", "title")),
        "rounds": list(Round.objects.select_related("study").order_by("study__title", "order")),
    }


def scope_names(scope: Scope) -> dict:
    """The scope's study and round, to say what a page counts (at most two queries)."""
    study = Study.objects.filter(pk=scope.study).only("title").first() if scope.study else None
    round_ = Round.objects.select_related("study").filter(pk=scope.round).first() if scope.round else None
    return {"scope_study": study, "scope_round": round_}


def attribute_names() -> list[str]:
    """Every participant attribute name in use (one query), to choose the segment of a chart."""
    keys = Participant.objects.annotate(key=Func("attributes", function="jsonb_object_keys")).values_list("key")
    return sorted({key for (key,) in keys.order_by().distinct()}, key=str.casefold)


# Tag frequency by segment --------------------------------------------------------------------------------------------


@dataclass
class TagSegmentRow:
    tag_id: int
    path: str
    total_participants: int
    total_highlights: int
    participants: dict[str, int]  # segment value -> distinct participants
    highlights: dict[str, int]

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(participants, highlights) per segment value, in the order of the columns."""
        return [(n, self.highlights.get(value, 0)) for value, n in self.participants.items()]


@dataclass
class TagFrequency:
    attribute: str
    segments: list[str]  # the values shown, biggest first
    segment_sizes: dict[str, int]  # participants with coded highlights in each segment
    rows: list[TagSegmentRow]
    tags_in_scope: int
    folded: dict[str, list[str]] = field(default_factory=dict)  # "(other values)" -> the values it stands for

    @property
    def columns(self) -> list[tuple[str, int]]:
        return [(value, self.segment_sizes.get(value, 0)) for value in self.segments]


def tag_frequency_by_segment(
    *, attribute: str, scope: Scope = Scope(), top: int = DEFAULT_TOP, max_segments: int = MAX_SEGMENTS
) -> TagFrequency:
    """The `top` tags by distinct participants, each split by the value of a participant attribute: three queries
    (with the codebook's paths).

    Segment values beyond the `max_segments - 1` biggest fold into one "(other values)" column."""
    through = Highlight.tags.through.objects.filter(scope.highlights("highlight__"))
    segment = KeyTextTransform(attribute, "highlight__participant__attributes")
    counts = (
        through.order_by()
        .values("tag_id", value=segment)
        .annotate(participants=Count("highlight__participant", distinct=True), highlights=Count("highlight"))
    )
    counts = list(counts)
    # Each participant has one value of the attribute (or none: "(not set)"), so the values' counts add up to the
    # tag's distinct participants: no second pass over the highlights for the totals.
    totals: dict[int, dict[str, int]] = defaultdict(lambda: {"participants": 0, "highlights": 0})
    for row in counts:
        totals[row["tag_id"]]["participants"] += row["participants"]
        totals[row["tag_id"]]["highlights"] += row["highlights"]
    sizes_query = (
        Highlight.objects.filter(scope.highlights(), participant__isnull=False)
        .order_by()
        .values(value=KeyTextTransform(attribute, "participant__attributes"))
        .annotate(n=Count("participant", distinct=True))
    )
    sizes = Counter()
    for row in sizes_query:
        sizes[row["value"] if row["value"] is not None else UNKNOWN_SEGMENT] += row["n"]
    ranked = [value for value, _ in sizes.most_common()]
    shown = ranked if len(ranked) <= max_segments else ranked[: max_segments - 1]
    folded = {value: (value if value in shown else OTHER_SEGMENT) for value in ranked}
    segments = shown + ([OTHER_SEGMENT] if len(ranked) > len(shown) else [])
    segment_sizes = dict.fromkeys(segments, 0)
    for value, n in sizes.items():
        segment_sizes[folded[value]] += n

    top_ids = sorted(totals, key=lambda pk: (-totals[pk]["participants"], -totals[pk]["highlights"], pk))[:top]
    paths = tag_paths()
    by_tag: dict[int, TagSegmentRow] = {
        pk: TagSegmentRow(
            tag_id=pk,
            path=paths.get(pk, "?"),
            total_participants=totals[pk]["participants"],
            total_highlights=totals[pk]["highlights"],
            participants=dict.fromkeys(segments, 0),
            highlights=dict.fromkeys(segments, 0),
        )
        for pk in top_ids
    }
    for row in counts:
        if (tag_row := by_tag.get(row["tag_id"])) is None:
            continue
        value = folded.get(row["value"] if row["value"] is not None else UNKNOWN_SEGMENT, OTHER_SEGMENT)
        # A participant appears under one value of an attribute, so distinct counts add up across values.
        tag_row.participants[value] = tag_row.participants.get(value, 0) + row["participants"]
        tag_row.highlights[value] = tag_row.highlights.get(value, 0) + row["highlights"]
    return TagFrequency(
        attribute=attribute,
        segments=segments,
        segment_sizes=segment_sizes,
        rows=[by_tag[pk] for pk in top_ids],
        tags_in_scope=len(totals),
        folded={OTHER_SEGMENT: [value for value in ranked if value not in shown]} if len(ranked) > len(shown) else {},
    )


# Pain distribution ---------------------------------------------------------------------------------------------------


@dataclass
class PainDistribution:
    levels: list[int]
    human: dict[int, int]
    ai: dict[int, int]
    unscored: int
    total: int

    @property
    def human_total(self) -> int:
        return sum(self.human.values())

    @property
    def ai_total(self) -> int:
        return sum(self.ai.values())


def pain_distribution(*, scope: Scope = Scope()) -> PainDistribution:
    """How many highlights got each pain score, from people and from the AI (one query)."""
    levels = sorted(PAIN_RUBRIC)
    aggregates = {"total": Count("pk"), "unscored": Count("pk", filter=Q(pain__isnull=True, pain_ai__isnull=True))}
    for level in levels:
        aggregates[f"human_{level}"] = Count("pk", filter=Q(pain=level))
        aggregates[f"ai_{level}"] = Count("pk", filter=Q(pain_ai=level))
    numbers = Highlight.objects.filter(scope.highlights()).aggregate(**aggregates)
    return PainDistribution(
        levels=levels,
        human={level: numbers[f"human_{level}"] for level in levels},
        ai={level: numbers[f"ai_{level}"] for level in levels},
        unscored=numbers["unscored"],
        total=numbers["total"],
    )


# Saturation ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaturationPoint:
    index: int  # 1 for the first interview
    transcript_id: int
    title: str
    kind: str
    occurred_at: object
    tags: int  # distinct tags coded in this interview
    new: int  # of which no earlier interview had
    cumulative: int
    new_tag_ids: tuple[int, ...] = ()


@dataclass
class Saturation:
    points: list[SaturationPoint]
    window: int
    uncoded: int = 0  # interviews in scope with no highlight yet, left out of the curve
    new_tag_paths: dict[int, str] = field(default_factory=dict)

    @property
    def total_tags(self) -> int:
        return self.points[-1].cumulative if self.points else 0

    @property
    def recent_new(self) -> int:
        """New tags added by the last `window` interviews."""
        return sum(point.new for point in self.points[-self.window :])

    @property
    def saturated(self) -> bool:
        """The last `window` interviews added no new tag (and there were earlier ones that did)."""
        return len(self.points) > self.window and self.total_tags > 0 and self.recent_new == 0

    @property
    def hint(self) -> str:
        n = self.window
        interviews = "interview" if n == 1 else f"{n} interviews"
        if not self.points:
            return "No coded interviews yet: the curve starts with the first highlight."
        if len(self.points) <= n:
            return f"Only {len(self.points)} coded interview{'s' if len(self.points) != 1 else ''} so far: saturation shows after more than {n}."  # noqa: E501
        if self.saturated:
            return f"Saturation: the last {interviews} added no new tags."
        added = self.recent_new
        return f"Not saturated yet: the last {interviews} added {added} new tag{'s' if added != 1 else ''}."


def saturation_curve(interviews: Iterable[tuple[dict, Iterable[int]]], *, window: int = DEFAULT_WINDOW) -> Saturation:
    """Pure: `interviews` in the order they happened, each (facts, tag ids coded in it) -> new and cumulative tags.

    `facts` holds transcript_id, title, kind and occurred_at."""
    seen: set[int] = set()
    points = []
    for index, (facts, tag_ids) in enumerate(interviews, start=1):
        tags = set(tag_ids)
        new = sorted(tags - seen)
        seen |= tags
        points.append(
            SaturationPoint(
                index=index, transcript_id=facts["transcript_id"], title=facts.get("title", ""),
                kind=facts.get("kind", ""), occurred_at=facts.get("occurred_at"), tags=len(tags), new=len(new),
                cumulative=len(seen), new_tag_ids=tuple(new),
            )
        )  # fmt: skip
    return Saturation(points=points, window=max(1, window))


def saturation(*, scope: Scope = Scope(), window: int = DEFAULT_WINDOW) -> Saturation:
    """The saturation curve over the scope's coded interviews in the order they happened: three queries.

    An interview counts once it has a highlight; uncoded ones are left out (and counted) so that a backlog of
    interviews nobody has coded yet does not pass for saturation."""
    transcripts = list(
        Transcript.objects.filter(scope.transcripts())
        .annotate(highlight_count=Count("highlights"))
        .order_by("occurred_at", "pk")
        .values("pk", "title", "kind", "occurred_at", "highlight_count")
    )
    pairs = (
        Highlight.tags.through.objects.filter(scope.highlights("highlight__"))
        .order_by()
        .values_list("highlight__transcript_id", "tag_id")
        .distinct()
    )
    tags_of = defaultdict(set)
    for transcript_id, tag_id in pairs:
        tags_of[transcript_id].add(tag_id)
    coded = [t for t in transcripts if t["highlight_count"]]
    result = saturation_curve(
        (
            ({"transcript_id": t["pk"], "title": t["title"], "kind": t["kind"], "occurred_at": t["occurred_at"]},
             tags_of[t["pk"]])
            for t in coded
        ),
        window=window,
    )  # fmt: skip
    result.uncoded = len(transcripts) - len(coded)
    result.new_tag_paths = tag_paths()
    return result


# The quotes behind a bar ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteFilter:
    """What one bar counts, as the charts count it: a scope, and any of tags (exactly those, not their children), a
    participant attribute's values (UNKNOWN_SEGMENT for none), a pain score by people or by the AI, a transcript."""

    scope: Scope = Scope()
    tags: tuple[int, ...] = ()
    attribute: str = ""
    values: tuple[str, ...] = ()
    pain: int | None = None
    pain_by: str = "people"  # or "ai"
    transcript: int | None = None

    def apply(self, highlights):
        highlights = highlights.filter(self.scope.highlights())
        if self.tags:
            highlights = highlights.filter(
                pk__in=Highlight.tags.through.objects.filter(tag_id__in=self.tags).values("highlight_id")
            )
        if self.attribute and self.values:
            # As the chart reads it (KeyTextTransform): the attribute's name never becomes a lookup.
            highlights = highlights.alias(segment_value=KeyTextTransform(self.attribute, "participant__attributes"))
            known = [value for value in self.values if value != UNKNOWN_SEGMENT]
            value_q = Q(segment_value__in=known)
            if UNKNOWN_SEGMENT in self.values:
                value_q |= Q(segment_value__isnull=True)
            highlights = highlights.filter(value_q)
        if self.pain is not None:
            highlights = highlights.filter(**{"pain_ai" if self.pain_by == "ai" else "pain": self.pain})
        if self.transcript is not None:
            highlights = highlights.filter(transcript_id=self.transcript)
        return highlights


def chart_quotes(quote_filter: QuoteFilter):
    """The highlights behind one bar, in reading order, with what the list shows (three queries a page)."""
    return (
        quote_filter.apply(Highlight.objects.all())
        .select_related("participant", "transcript", "round__study")
        .prefetch_related("tags")
        .order_by("transcript__occurred_at", "transcript_id", "utterance__order", "start", "pk")
    )
