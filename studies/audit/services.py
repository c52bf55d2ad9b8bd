"""Writing the audit log: one row per staff action on participant data or settings, never changed afterwards."""

from django.db import connection, models

from studies.models import AuditEntry


def actor_label(actor) -> str:
    """How the log names who acted: a member's email, an API key's name, or the system (a beat task)."""
    if actor is None:
        return "system"
    if getattr(actor, "pk", None):
        return actor.email
    return str(actor)  # an API key's user: "API key ab12…"


def audit_record(
    *, actor, action: str, obj: models.Model | None = None, object_repr: str = "", detail: dict | None = None
) -> AuditEntry:
    """Append one entry. `detail` holds field names and counts, never values, so that the log holds no more
    personal data than the object's name (which an erasure scrubs)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor)[:200],
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        detail=detail or {},
    )


def audit_scrub(*, obj: models.Model, replacement: str) -> int:
    """Replace the name of an erased object in its past entries; the only change the database lets through, and
    only inside the erasing transaction (SET LOCAL ends with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL parley.audit_scrub = 'on'")
    try:
        return AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk)).update(
            object_repr=replacement
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL parley.audit_scrub = 'off'")
