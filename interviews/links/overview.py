"""The new interviews section of the workspace overview (workspaces.overview): interviews completed in the last
seven days, async sessions and held calls, by round."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse

from interviews.models import Booking, BookingStatus, Session, SessionStatus
from workspaces.overview import LIMIT, Line, Section, Viewer

NEW_DAYS = 7


def new_interviews(viewer: Viewer) -> Section:
    since = viewer.now - timedelta(days=NEW_DAYS)
    fields = ("round_id", "round__order", "round__purpose", "round__study__title")
    sessions = (
        Session.objects.filter(status=SessionStatus.COMPLETED, completed_at__gte=since)
        .values(*fields).annotate(n=Count("pk")).order_by("-n", "round_id")
    )  # fmt: skip
    calls = (
        Booking.objects.filter(status=BookingStatus.COMPLETED, start__gte=since, start__lte=viewer.now)
        .values(*fields).annotate(n=Count("pk")).order_by("-n", "round_id")
    )  # fmt: skip
    rows = [(row, "interviews:round", "async interview") for row in sessions]
    rows += [(row, "booking:round", "call") for row in calls]
    rows.sort(key=lambda entry: -entry[0]["n"])
    total = sum(row["n"] for row, _, _ in rows)
    lines = [
        Line(
            text=f"{row['round__study__title']} · round {row['round__order']}, {row['round__purpose']}",
            url=reverse(url_name, args=[row["round_id"]]),
            note=f"{row['n']} new {what}{'s' if row['n'] != 1 else ''}",
        )
        for row, url_name, what in rows[:LIMIT]
    ]
    return Section(
        key="new_interviews", title=f"New completed interviews (last {NEW_DAYS} days)",
        summary=f"{total} in all." if total else "", lines=lines, empty="None in the last week.",
        more=max(0, len(rows) - LIMIT),
    )  # fmt: skip
