"""The studies section of the workspace overview (workspaces.overview): the rounds that are live now."""

from django.urls import reverse

from studies.models import Round, RoundKind, RoundStatus
from studies.programme.pipeline import round_counts
from workspaces.overview import LIMIT, Line, Section, Viewer


def live_rounds(viewer: Viewer) -> Section:
    """Live rounds, longest live first, with interviews done against their target."""
    rounds = Round.objects.filter(status=RoundStatus.LIVE)
    total = rounds.count()
    shown = list(rounds.select_related("study").order_by("live_at", "pk")[:LIMIT])
    counts = round_counts((r.pk for r in shown), only=("async", "sync"))  # the interviews done
    lines = []
    for round_ in shown:
        numbers = counts.get(round_.pk, {})
        done = numbers.get("completed" if round_.kind == RoundKind.ASYNC else "held", 0)
        verb = "completed" if round_.kind == RoundKind.ASYNC else "held"
        lines.append(
            Line(
                text=f"{round_.study.title} · round {round_.order}, {round_.purpose}",
                url=reverse("studies:detail", args=[round_.study_id]),
                note=f"{done} of {round_.target_participants} {verb} ({round_.get_kind_display().lower()})",
            )
        )
    return Section(
        key="live_rounds", title="Live rounds", lines=lines, empty="No round is live.",
        more=total - len(shown), more_url=reverse("studies:list") + "?status=running",
    )  # fmt: skip
