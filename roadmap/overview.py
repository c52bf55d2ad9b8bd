"""The roadmap section of the workspace overview (workspaces.overview): insights that back no roadmap item yet."""

from django.urls import reverse

from synthesis.models import Insight
from workspaces.overview import LIMIT, Line, Section, Viewer


def insights_without_roadmap(viewer: Viewer) -> Section:
    unlinked = Insight.objects.filter(roadmap_links__isnull=True)
    total = unlinked.count()
    shown = list(unlinked.order_by("-updated_at", "pk")[:LIMIT])
    return Section(
        key="insights_without_roadmap", title="Insights with no roadmap link",
        lines=[
            Line(text=i.statement[:140], url=reverse("insights:detail", args=[i.pk]), note=i.get_status_display())
            for i in shown
        ],
        empty="Every insight backs a roadmap item.", more=total - len(shown), more_url=reverse("insights:list"),
    )  # fmt: skip
