"""The webhooks section of the workspace overview (workspaces.overview), for owners: endpoints whose deliveries
failed (after every retry) in the last seven days."""

from datetime import timedelta

from django.db.models import Count, Max
from django.urls import reverse

from webhooks.models import WebhookDelivery
from workspaces.access import MANAGE_WORKSPACE
from workspaces.overview import LIMIT, Line, Section, Viewer

RECENT_DAYS = 7


def failed_deliveries(viewer: Viewer) -> Section | None:
    if viewer.role not in MANAGE_WORKSPACE:
        return None  # only owners manage endpoints
    since = viewer.now - timedelta(days=RECENT_DAYS)
    by_endpoint = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.FAILED, created_at__gte=since)
        .values("endpoint_id", "endpoint__url")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by("-last", "endpoint_id")
    )
    lines = [
        Line(
            text=row["endpoint__url"],
            url=reverse("webhooks:detail", args=[row["endpoint_id"]]),
            note=f"{row['n']} failed, last {row['last'].astimezone(viewer.zone):%a %-d %b %H:%M}",
        )
        for row in by_endpoint[:LIMIT]
    ]
    return Section(
        key="failed_deliveries", title=f"Failed webhook deliveries (last {RECENT_DAYS} days)",
        lines=lines, empty="No delivery failed.", more=max(0, len(by_endpoint) - LIMIT),
        more_url=reverse("webhooks:list"),
    )  # fmt: skip
