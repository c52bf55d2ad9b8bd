"""Reading the audit log, newest first (two queries a page whatever its length)."""

from django.db.models import QuerySet

from studies.models import AuditEntry


def audit_entries(*, action: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-at", "-pk")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
