"""Erasing a participant: every app deletes its own rows about them, in one transaction, and an erasure record
without personal data says that it happened."""

from collections import Counter

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from outbox.models import Email
from studies.audit.services import audit_record, audit_scrub
from studies.models import ContactEvent, Erasure, Participant, ParticipantChange
from studies.privacy.registry import erasers, register_eraser
from webhooks.models import WebhookDelivery
from workspaces.models import User

# A name shorter than this would match unrelated emails ("Al" is in "Alert"); the address always matches.
MIN_NAME_TO_MATCH = 4


def mentions(participant: Participant, *fields: str) -> Q:
    """Rows whose text fields carry the participant's email address or full name."""
    needles = [participant.email]
    if len(participant.name.strip()) >= MIN_NAME_TO_MATCH:
        needles.append(participant.name.strip())
    query = Q(pk__in=[])
    for field in fields:
        for needle in needles:
            query |= Q(**{f"{field}__icontains": needle})
    return query


def gone(queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    # delete() counts cascaded rows too; the row count of this model is what the record promises.
    return (
        queryset.model.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        .delete()[1]
        .get(queryset.model._meta.label, 0)
    )


@register_eraser(order=0)
def erase_contacts_and_messages(participant: Participant, *, dry_run: bool) -> dict[str, int]:
    """studies' own rows, and the emails, webhook deliveries and admin log lines that carry the person's name or
    address (outbox and webhooks hold copies of what was sent about them)."""
    emails = Email.objects.filter(Q(to__iexact=participant.email) | mentions(participant, "subject", "body_text"))
    deliveries = WebhookDelivery.objects.filter(mentions(participant, "payload"))
    admin_lines = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_id=str(participant.pk)
    )
    return {
        "contact_events": gone(ContactEvent.objects.filter(participant=participant), dry_run),
        "consent_changes": gone(ParticipantChange.objects.filter(participant=participant), dry_run),
        "emails": gone(emails, dry_run),
        "webhook_deliveries": gone(deliveries, dry_run),
        "admin_log_entries": gone(admin_lines, dry_run),
    }


def participant_erasure_counts(participant: Participant) -> dict[str, int]:
    """What erasing the participant would delete, by kind: the confirmation page names it."""
    return _run(participant, dry_run=True)


def _run(participant: Participant, *, dry_run: bool) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for eraser in erasers():
        counts.update(eraser(participant, dry_run=dry_run))
    return {kind: n for kind, n in counts.items() if n} | {"participants": 1}


@transaction.atomic
def participant_erase(*, participant: Participant, actor: User | None, via: str) -> Erasure:
    """Delete the participant and everything every app holds about them; record the erasure without naming them.

    All or nothing: if any app fails to erase, nothing is deleted."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    counts = _run(participant, dry_run=False)
    erasure = Erasure.objects.create(
        erased_by=actor if getattr(actor, "pk", None) else None, via=via[:60], counts=counts
    )
    audit_scrub(obj=participant, replacement=f"erased ({erasure.id})")
    audit_record(actor=actor, action="participant.erased", obj=participant, object_repr=f"erased ({erasure.id})",
                 detail={"erasure": str(erasure.id), "via": erasure.via})  # fmt: skip
    participant.delete()
    return erasure
