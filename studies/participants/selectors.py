"""Reads for the participant pages and API, each with a fixed number of queries whatever the number of rows."""

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from studies.models import ContactEvent, Participant, ParticipantChange


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
    """A participant with their record's changes and their contacts, oldest first (three queries)."""
    contacts = ContactEvent.objects.select_related("round__study").order_by("occurred_at", "pk")
    changes = ParticipantChange.objects.select_related("actor").order_by("at", "pk")
    return (
        Participant.objects.prefetch_related(Prefetch("contacts", queryset=contacts), Prefetch("changes", changes))
        .filter(pk=participant_id)
        .first()
    )
