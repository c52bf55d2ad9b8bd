"""This app's figures on the portfolio (workspaces.portfolio): studies, live rounds, contacts and the contact cap."""

from datetime import datetime, timedelta

from django.db.models import Count, Max, Q

from studies.models import ContactEvent, ContactKind, Governance, Round, RoundKind, RoundStatus, Study, StudyStatus
from studies.participants.contact_rules import CAP_WINDOW
from workspaces.portfolio.registry import Column, Contribution, Flag

ACTIVE_STUDY_STATUSES = (StudyStatus.RECRUITING, StudyStatus.RUNNING, StudyStatus.SYNTHESIZING)

COLUMNS = (
    Column("active_studies", "Active studies", "Studies recruiting, running or synthesizing.", "/studies/", 10),
    Column("live_rounds", "Live rounds", "Rounds open now (async links or calls).", "/studies/", 20),
    Column("contacted_30d", "Contacted (30 d)", "Invited or interviewed in 30 days.", "/participants/", 80),
    Column("at_cap", "At cap", "Participants at the workspace's interview cap for 90 days.", "/participants/", 85),
)

OVER_CAP = Flag(
    "over_cap",
    "Over the contact cap",
    "A participant was interviewed more often in 90 days than the workspace's contact rules allow.",
    lambda f: f.get("over_cap", 0) > 0,
    "/participants/",
)


def round_path(round_id: int, kind: str) -> str:
    """A round's own page: its async interviews or its calls."""
    return f"/rounds/{round_id}/interviews/" if kind == RoundKind.ASYNC else f"/rounds/{round_id}/booking/"


def contribution(now: datetime) -> Contribution:
    """Five queries whatever the rows."""
    studies = Study.objects.aggregate(
        active=Count("pk", filter=Q(status__in=ACTIVE_STUDY_STATUSES)), last=Max("updated_at")
    )
    live = list(Round.objects.filter(status=RoundStatus.LIVE).order_by("live_at", "pk").values_list("pk", "kind"))
    contacts = ContactEvent.objects.filter(occurred_at__lte=now).aggregate(
        contacted=Count("participant", distinct=True, filter=Q(occurred_at__gt=now - timedelta(days=30))),
        last=Max("occurred_at"),
    )
    cap = max(Governance.current().max_interviews_per_90_days, 1)
    interviews = (
        ContactEvent.objects.filter(kind=ContactKind.INTERVIEW, occurred_at__gt=now - CAP_WINDOW, occurred_at__lte=now)
        .values("participant")
        .annotate(n=Count("pk"))
        .filter(n__gte=cap)
        .values_list("n", flat=True)
    )
    counts = list(interviews)
    over = sum(1 for n in counts if n > cap)
    links = {}
    if len(live) == 1:
        links["live_rounds"] = round_path(*live[0])
    notes = {}
    if over:
        notes["over_cap"] = f"{over} participant{'s' if over != 1 else ''} over the cap of {cap} interviews in 90 days"
    return Contribution(
        figures={
            "active_studies": studies["active"],
            "live_rounds": len(live),
            "contacted_30d": contacts["contacted"],
            "at_cap": len(counts),
            "over_cap": over,
        },
        links=links,
        notes=notes,
        last_activity_at=max(filter(None, (studies["last"], contacts["last"])), default=None),
    )
