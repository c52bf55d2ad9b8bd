"""This app's figures on the portfolio (workspaces.portfolio): suggestions waiting and insights this month."""

from datetime import datetime, time

from django.db.models import Count, Max, Q

from synthesis.models import Insight, Suggestion, SuggestionStatus
from workspaces.portfolio.registry import Column, Contribution

COLUMNS = (
    Column(
        "pending_suggestions",
        "Suggestions",
        "Auto-tagging suggestions waiting for a decision.",
        "/synthesis/suggestions/",
        90,
    ),
    Column(
        "insights_month", "Insights (month)", "Insights created since the 1st of this month (UTC).", "/insights/", 95
    ),
)


def contribution(now: datetime) -> Contribution:
    """Two queries whatever the rows."""
    month = datetime.combine(now.date().replace(day=1), time.min, tzinfo=now.tzinfo)
    pending = Suggestion.objects.filter(status=SuggestionStatus.PENDING).count()
    insights = Insight.objects.aggregate(
        month=Count("pk", filter=Q(created_at__gte=month, created_at__lte=now)), last=Max("updated_at")
    )
    return Contribution(
        figures={"pending_suggestions": pending, "insights_month": insights["month"]},
        last_activity_at=insights["last"],
    )
