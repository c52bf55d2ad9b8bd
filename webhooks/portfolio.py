"""This app's figure on the portfolio (workspaces.portfolio): deliveries that failed after every retry."""

from datetime import datetime, timedelta

from django.db.models import Count, Q

from webhooks.models import WebhookDelivery
from webhooks.overview import RECENT_DAYS
from workspaces.portfolio.registry import Contribution, Flag

FAILED = Flag(
    "failed_webhooks",
    "Failed webhooks",
    "A webhook delivery failed after every retry in the last 7 days.",
    lambda f: f.get("failed_webhooks_7d", 0) > 0,
    "/settings/webhooks/",
)


def contribution(now: datetime) -> Contribution:
    """One query whatever the rows."""
    failed = WebhookDelivery.objects.aggregate(
        n=Count(
            "pk",
            filter=Q(status=WebhookDelivery.Status.FAILED, created_at__gte=now - timedelta(days=RECENT_DAYS)),
        )
    )["n"]
    notes = {"failed_webhooks": f"{failed} failed deliver{'ies' if failed != 1 else 'y'} in 7 days"} if failed else {}
    return Contribution(figures={"failed_webhooks_7d": failed}, notes=notes)
