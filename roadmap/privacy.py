"""The roadmap's rows about a participant: evidence quoting them and "it shipped" notices
(studies.privacy.registry). Priority and evidence profiles are computed from what remains, so they update."""

from django.db.models import Q

from roadmap.models import EvidenceLink, RoadmapItem, ShippedNotice
from studies.models import Participant
from studies.privacy.registry import register_eraser, register_exporter
from studies.privacy.selectors import rows
from studies.privacy.services import gone
from synthesis.privacy import participant_highlights


@register_eraser(order=30)
def erase_roadmap(participant: Participant, *, dry_run: bool) -> dict[str, int]:
    highlights = participant_highlights(participant)
    backed = Q(links__highlight__in=highlights) | Q(links__insight__highlights__in=highlights)
    counts = {"roadmap_items_losing_evidence": RoadmapItem.objects.filter(backed).distinct().count()}
    counts["roadmap_evidence_links"] = gone(EvidenceLink.objects.filter(highlight__in=highlights), dry_run)
    counts["shipped_notices"] = gone(ShippedNotice.objects.filter(participant=participant), dry_run)
    return counts


@register_exporter(order=30)
def export_roadmap(participant: Participant) -> dict[str, list]:
    return {
        "shipped_notices": rows(
            ShippedNotice.objects.filter(participant=participant).order_by("pk"), "item__title", "sent_at"
        ),
    }
