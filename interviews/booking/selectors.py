"""Reads for the booking pages and API, each with a fixed number of queries whatever the number of bookings."""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from interviews.models import Booking, BookingInvite, BookingStatus, Session, SessionStatus
from studies.models import Round


def bookings_list(*, round_id: int | None = None, status: str = "", host_id: int | None = None) -> QuerySet[Booking]:
    bookings = Booking.objects.select_related("round__study", "participant", "host").order_by("start", "pk")
    if round_id is not None:
        bookings = bookings.filter(round_id=round_id)
    if status:
        bookings = bookings.filter(status=status)
    if host_id is not None:
        bookings = bookings.filter(host_id=host_id)
    return bookings


def took_async_interview(participant_ids) -> set[int]:
    """Which of these participants completed an async interview in this workspace: their calls have a host's brief
    (made by synthesis, linked here by URL name only)."""
    return set(
        Session.objects.filter(participant_id__in=list(participant_ids), status=SessionStatus.COMPLETED)
        .values_list("participant_id", flat=True)
        .distinct()
    )


def booking_detail(booking_id) -> Booking | None:
    return (
        Booking.objects.select_related("round__study", "participant", "host", "transcript", "invite")
        .filter(pk=booking_id)
        .first()
    )


def booking_by_manage_token(token: str) -> Booking | None:
    """The booking a participant manages from their emails' link."""
    if not token:
        return None
    return Booking.objects.select_related("round__study", "participant", "host").filter(manage_token=token).first()


def invite_by_token(token: str) -> BookingInvite | None:
    if not token:
        return None
    return BookingInvite.objects.select_related("round__study", "participant", "booking").filter(token=token).first()


def round_bookings_by_day(round: Round, tz, *, upcoming_only: bool = True) -> dict[date, list[Booking]]:
    """The round's booked calls grouped by day in the zone `tz` (a viewer's), in time order."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(str(tz))
    bookings = bookings_list(round_id=round.pk).filter(status=BookingStatus.BOOKED)
    if upcoming_only:
        bookings = bookings.filter(end__gte=timezone.now())
    days: dict[date, list[Booking]] = defaultdict(list)
    for booking in bookings:
        days[booking.start.astimezone(zone).date()].append(booking)
    return dict(days)


def round_funnel(round: Round) -> dict[str, int]:
    """invited -> booked -> completed -> no-show: people invited personally, and calls ever booked (not cancelled),
    of which completed and of which no-show. Two queries."""
    invited = BookingInvite.objects.filter(round=round, sent_at__isnull=False).count()
    counts = Booking.objects.filter(round=round).aggregate(
        booked=Count("pk", filter=~Q(status=BookingStatus.CANCELLED)),
        completed=Count("pk", filter=Q(status=BookingStatus.COMPLETED)),
        no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
    )
    return {"invited": invited, **counts}


def round_pipeline_counts(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """The sync pipeline of these rounds (studies.programme.pipeline): people invited personally (and how many of
    them booked), calls booked (not cancelled), held, no-show, and held calls with a transcript. Two queries."""
    counts: dict[int, dict[str, int]] = {}
    invites = (
        BookingInvite.objects.filter(round_id__in=round_ids, sent_at__isnull=False)
        .values("round_id")
        .annotate(invited=Count("pk"), invited_booked=Count("pk", filter=Q(booking__isnull=False)))
    )
    held = Q(status=BookingStatus.COMPLETED)
    bookings = (
        Booking.objects.filter(round_id__in=round_ids)
        .values("round_id")
        .annotate(
            booked=Count("pk", filter=~Q(status=BookingStatus.CANCELLED)),
            held=Count("pk", filter=held),
            no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            transcribed=Count("pk", filter=held & Q(transcript__isnull=False)),
        )
    )
    for row in [*invites, *bookings]:
        counts.setdefault(row.pop("round_id"), {}).update(row)
    return counts


def guide_usage(round_id: int) -> dict:
    """For the guide's versions (studies.guides.usage): the round's calls booked from now on (one query)."""
    ahead = Booking.objects.filter(round_id=round_id, status=BookingStatus.BOOKED, start__gt=timezone.now())
    return {"calls_ahead": ahead.count()}
