"""Reads for the participant pages and API, each with a fixed number of queries whatever the number of rows."""

from datetime import timedelta

from django.db import connection
from django.db.models import Avg, Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from studies.models import ContactEvent, ContactKind, Participant, ParticipantChange, ParticipantRating, Segment


def _latest(kind: str | None = None) -> Subquery:
    events = ContactEvent.objects.filter(participant=OuterRef("pk"))
    if kind:
        events = events.filter(kind=kind)
    return Subquery(events.values("participant").annotate(at=Max("occurred_at")).values("at")[:1])


def _since(days: int):
    return timezone.now() - timedelta(days=days)


def participants_list(
    *, search: str = "", attributes: dict[str, str] | None = None, filters: dict | None = None
) -> QuerySet[Participant]:
    """The panel, filtered by `filters` (what SegmentFilterForm cleans: search, attributes, activity, last
    contacted, rounds taken, rating) and annotated with what the filters read, in one query. Each figure is a
    subquery so that one person's many contacts never multiply their ratings."""
    filters = dict(filters or {})
    search = search or filters.get("q", "")
    attributes = attributes or filters.get("attributes") or {}
    interviews = ContactEvent.objects.filter(participant=OuterRef("pk"), kind=ContactKind.INTERVIEW)
    participants = Participant.objects.annotate(
        contact_count=Coalesce(
            Subquery(
                ContactEvent.objects.filter(participant=OuterRef("pk"))
                .values("participant").annotate(n=Count("pk")).values("n")[:1]
            ),
            0,
        ),
        last_contacted_at=_latest(),
        last_interview_at=_latest(ContactKind.INTERVIEW),
        rounds_taken=Coalesce(
            Subquery(
                interviews.exclude(round=None)
                .values("participant").annotate(n=Count("round", distinct=True)).values("n")[:1]
            ),
            0,
        ),
        rating_avg=Subquery(
            ParticipantRating.objects.filter(participant=OuterRef("pk"))
            .values("participant").annotate(avg=Avg("rating")).values("avg")[:1]
        ),
    )  # fmt: skip
    if search:
        participants = participants.filter(Q(email__icontains=search) | Q(name__icontains=search))
    if attributes:
        # JSON containment, not `attributes__<key>`: a key from the query string never becomes a lookup.
        participants = participants.filter(attributes__contains=attributes)
    if days := filters.get("interviewed_within_days"):
        participants = participants.filter(last_interview_at__gte=_since(days))
    if days := filters.get("not_interviewed_days"):
        participants = participants.filter(Q(last_interview_at=None) | Q(last_interview_at__lt=_since(days)))
    if days := filters.get("not_contacted_days"):
        participants = participants.filter(Q(last_contacted_at=None) | Q(last_contacted_at__lt=_since(days)))
    if filters.get("rounds_min") is not None:
        participants = participants.filter(rounds_taken__gte=filters["rounds_min"])
    if filters.get("rounds_max") is not None:
        participants = participants.filter(rounds_taken__lte=filters["rounds_max"])
    if filters.get("rating_min"):
        participants = participants.filter(rating_avg__gte=filters["rating_min"])
    if filters.get("contactable"):
        participants = participants.filter(do_not_contact=False)
    return participants.order_by("email")


def segments_list() -> QuerySet[Segment]:
    return Segment.objects.select_related("created_by").order_by(Lower("name"))


def segment_members(segment: Segment) -> QuerySet[Participant]:
    return participants_list(filters=segment.filters)


def participant_ratings(participant: Participant) -> list[ParticipantRating]:
    return list(participant.ratings.select_related("round__study", "rated_by").order_by("-rated_at"))


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
