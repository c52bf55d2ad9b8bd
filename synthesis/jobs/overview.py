"""The auto-tagging section of the workspace overview (workspaces.overview): suggestions waiting for a decision."""

from django.db.models import Count
from django.urls import reverse

from synthesis.models import Suggestion, SuggestionStatus
from workspaces.overview import LIMIT, Line, Section, Viewer


def pending_suggestions(viewer: Viewer) -> Section:
    by_job = list(
        Suggestion.objects.filter(status=SuggestionStatus.PENDING)
        .values("job_id", "job__study__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "job_id")
    )
    inbox = reverse("synthesis_jobs:suggestions")
    lines = [
        Line(text=f"{row['job__study__title']} · auto-tagging job {row['job_id']}", url=f"{inbox}?job={row['job_id']}",
             note=f"{row['n']} suggestion{'s' if row['n'] != 1 else ''} to accept or reject")
        for row in by_job[:LIMIT]
    ]  # fmt: skip
    total = sum(row["n"] for row in by_job)
    return Section(
        key="pending_suggestions", title="Auto-tagging suggestions to review",
        summary=f"{total} pending." if total else "", lines=lines, empty="The inbox is empty.",
        more=max(0, len(by_job) - LIMIT), more_url=inbox,
    )  # fmt: skip
