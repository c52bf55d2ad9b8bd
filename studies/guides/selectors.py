"""Reads for the guide editor, each with a fixed number of queries whatever the number of questions."""

from django.db.models import Prefetch, QuerySet

from studies.models import GuideQuestion, Round
from studies.programme.selectors import rounds_with_guides


def round_with_guide(round_id) -> Round | None:
    return (
        Round.objects.select_related("study")
        .prefetch_related(Prefetch("questions", queryset=GuideQuestion.objects.order_by("order")))
        .filter(pk=round_id)
        .first()
    )


def rounds_for_copy(*, exclude_round_id) -> QuerySet[Round]:
    """Rounds with a guide to copy from, across every study of the workspace."""
    return rounds_with_guides().select_related("study").filter(question_count__gt=0).exclude(pk=exclude_round_id)
