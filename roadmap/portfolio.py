"""This app's figure on the portfolio (workspaces.portfolio): roadmap items shipped this quarter."""

from datetime import datetime, time

from django.db.models import Count, Max, Q

from roadmap.models import ItemStatus, RoadmapItem
from workspaces.portfolio.registry import Column, Contribution

COLUMNS = (
    Column("shipped_quarter", "Shipped (quarter)", "Items shipped this calendar quarter (UTC).", "/roadmap/", 100),
)


def contribution(now: datetime) -> Contribution:
    """One query whatever the rows."""
    first_month = 3 * ((now.month - 1) // 3) + 1
    quarter = datetime.combine(now.date().replace(month=first_month, day=1), time.min, tzinfo=now.tzinfo)
    items = RoadmapItem.objects.aggregate(
        shipped=Count("pk", filter=Q(status=ItemStatus.SHIPPED, shipped_at__gte=quarter, shipped_at__lte=now)),
        last=Max("updated_at"),
    )
    return Contribution(figures={"shipped_quarter": items["shipped"]}, last_activity_at=items["last"])
