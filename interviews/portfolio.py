"""This app's figures on the portfolio (workspaces.portfolio): async completes, calls, no-shows, stalled rounds,
calls without a host, the interviewer's fallbacks and the incentive ledger."""

from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncWeek

from interviews.models import (
    Booking,
    BookingStatus,
    IncentiveEntry,
    IncentiveStatus,
    Message,
    Role,
    Session,
    SessionStatus,
)
from studies.models import Round, RoundStatus
from studies.portfolio import round_path
from workspaces.models import Membership
from workspaces.portfolio.registry import Column, Contribution, Flag

WEEKS = 12
STALLED_AFTER = timedelta(days=7)
UPCOMING = timedelta(hours=48)
NO_SHOW_LIMIT = 0.20
FALLBACK_LIMIT = 0.10

COLUMNS = (
    Column("completes_7d", "Completes (7 d)", "Async interviews completed in the last 7 days.", "/studies/", 30),
    Column("completes_30d", "Completes (30 d)", "Async interviews completed in the last 30 days.", "/studies/", 35),
    Column("weekly_completes", "12 weeks", "Async completes per week, the last 12 weeks.", "/studies/", 36, "spark"),
    Column(
        "completion_rate",
        "Completion",
        "Of async interviews started in 30 days, the share completed.",
        "/studies/",
        40,
        "percent",
    ),
    Column("calls_this_week", "Calls this week", "Calls booked or held this week (Monday to Sunday, UTC).", "/", 50),
    Column(
        "no_show_rate",
        "No-shows (30 d)",
        "Of calls marked in the last 30 days, the share marked no-show.",
        "/",
        60,
        "percent",
    ),
    Column(
        "incentives_to_pay", "Incentives to pay", "Incentives owed or approved and not yet paid.", "/incentives/", 65
    ),
    Column(
        "incentives_paid_month",
        "Paid this month",
        "Incentives marked paid since the first of this month (UTC).",
        "/incentives/?status=paid",
        66,
    ),
)

FLAGS = (
    Flag(
        "stalled_round",
        "Stalled round",
        "A round has been live for 7 days or more with no interview completed or call held in the last 7 days.",
        lambda f: f.get("stalled_rounds", 0) > 0,
        "/studies/",
        "live_rounds",
    ),
    Flag(
        "no_shows",
        "No-shows",
        "More than 20% of the calls marked in the last 30 days were no-shows.",
        lambda f: f.get("no_show_rate") is not None and f["no_show_rate"] > NO_SHOW_LIMIT,
        "/",
    ),
    Flag(
        "unhosted_calls",
        "Calls without a host",
        "A call in the next 48 hours has a host who is no longer a member of the workspace.",
        lambda f: f.get("unhosted_calls_48h", 0) > 0,
        "/hosts/",
    ),
    Flag(
        "llm_fallbacks",
        "Interviewer fallbacks",
        "More than 10% of the interviewer's turns in the last 7 days fell back to the offline backend.",
        lambda f: f.get("llm_fallback_rate") is not None and f["llm_fallback_rate"] > FALLBACK_LIMIT,
        "/settings/interviewer/",
    ),
)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _monday(now: datetime) -> datetime:
    day = now.date() - timedelta(days=now.weekday())
    return datetime.combine(day, time.min, tzinfo=now.tzinfo)


def contribution(now: datetime) -> Contribution:
    """Seven queries whatever the rows."""
    day7, day30 = now - timedelta(days=7), now - timedelta(days=30)
    monday = _monday(now)
    first_week = monday - timedelta(weeks=WEEKS - 1)
    done = Q(status=SessionStatus.COMPLETED)
    sessions = Session.objects.aggregate(
        completes_7d=Count("pk", filter=done & Q(completed_at__gt=day7, completed_at__lte=now)),
        completes_30d=Count("pk", filter=done & Q(completed_at__gt=day30, completed_at__lte=now)),
        started_30d=Count("pk", filter=Q(started_at__gt=day30, started_at__lte=now)),
        completed_of_started=Count("pk", filter=done & Q(started_at__gt=day30, started_at__lte=now)),
        last=Max("last_activity_at"),
    )
    weekly = dict(
        Session.objects.filter(status=SessionStatus.COMPLETED, completed_at__gte=first_week, completed_at__lte=now)
        .annotate(week=TruncWeek("completed_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    weeks = [weekly.get(first_week + timedelta(weeks=i), 0) for i in range(WEEKS)]

    marked_30d = Q(start__gt=day30, start__lte=now)
    calls = Booking.objects.aggregate(
        this_week=Count(
            "pk", filter=Q(start__gte=monday, start__lt=monday + timedelta(days=7)) & ~Q(status=BookingStatus.CANCELLED)
        ),
        no_shows=Count("pk", filter=marked_30d & Q(status=BookingStatus.NO_SHOW)),
        marked=Count("pk", filter=marked_30d & Q(status__in=(BookingStatus.NO_SHOW, BookingStatus.COMPLETED))),
        last=Max("updated_at"),
    )
    member = Membership.objects.filter(
        user=OuterRef("host"), workspace__schema_name=connection.schema_name, user__is_active=True
    )
    unhosted = Booking.objects.filter(status=BookingStatus.BOOKED, start__gte=now, start__lt=now + UPCOMING).filter(
        ~Exists(member)
    )
    unhosted_count = unhosted.count()

    recent_session = Session.objects.filter(round=OuterRef("pk"), status=SessionStatus.COMPLETED, completed_at__gt=day7)
    recent_call = Booking.objects.filter(round=OuterRef("pk"), status=BookingStatus.COMPLETED, start__gt=day7)
    stalled = list(
        Round.objects.filter(status=RoundStatus.LIVE, live_at__lte=now - STALLED_AFTER)
        .filter(~Exists(recent_session), ~Exists(recent_call))
        .order_by("live_at", "pk")
        .values_list("pk", "kind", "purpose")
    )
    turns = Message.objects.filter(role=Role.INTERVIEWER, created_at__gt=day7, created_at__lte=now).aggregate(
        total=Count("pk"), fallbacks=Count("pk", filter=~Q(fallback_error=""))
    )

    incentives = IncentiveEntry.objects.aggregate(
        to_pay=Count("pk", filter=Q(status__in=(IncentiveStatus.OWED, IncentiveStatus.APPROVED))),
        paid_month=Count(
            "pk", filter=Q(status=IncentiveStatus.PAID, paid_at__gte=now.replace(day=1, hour=0, minute=0, second=0,
                                                                                   microsecond=0), paid_at__lte=now)
        ),
    )  # fmt: skip

    links, notes = {}, {}
    if stalled:
        links["live_rounds"] = round_path(stalled[0][0], stalled[0][1])
        names = ", ".join(purpose for _, _, purpose in stalled[:3])
        notes["stalled_round"] = f"No completes in 7 days: {names}"
    if unhosted_count:
        notes["unhosted_calls"] = f"{unhosted_count} call{'s' if unhosted_count != 1 else ''} in 48 h without a host"
    rate = _share(calls["no_shows"], calls["marked"])
    if rate is not None:
        notes["no_shows"] = f"{calls['no_shows']} of {calls['marked']} calls marked in 30 days"
    fallback_rate = _share(turns["fallbacks"], turns["total"])
    if fallback_rate is not None:
        notes["llm_fallbacks"] = f"{turns['fallbacks']} of {turns['total']} interviewer turns in 7 days"
    return Contribution(
        figures={
            "completes_7d": sessions["completes_7d"],
            "completes_30d": sessions["completes_30d"],
            "weekly_completes": weeks,
            "completion_rate": _share(sessions["completed_of_started"], sessions["started_30d"]),
            "calls_this_week": calls["this_week"],
            "no_show_rate": rate,
            "stalled_rounds": len(stalled),
            "unhosted_calls_48h": unhosted_count,
            "llm_fallback_rate": fallback_rate,
            "incentives_to_pay": incentives["to_pay"],
            "incentives_paid_month": incentives["paid_month"],
        },
        links=links,
        notes=notes,
        last_activity_at=max(filter(None, (sessions["last"], calls["last"])), default=None),
    )
