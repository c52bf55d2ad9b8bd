"""The participant's timeline (studies.participants.registry), synthesis side: how much of each of their interviews
is coded, each quote highlighted from what they said (linking to the highlight in its transcript), and the insights
citing them. Three queries."""

from collections import defaultdict

from django.db.models import Prefetch
from django.template.defaultfilters import truncatechars
from django.urls import reverse

from studies.participants.registry import Timeline, TimelineEntry
from synthesis.models import Highlight, Insight, Tag


def quotes_timeline(timeline: Timeline) -> None:
    participant = timeline.participant
    highlights = list(
        Highlight.objects.filter(participant=participant)
        .select_related("transcript")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name").order_by("name")))
        .order_by("transcript__occurred_at", "utterance__order", "start", "pk")
    )
    per_transcript = defaultdict(int)
    for h in highlights:
        per_transcript[h.transcript_id] += 1
    for entry in timeline.entries:
        if entry.transcript_id:
            n = per_transcript.get(entry.transcript_id, 0)
            entry.notes.append(f"{n} highlight{'s' if n != 1 else ''} coded" if n else "not coded yet")

    for h in highlights:
        notes = [tag.name for tag in h.tags.all()] + ([f"pain {h.pain}"] if h.pain else [])
        timeline.add(TimelineEntry(
            when=h.transcript.occurred_at, kind="quote", title=f"Quoted from {h.transcript.title}",
            url=reverse("coding:transcript", args=[h.transcript_id]) + f"#h-{h.pk}", detail=f"“{h.text}”",
            notes=notes, order=1,  # after the interview it comes from
        ))  # fmt: skip

    if not highlights:
        return
    cited = defaultdict(list)
    rows = Insight.highlights.through.objects.filter(highlight__participant=participant).select_related("insight")
    for row in rows.order_by("insight__created_at", "insight_id"):
        cited[row.insight].append(row.highlight_id)
    created = {h.pk: h.created_at for h in highlights}
    for insight, ids in cited.items():
        # An insight cites a quote once both exist: the later of the two moments.
        when = max([insight.created_at, *(created[pk] for pk in ids if pk in created)])
        timeline.add(TimelineEntry(
            when=when, kind="insight", title=f"Cited in the insight “{truncatechars(insight.statement, 90)}”",
            url=reverse("insights:detail", args=[insight.pk]),
            notes=[f"{len(ids)} of their quote{'s' if len(ids) != 1 else ''}", insight.get_status_display()],
            order=2,
        ))  # fmt: skip
