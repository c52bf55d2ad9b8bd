"""Every write to a single participant (the CSV import writes many at once)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.audit.services import audit_record
from studies.edits import set_fields
from studies.models import ChangeSource, Governance, Participant, ParticipantChange
from workspaces.models import User

PARTICIPANT_FIELDS = frozenset(
    {"name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact"}
)
CONSENT_FIELDS = ("consent_to_contact", "do_not_contact")


def consent_change(participant: Participant, before: dict | None, *, source: str, actor: User | None):
    """The ParticipantChange (unsaved) recording a new participant, or what changed in their consent since
    `before` (their stored values); None when nothing did."""
    if source not in ChangeSource.values:
        raise ValueError(f"Unknown source of a participant change: {source!r}.")
    actor = actor if isinstance(actor, User) else None  # an API key's stand-in user is no account (source says api)
    if before is None:
        values = {name: getattr(participant, name) for name in CONSENT_FIELDS}
        return ParticipantChange(participant=participant, created=True, source=source, actor=actor, **values)
    changed = {
        name: getattr(participant, name) for name in CONSENT_FIELDS if getattr(participant, name) != before[name]
    }
    if not changed:
        return None
    return ParticipantChange(participant=participant, source=source, actor=actor, **changed)


@transaction.atomic
def participant_save(
    *, participant: Participant | None, actor: User | None, source: str = ChangeSource.STAFF, **fields
) -> Participant:
    """Create a participant (participant=None) or change one; emails are unique per workspace, ignoring case.

    Creating them, or changing their consent or do-not-contact wish, is recorded with `source` (a ChangeSource)
    and the actor. The CSV import writes in bulk instead (studies.participants.importing)."""
    participant = participant or Participant()
    creating = participant.pk is None
    # The stored values, not the instance's: a ModelForm has already written the new ones onto it.
    stored = (
        Participant.objects.filter(pk=participant.pk).values(*PARTICIPANT_FIELDS).first() if participant.pk else None
    )
    before = {name: stored[name] for name in CONSENT_FIELDS} if stored else None
    set_fields(participant, fields, PARTICIPANT_FIELDS)
    participant.email = participant.email.lower()
    if Participant.objects.filter(email__iexact=participant.email).exclude(pk=participant.pk).exists():
        raise ValidationError({"email": f"{participant.email} is already a participant in this workspace."})
    participant.full_clean()
    participant.save()
    if change := consent_change(participant, before, source=source, actor=actor):
        change.save()
    changed = sorted(name for name in PARTICIPANT_FIELDS if getattr(participant, name) != (stored or {}).get(name))
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
