"""Reads for the study pages and API, each with a fixed number of queries whatever the number of rows."""

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from studies.models import ContactEvent, GuideQuestion, Participant, Round, Study


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
    return Round.objects.annotate(
        question_count=Count("questions"), guide_minutes=Sum("questions__estimated_minutes")
    ).order_by("order")


def study_detail(study_id) -> Study | None:
    """A study with its programme: rounds in order, each with its number of questions and guide minutes."""
    return (
        Study.objects.select_related("owner")
        .prefetch_related(Prefetch("rounds", queryset=rounds_with_guides()))
        .filter(pk=study_id)
        .first()
    )


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


def participants_list(*, search: str = "", attributes: dict[str, str] | None = None) -> QuerySet[Participant]:
    participants = Participant.objects.all()
    if search:
        participants = participants.filter(Q(email__icontains=search) | Q(name__icontains=search))
    if attributes:
        # JSON containment, not `attributes__<key>`: a key from the query string never becomes a lookup.
        participants = participants.filter(attributes__contains=attributes)
    return participants.annotate(
        contact_count=Count("contacts"),
    ).order_by("email")


def participant_attribute_keys() -> list[str]:
    """The attribute names used in this workspace, for the list's filters (PostgreSQL lists them itself)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT jsonb_object_keys(attributes) FROM {Participant._meta.db_table} ORDER BY 1")
        return [key for (key,) in cursor.fetchall()]


def participant_detail(participant_id) -> Participant | None:
    contacts = ContactEvent.objects.select_related("round__study").order_by("-occurred_at")
    return (
        Participant.objects.prefetch_related(Prefetch("contacts", queryset=contacts)).filter(pk=participant_id).first()
    )
