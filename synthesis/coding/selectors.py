"""Reads about coding progress, with a fixed number of queries whatever the number of transcripts."""

from django.db.models import Count, Q

from interviews.models import Transcript


def transcript_counts(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """Transcripts of these rounds (sync and async) and how many carry at least one highlight (coded). One query;
    the study page's pipeline reads it (studies.programme.pipeline)."""
    rows = (
        Transcript.objects.filter(round_id__in=round_ids)
        .values("round_id")
        .annotate(
            transcripts=Count("pk", distinct=True),
            coded=Count("pk", filter=Q(highlights__isnull=False), distinct=True),
        )
    )
    return {row.pop("round_id"): row for row in rows}
