"""The participant's timeline (studies.participants.registry), roadmap side: each time they were told that something
they asked for shipped. One query."""

from django.urls import reverse

from roadmap.models import ShippedNotice
from studies.participants.registry import Timeline, TimelineEntry


def notices_timeline(timeline: Timeline) -> None:
    notices = ShippedNotice.objects.filter(participant=timeline.participant).select_related("item")
    for notice in notices.order_by("sent_at", "pk"):
        timeline.add(TimelineEntry(
            when=notice.sent_at, kind="notice", title=f"Told that “{notice.item.title}” shipped",
            url=reverse("roadmap:item", args=[notice.item_id]),
        ))  # fmt: skip
