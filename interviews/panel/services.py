"""Inviting a saved segment of the panel to a round in one action, through the same contact rules as one person."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from interviews.booking.services import booking_invite_create
from interviews.links.services import InvitationRefused, invitation_create
from interviews.models import BookingRules
from studies.models import Participant, Round, RoundKind, RoundStatus, Segment
from studies.participants.selectors import segment_members
from workspaces.models import User

# One action should not become a mass mailing: past this, narrow the segment.
MAX_SEGMENT_INVITES = 500


@dataclass
class SegmentInvitation:
    invited: list[Participant] = field(default_factory=list)
    refused: list[tuple[Participant, str]] = field(default_factory=list)  # who, and the rule's sentence


def segment_invite(*, segment: Segment, round: Round, actor: User | None) -> SegmentInvitation:
    """Invite everyone in `segment` to `round`: a personal interview link (async) or booking link (sync), each
    through the contact rules. Each invitation commits on its own, so one refusal never undoes the others; the
    refused are returned with the reason and are not contacted."""
    if round.status == RoundStatus.CLOSED:
        raise ValidationError({"round": "This round is closed: open it again or pick another."})
    if round.kind == RoundKind.SYNC and not BookingRules.objects.filter(round=round).exists():
        raise ValidationError({"round": "This round has no booking page yet: set one up before inviting people."})
    members = list(segment_members(segment)[: MAX_SEGMENT_INVITES + 1])
    if len(members) > MAX_SEGMENT_INVITES:
        raise ValidationError(
            {"round": f"This segment has more than {MAX_SEGMENT_INVITES} people: narrow it before inviting them."}
        )
    result = SegmentInvitation()
    for participant in members:
        try:
            if round.kind == RoundKind.ASYNC:
                invitation_create(round=round, email=participant.email, actor=actor)
            else:
                booking_invite_create(round=round, participant=participant, actor=actor)
        except InvitationRefused as refusal:
            result.refused.append((participant, refusal.decision.reason))
        except ValidationError as error:
            result.refused.append((participant, " ".join(error.messages)))
        else:
            result.invited.append(participant)
    return result
