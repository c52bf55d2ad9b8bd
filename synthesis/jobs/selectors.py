"""Reads behind the job pages and API: each a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from interviews.models import Utterance
from studies.models import Round, Study
from synthesis.models import Highlight, Suggestion, SuggestionStatus, SynthesisJob, Tag, Theme


def jobs_list(*, study: int | None = None, kind: str = "", status: str = "") -> QuerySet[SynthesisJob]:
    """Jobs newest first, with their study, round and who started them, and their pending suggestions."""
    jobs = SynthesisJob.objects.select_related("study", "round", "started_by").annotate(
        pending_count=Count("suggestions", filter=Q(suggestions__status=SuggestionStatus.PENDING))
    )
    if study is not None:
        jobs = jobs.filter(study_id=study)
    if kind:
        jobs = jobs.filter(kind=kind)
    if status:
        jobs = jobs.filter(status=status)
    return jobs.order_by("-created_at", "-pk")


def job_detail(job_id) -> SynthesisJob | None:
    return jobs_list().filter(pk=job_id).first()


def start_choices() -> dict:
    """Studies and rounds for the start form."""
    return {
        "studies": list(Study.objects.order_by("title").only("pk", "title")),
        "rounds": list(Round.objects.select_related("study").order_by("study__title", "order")),
    }


def suggestions_list(*, job: int | None = None, status: str = SuggestionStatus.PENDING) -> QuerySet[Suggestion]:
    """Suggestions grouped by transcript, in reading order, with their utterance, interview, tags and job."""
    suggestions = Suggestion.objects.select_related(
        "utterance__transcript__round__study", "utterance__transcript__participant", "job", "highlight"
    ).prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    if job is not None:
        suggestions = suggestions.filter(job_id=job)
    if status:
        suggestions = suggestions.filter(status=status)
    return suggestions.order_by("utterance__transcript__occurred_at", "utterance__transcript_id", "utterance__order",
                                "start", "pk")  # fmt: skip


@dataclass
class Quote:
    """A representative quote of a theme, with where it was said."""

    text: str
    transcript_id: int
    transcript_title: str
    utterance_id: int
    participant: str
    kind: str


def themes_with_quotes(job: SynthesisJob) -> list[Theme]:
    """The job's themes, each with `quotes` (its representatives, closest to the centre first): three queries."""
    themes = list(Theme.objects.filter(job=job).select_related("insight").order_by("order"))
    ids = {pk for theme in themes for pk in theme.representatives}
    if job.options.get("source", "highlights") == "highlights":
        rows = Highlight.objects.filter(pk__in=ids).select_related("transcript", "participant")
        found = {
            h.pk: Quote(
                h.text, h.transcript_id, h.transcript.title, h.utterance_id, _name(h.participant), h.transcript.kind
            )
            for h in rows
        }
    else:
        rows = Utterance.objects.filter(pk__in=ids).select_related("transcript__participant")
        found = {
            u.pk: Quote(
                u.text, u.transcript_id, u.transcript.title, u.pk, _name(u.transcript.participant), u.transcript.kind
            )
            for u in rows
        }
    for theme in themes:
        theme.quotes = [found[pk] for pk in theme.representatives if pk in found]
    return themes


def _name(participant) -> str:
    if participant is None:
        return "Anonymous"
    return participant.name or participant.email
