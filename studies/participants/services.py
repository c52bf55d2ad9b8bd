"""Every write to a single participant (the CSV import writes many at once)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.edits import set_fields
from studies.models import Participant
from workspaces.models import User

PARTICIPANT_FIELDS = frozenset(
    {"name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact"}
)


@transaction.atomic
def participant_save(*, participant: Participant | None, actor: User | None, **fields) -> Participant:
    """Create a participant (participant=None) or change one; emails are unique per workspace, ignoring case.

    The CSV import writes in bulk instead (studies.participants.importing)."""
    participant = participant or Participant()
    set_fields(participant, fields, PARTICIPANT_FIELDS)
    participant.email = participant.email.lower()
    if Participant.objects.filter(email__iexact=participant.email).exclude(pk=participant.pk).exists():
        raise ValidationError({"email": f"{participant.email} is already a participant in this workspace."})
    participant.full_clean()
    participant.save()
    return participant
