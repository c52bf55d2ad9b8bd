"""A participant's highlights, validation answers and host briefs: erased with them and exported on request
(studies.privacy.registry). Insights keep their other evidence; their counts are read live, so they update."""

import secrets

from django.db.models import Q, QuerySet

from interviews.models import Utterance
from interviews.privacy import participant_sessions, participant_transcripts, retention_deleted_utterances
from studies.models import Participant
from studies.privacy.registry import register_eraser, register_exporter, register_retainer
from studies.privacy.selectors import rows
from studies.privacy.services import gone
from synthesis.models import Brief, Highlight, Insight, Question, Suggestion, Summary, ValidationAnswer


def participant_highlights(participant: Participant) -> QuerySet[Highlight]:
    return Highlight.objects.filter(
        Q(participant=participant) | Q(transcript__in=participant_transcripts(participant))
    ).distinct()


@register_eraser(order=20)
def erase_synthesis(participant: Participant, *, dry_run: bool) -> dict[str, int]:
    highlights = participant_highlights(participant)
    sessions = participant_sessions(participant)
    counts = {"insights_losing_evidence": Insight.objects.filter(highlights__in=highlights).distinct().count()}
    counts.update(_erase_copies(participant, highlights, dry_run))  # while the highlights they cite still exist
    counts["highlights"] = gone(highlights, dry_run)
    counts["validation_answers"] = gone(
        ValidationAnswer.objects.filter(Q(participant=participant) | Q(session__in=sessions)), dry_run
    )
    counts["briefs"] = gone(
        Brief.objects.filter(Q(session__in=sessions) | Q(booking__participant=participant)), dry_run
    )
    counts["suggestions"] = gone(
        Suggestion.objects.filter(utterance__transcript__in=participant_transcripts(participant)), dry_run
    )
    return counts


def _erase_copies(participant: Participant, highlights, dry_run: bool) -> dict[str, int]:
    """Summaries and asked questions keep copies of the words they cite: those of anything the person said go (a
    round's or study's summary is made again by the next summary job)."""
    transcripts = participant_transcripts(participant)
    utterances = set(Utterance.objects.filter(transcript__in=transcripts).values_list("pk", flat=True))
    quoted = {("utterance", pk) for pk in utterances} | {
        ("highlight", pk) for pk in highlights.values_list("pk", flat=True)
    }
    rounds = transcripts.values("round_id")
    summaries = Summary.objects.filter(
        Q(transcript__in=transcripts) | Q(round__in=rounds) | Q(study__rounds__in=rounds)
    ).distinct()
    questions = [
        q.pk
        for q in Question.objects.only("citations")
        if any((c.get("kind"), c.get("id")) in quoted for c in q.citations)
    ]
    return {
        "summaries": gone(summaries, dry_run),
        "questions_asked": gone(Question.objects.filter(pk__in=questions), dry_run),
    }


@register_exporter(order=20)
def export_synthesis(participant: Participant) -> dict[str, list]:
    return {
        "highlights": rows(
            participant_highlights(participant).order_by("created_at"),
            "id",
            "text",
            "transcript_id",
            "study__title",
            "pain",
            "created_at",
        ),
        "validation_answers": rows(
            ValidationAnswer.objects.filter(participant=participant).order_by("pk"),
            "question__insight__statement",
            "verdict",
            "quote",
        ),
    }


@register_retainer(order=20)
def retain_highlights(*, cutoff, keep_highlights: bool) -> dict[str, int]:
    """Before interviews delete old transcripts: kept highlights swap their participant for a pseudonym (one per
    person and run, so quotes of one person still read as one voice); otherwise they go with their transcript."""
    old = Highlight.objects.filter(transcript__occurred_at__lt=cutoff)
    if not keep_highlights:
        return {"highlights": old.count()}
    linked = old.filter(participant__isnull=False)
    pseudonymised = 0
    for participant_id in list(linked.values_list("participant_id", flat=True).distinct()):
        pseudonym = f"P-{secrets.token_hex(4)}"
        pseudonymised += linked.filter(participant_id=participant_id).update(participant=None, pseudonym=pseudonym)
    return {"highlights_pseudonymised": pseudonymised}


def _summary_cites(content: dict) -> set[tuple[str, int]]:
    """Every (kind, id) a summary copies words from: its points' citations and its quotes."""
    cites = [c for point in content.get("points", []) for c in point.get("citations", [])]
    return {(c.get("kind"), c.get("id")) for c in cites + list(content.get("quotes", []))}


@register_retainer(order=30)
def retain_copies(*, cutoff, keep_highlights: bool) -> dict[str, int]:
    """First of all retainers, while the words still exist: summaries and asked questions that quote an utterance
    (or highlight) retention deletes go whole. Their point texts are those very sentences (extractive) or prose
    built on them, so stripping the citations would keep the words; the next summary job makes a summary again
    from what remains. Copies citing only recent answers, or highlights the workspace keeps under a pseudonym,
    stay."""
    summaries = {s.pk: _summary_cites(s.content) for s in Summary.objects.only("content")}
    questions = {q.pk: {(c.get("kind"), c.get("id")) for c in q.citations} for q in Question.objects.only("citations")}
    cited = set().union(*summaries.values(), *questions.values())
    wanted = {kind: [pk for k, pk in cited if k == kind and isinstance(pk, int)] for kind in ("utterance", "highlight")}
    utterances = retention_deleted_utterances(cutoff=cutoff, keep_highlights=keep_highlights)
    deleted = {("utterance", pk) for pk in utterances.filter(pk__in=wanted["utterance"]).values_list("pk", flat=True)}
    deleted |= {
        ("highlight", pk)
        for pk in Highlight.objects.filter(utterance__in=utterances, pk__in=wanted["highlight"]).values_list(
            "pk", flat=True
        )
    }
    return {
        "summaries": gone(Summary.objects.filter(pk__in=[pk for pk, c in summaries.items() if c & deleted]), False),
        "questions_asked": gone(
            Question.objects.filter(pk__in=[pk for pk, c in questions.items() if c & deleted]), False
        ),
    }
