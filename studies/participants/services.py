"""Every write to a single participant (the CSV import writes many at once)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.audit.services import audit_record
from studies.edits import set_fields
from studies.models import Governance, Participant
from workspaces.models import User

PARTICIPANT_FIELDS = frozenset(
    {"name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact"}
)


@transaction.atomic
def participant_save(*, participant: Participant | None, actor: User | None, **fields) -> Participant:
    """Create a participant (participant=None) or change one; emails are unique per workspace, ignoring case.

    The CSV import writes in bulk instead (studies.participants.importing)."""
    participant = participant or Participant()
    creating = participant.pk is None
    # From the database: a ModelForm has already changed the instance it was given.
    before = Participant.objects.filter(pk=participant.pk).values(*PARTICIPANT_FIELDS).first() or {}
    set_fields(participant, fields, PARTICIPANT_FIELDS)
    participant.email = participant.email.lower()
    if Participant.objects.filter(email__iexact=participant.email).exclude(pk=participant.pk).exists():
        raise ValidationError({"email": f"{participant.email} is already a participant in this workspace."})
    participant.full_clean()
    participant.save()
    changed = sorted(name for name in PARTICIPANT_FIELDS if getattr(participant, name) != before.get(name))
    if creating or changed:
        action = "participant.created" if creating else "participant.changed"
        audit_record(actor=actor, action=action, obj=participant, detail={"fields": changed})
    return participant


@transaction.atomic
def governance_save(*, governance: Governance, actor: User | None) -> Governance:
    """Save the workspace's contact and retention rules (a form has set and validated the fields)."""
    governance.full_clean()
    governance.save()
    audit_record(actor=actor, action="governance.changed", obj=governance)
    return governance
