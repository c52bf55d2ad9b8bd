"""Exports of synthesis: highlights as CSV, insights as Markdown and CSV. Each yields its lines, so that views stream
them (`StreamingHttpResponse`) and a workspace of 10,000 highlights never sits in memory as one string.

Who said what leaves the platform by participant id ("P42") and segment only: names and emails stay on the staff
pages, so an export can go to a client or a slide deck. Spreadsheet formulas are defused (a leading ') in CSV cells.
"""

import csv
from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet

from synthesis.charts.selectors import Scope
from synthesis.coding.services import tag_paths
from synthesis.insights.evidence import EvidenceProfile
from synthesis.insights.services import InsightRow, evidence_queryset, profiles_for
from synthesis.models import Highlight, Insight

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
HIGHLIGHT_COLUMNS = [
    "highlight_id", "quote", "tags", "pain", "pain_ai", "pain_ai_reason", "participant", "study", "round", "kind",
    "interview_id", "occurred_at", "link",
]  # fmt: skip
INSIGHT_COLUMNS = [
    "insight_id", "statement", "status", "highlights", "participants", "interviews", "sync_interviews",
    "async_interviews", "pain_avg", "pain_max", "segments", "highlight_ids", "updated_at",
]  # fmt: skip


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def pseudonym(participant_id: int | None) -> str:
    return f"P{participant_id}" if participant_id else "anonymous"


def segment_text(attributes: dict | None) -> str:
    return ", ".join(f"{name}: {value}" for name, value in sorted((attributes or {}).items()))


def attribute_columns(highlights: QuerySet[Highlight]) -> list[str]:
    """The participant attribute names among these highlights (one query)."""
    rows = highlights.order_by().values_list("participant__attributes", flat=True).distinct()
    return sorted({name for attributes in rows if attributes for name in attributes}, key=str.casefold)


def highlights_for_export(*, scope: Scope | None = None, insight: Insight | None = None) -> QuerySet[Highlight]:
    highlights = Highlight.objects.filter((scope or Scope()).highlights())
    if insight is not None:
        highlights = highlights.filter(insights=insight)
    return highlights


def highlights_csv(highlights: QuerySet[Highlight], *, link: Callable[[Highlight], str]) -> Iterator[str]:
    """One row per highlight: the quote, its tags by path ("Pain > Export"), pain by people and AI, the participant
    (by id) and one column per participant attribute, study, round, interview kind, id and date (not its title, which
    often names the participant), and a link to the exact place in the transcript.

    Queries: attribute names, tag paths, then the highlights in chunks of 2,000 (with their tags)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    attributes = attribute_columns(highlights)
    taken = set(HIGHLIGHT_COLUMNS)
    headers = [name if name not in taken else f"participant {name}" for name in attributes]
    yield "\ufeff" + writer.writerow([*HIGHLIGHT_COLUMNS, *headers])  # a BOM: spreadsheets then read UTF-8
    paths = tag_paths()
    rows = (
        evidence_queryset()
        .filter(pk__in=highlights.values("pk"))
        .order_by("study_id", "round__order", "transcript__occurred_at", "transcript_id", "utterance__order", "start")
    )
    for h in rows.iterator(chunk_size=CHUNK):
        values = (h.participant.attributes if h.participant else None) or {}
        yield writer.writerow(
            [_cell(v) for v in (
                h.pk, h.text, "; ".join(sorted(paths.get(t.pk, t.name) for t in h.tags.all())), h.pain, h.pain_ai,
                h.pain_ai_reason, pseudonym(h.participant_id), h.round.study.title,
                f"Round {h.round.order}: {h.round.purpose}", h.transcript.kind, h.transcript_id,
                h.transcript.occurred_at.isoformat(), link(h),
            )]
            + [_cell(values.get(name)) for name in attributes]
        )  # fmt: skip


def _profile_line(profile: EvidenceProfile) -> str:
    parts = [
        f"{profile.highlights} quote{'s' if profile.highlights != 1 else ''}",
        f"{profile.participants} participant{'s' if profile.participants != 1 else ''}",
        f"{profile.interviews} interview{'s' if profile.interviews != 1 else ''} "
        f"({profile.sync_interviews} live, {profile.async_interviews} async)",
    ]
    if profile.pain_avg is not None:
        parts.append(f"pain {profile.pain_avg:g} on average, {profile.pain_max} at most")
    return " · ".join(parts)


def _segments_text(profile: EvidenceProfile) -> str:
    return "; ".join(
        f"{name}: " + ", ".join(f"{value} {count}" for value, count in values.items())
        for name, values in profile.segments.items()
    )


def _md(text: str) -> str:
    """Text that stays text in Markdown: no accidental headings, lists, links or emphasis."""
    escaped = "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)
    return " ".join(escaped.split())


def insights_markdown(rows: Iterable[InsightRow], *, title: str, link: Callable[[Insight], str]) -> Iterator[str]:
    """A Markdown report: per insight its statement, status, evidence numbers and quotes, attributed by participant
    id and segment. Queries: the quotes of all the insights at once (two), whatever their number."""
    rows = list(rows)
    yield f"# {_md(title)}\n\n"
    if not rows:
        yield "No insights match.\n"
        return
    quotes: dict[int, list[Highlight]] = {row.insight.pk: [] for row in rows}
    through = Insight.highlights.through.objects.filter(insight_id__in=quotes).values_list("insight_id", "highlight_id")
    members: dict[int, list[int]] = {}
    for insight_id, highlight_id in through:
        members.setdefault(highlight_id, []).append(insight_id)
    highlights = (
        evidence_queryset()
        .filter(pk__in=members)
        .order_by("transcript__occurred_at", "transcript_id", "utterance__order", "start")
    )
    for h in highlights.iterator(chunk_size=CHUNK):
        for insight_id in members[h.pk]:
            quotes[insight_id].append(h)
    for row in rows:
        insight, profile = row.insight, row.profile
        yield f"## {_md(insight.statement)}\n\n"
        yield f"*{insight.get_status_display()}* · {_profile_line(profile)} · [open in Parley]({link(insight)})\n\n"
        if profile.segments:
            yield f"Segments (participants): {_md(_segments_text(profile))}\n\n"
        for h in quotes[insight.pk]:
            attributes = segment_text(h.participant.attributes if h.participant else None)
            who = pseudonym(h.participant_id) + (f" ({attributes})" if attributes else "")
            pain = h.pain if h.pain is not None else h.pain_ai
            pain_text = f", pain {pain}{' (AI)' if h.pain is None else ''}" if pain is not None else ""
            where = f"{h.round.study.title}, round {h.round.order}, {h.transcript.get_kind_display().lower()}"
            yield f"> {_md(h.text)}\n>\n> — {_md(who)}, {_md(where)}{pain_text}\n\n"


def insights_csv(rows: Iterable[InsightRow]) -> Iterator[str]:
    """One row per insight with its evidence numbers and highlight ids (one more query for the ids)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    rows = list(rows)
    yield "\ufeff" + writer.writerow(INSIGHT_COLUMNS)
    ids: dict[int, list[int]] = {row.insight.pk: [] for row in rows}
    through = Insight.highlights.through.objects.filter(insight_id__in=ids).order_by("highlight_id")
    for insight_id, highlight_id in through.values_list("insight_id", "highlight_id"):
        ids[insight_id].append(highlight_id)
    for row in rows:
        insight, profile = row.insight, row.profile
        yield writer.writerow(
            [_cell(v) for v in (
                insight.pk, insight.statement, insight.status, profile.highlights, profile.participants,
                profile.interviews, profile.sync_interviews, profile.async_interviews, profile.pain_avg,
                profile.pain_max, _segments_text(profile), " ".join(map(str, ids[insight.pk])),
                insight.updated_at.isoformat(),
            )]
        )  # fmt: skip


def insight_rows(insights: Iterable[Insight]) -> list[InsightRow]:
    insights = list(insights)
    profiles = profiles_for(i.pk for i in insights)
    return [InsightRow(insight=i, profile=profiles[i.pk]) for i in insights]
