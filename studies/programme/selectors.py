"""Reads for the study pages and API, each with a fixed number of queries whatever the number of rows."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from studies.models import Round, Study


def studies_list(*, status: str = "", goal: str = "") -> QuerySet[Study]:
    studies = Study.objects.select_related("owner").annotate(
        round_count=Count("rounds", distinct=True),
        target_total=Sum("rounds__target_participants"),
    )
    if status:
        studies = studies.filter(status=status)
    if goal:
        studies = studies.filter(goal=goal)
    return studies.order_by("-created_at")


def rounds_with_guides() -> QuerySet[Round]:
    # A round without questions has a guide of 0 minutes, not an unknown length.
    minutes = Coalesce(Sum("questions__estimated_minutes"), Value(Decimal(0)), output_field=DecimalField())
    return Round.objects.annotate(question_count=Count("questions"), guide_minutes=minutes).order_by("order")


def study_detail(study_id) -> Study | None:
    """A study with its programme: rounds in order, each with its number of questions and guide minutes."""
    return (
        Study.objects.select_related("owner")
        .prefetch_related(Prefetch("rounds", queryset=rounds_with_guides()))
        .filter(pk=study_id)
        .first()
    )
