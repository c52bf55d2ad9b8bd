"""Every write to a single participant (the CSV import writes many at once)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.audit.services import audit_record
from studies.edits import set_fields
from studies.models import ChangeSource, Governance, Participant, ParticipantChange, ParticipantRating, Round, Segment
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


@transaction.atomic
def segment_save(*, segment: Segment | None, name: str, filters: dict, actor: User | None) -> Segment:
    """Save a segment of the panel under `name` (unique in the workspace, ignoring case); `filters` are what
    SegmentFilterForm.filters() returned."""
    segment = segment or Segment(created_by=actor if isinstance(actor, User) else None)
    segment.name, segment.filters = name.strip(), filters
    if Segment.objects.filter(name__iexact=segment.name).exclude(pk=segment.pk).exists():
        raise ValidationError({"name": f"A segment called “{segment.name}” already exists."})
    segment.full_clean()
    segment.save()
    audit_record(actor=actor, action="segment.saved", obj=segment, detail={"fields": sorted(filters)})
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment, actor: User | None) -> None:
    audit_record(actor=actor, action="segment.deleted", obj=segment)
    segment.delete()


@transaction.atomic
def participant_rate(
    *, participant: Participant, round: Round, rating: int, note: str = "", actor: User | None
) -> ParticipantRating:
    """Rate how a call in `round` went with `participant` (1-5 and a note, for the team only); rating the same
    round again changes the rating."""
    found = ParticipantRating.objects.select_for_update().filter(participant=participant, round=round).first()
    entry = found or ParticipantRating(participant=participant, round=round)
    entry.rating, entry.note = rating, note.strip()
    entry.rated_by = actor if isinstance(actor, User) else None
    entry.full_clean()
    entry.save()
    # The note stays out of the audit log: it is an opinion about a person, kept only where it can be erased.
    audit_record(actor=actor, action="participant.rated", obj=participant, detail={"round": round.pk})
    return entry
