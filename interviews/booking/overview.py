"""The calls sections of the workspace overview (workspaces.overview): today and this week in the viewer's zone,
past calls still to mark, held calls without a transcript; and the viewer's zone when they host calls."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from interviews.models import Booking, BookingStatus, HostSchedule
from workspaces.overview import LIMIT, Line, Section, Viewer


def host_zone(user) -> str | None:
    """A host's zone is the one their weekly hours are written in."""
    return HostSchedule.objects.filter(user=user).values_list("timezone", flat=True).first()


def _line(booking: Booking, viewer: Viewer, *, with_day: bool = False) -> Line:
    local = booking.start.astimezone(viewer.zone)
    when = f"{local:%a %-d %b, %H:%M}" if with_day else f"{local:%H:%M}"
    host = booking.host.get_full_name() or booking.host.email
    return Line(
        text=f"{when} · {booking.participant.name or booking.participant.email}",
        url=reverse("booking:detail", args=[booking.pk]),
        note=f"with {host} · {booking.round.study.title}",
    )


def _bookings():
    return Booking.objects.select_related("participant", "host", "round__study")


def calls(viewer: Viewer) -> list[Section]:
    """Calls today (listed, in the viewer's zone) and this week (counted); past calls still to mark (did they take
    place, or was it a no-show?); held calls without a transcript. One count for all three, one list each."""
    today_start = viewer.day_start(viewer.today)
    today_end = viewer.day_start(viewer.today + timedelta(days=1))
    week_start, week_end = viewer.week
    today = Q(start__gte=today_start, start__lt=today_end) & ~Q(status=BookingStatus.CANCELLED)
    to_mark = Q(status=BookingStatus.BOOKED, end__lte=viewer.now)
    untranscribed = Q(status=BookingStatus.COMPLETED, transcript__isnull=True)
    numbers = Booking.objects.aggregate(
        today=Count("pk", filter=today),
        week=Count("pk", filter=Q(start__gte=week_start, start__lt=week_end) & ~Q(status=BookingStatus.CANCELLED)),
        to_mark=Count("pk", filter=to_mark),
        untranscribed=Count("pk", filter=untranscribed),
    )
    todays = list(_bookings().filter(today).order_by("start")[:LIMIT])
    due = list(_bookings().filter(to_mark).order_by("start")[:LIMIT])
    held = list(_bookings().filter(untranscribed).order_by("-start")[:LIMIT])
    zone = viewer.zone.key
    last_day = week_end - timedelta(days=1)
    return [
        Section(
            key="calls", title="Calls today",
            summary=f"{numbers['today']} today and {numbers['week']} this week ({week_start:%a %-d %b} to "
            f"{last_day:%a %-d %b}), times in {zone}.",
            lines=[_line(b, viewer) for b in todays], empty=f"No calls today ({zone}).",
            more=numbers["today"] - len(todays),
        ),
        Section(
            key="calls_to_mark", title="Past calls to mark",
            lines=[_line(b, viewer, with_day=True) for b in due], empty="Every past call is marked.",
            more=numbers["to_mark"] - len(due),
        ),
        Section(
            key="calls_without_transcript", title="Calls without a transcript",
            lines=[_line(b, viewer, with_day=True) for b in held], empty="Every held call has its transcript.",
            more=numbers["untranscribed"] - len(held),
        ),
    ]  # fmt: skip
