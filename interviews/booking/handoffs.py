"""Moving people from an async round to a sync round: personal booking invitations under the contact rules, each
recorded as a Handoff; and planning the next episode of deep dives that an always-on async round feeds."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from interviews.booking.rules import RULE_FIELDS, booking_rules_save
from interviews.booking.services import ContactRefused, booking_invite_create
from interviews.models import Booking, BookingInvite, BookingRules, BookingStatus, Handoff, Session, SessionStatus
from studies.models import Round, RoundKind, RoundStatus
from studies.programme.services import round_add
from workspaces.models import User


@dataclass
class HandoffResult:
    invited: list[tuple[Session, BookingInvite]] = field(default_factory=list)
    refused: list[tuple[Session, str, str]] = field(default_factory=list)  # (session, reason, code)


def _check_rounds(from_round: Round, to_round: Round | None) -> None:
    if from_round.kind != RoundKind.ASYNC:
        raise ValidationError({"round": "Hand-offs start from an async round."})
    if to_round is None or to_round.kind != RoundKind.SYNC or to_round.study_id != from_round.study_id:
        raise ValidationError({"to_round": "Choose a sync round of the same study."})
    if to_round.status == RoundStatus.CLOSED:
        raise ValidationError({"to_round": "This sync round is closed and takes no more bookings."})
    if not BookingRules.objects.filter(round=to_round).exists():
        raise ValidationError({"to_round": "This sync round has no booking rules yet: set its hosts and hours first."})


def handoff_sessions(*, from_round: Round, session_ids: list) -> list[Session]:
    """The completed sessions of `from_round` with these ids, in the order given; raises naming any other id."""
    wanted = list(dict.fromkeys(session_ids))
    if not wanted or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in wanted):
        raise ValidationError({"sessions": "Choose at least one interview (session ids)."})
    found = Session.objects.select_related("participant").in_bulk(wanted)
    wrong = [pk for pk in wanted if pk not in found or found[pk].round_id != from_round.pk]
    if wrong:
        raise ValidationError({"sessions": f"Not interviews of this round: {', '.join(map(str, wrong))}."})
    unfinished = [pk for pk in wanted if found[pk].status != SessionStatus.COMPLETED]
    if unfinished:
        raise ValidationError({"sessions": f"Not completed yet: {', '.join(map(str, unfinished))}."})
    return [found[pk] for pk in wanted]


@transaction.atomic
def handoff_create(*, from_round: Round, to_round: Round | None, sessions: list[Session], actor: User | None):
    """Invite the people of `sessions` (completed, of `from_round`) to book `to_round`, each with a personal link
    emailed after commit. Who may not be contacted is refused with a reason and a code; the others are invited
    and recorded as hand-offs. Raises ValidationError (nothing written) when the rounds do not fit."""
    _check_rounds(from_round, to_round)
    result = HandoffResult()
    taken = set(Handoff.objects.filter(to_round=to_round).values_list("participant_id", flat=True))
    taken |= set(BookingInvite.objects.filter(round=to_round).values_list("participant_id", flat=True))
    booked = set(
        Booking.objects.filter(round=to_round)
        .exclude(status=BookingStatus.CANCELLED)
        .values_list("participant_id", flat=True)
    )
    for session in sessions:
        person = session.participant
        if person is None:
            result.refused.append((session, "Anonymous: did not opt in to a follow-up call.", "no_consent"))
            continue
        who = person.name or person.email
        if person.do_not_contact:
            result.refused.append((session, f"{who} asked not to be contacted.", "do_not_contact"))
            continue
        if not (person.consent_to_contact or session.followup_opt_in_at):
            result.refused.append((session, f"{who} did not agree to a follow-up call.", "no_consent"))
            continue
        if person.pk in booked:
            result.refused.append((session, f"{who} already has a call booked in this round.", "already_booked"))
            continue
        if person.pk in taken:
            result.refused.append((session, f"{who} is already invited to this round.", "already_invited"))
            continue
        try:
            with transaction.atomic():
                invite = booking_invite_create(
                    round=to_round, participant=person, actor=actor, opted_in_at=session.followup_opt_in_at
                )
                Handoff.objects.create(from_round=from_round, to_round=to_round, session=session, participant=person,
                                       invite=invite, created_by=actor)  # fmt: skip
        except ContactRefused as refusal:
            result.refused.append((session, refusal.reason, refusal.code))
            continue
        taken.add(person.pk)
        result.invited.append((session, invite))
    return result


@transaction.atomic
def episode_plan(
    *,
    source: Round,
    purpose: str,
    target_participants: int,
    starts_on: date | None,
    ends_on: date | None,
    actor: User | None,
) -> Round:
    """The next episode of deep dives fed by the always-on async round `source`: a sync round after it in the same
    study, drawing its shortlist from `source`'s answers since the previous episode. Its booking rules and hosts
    are the previous episode's (or the defaults, hosted by `actor`), so invitations can go out at once."""
    if source.kind != RoundKind.ASYNC:
        raise ValidationError({"round": "Only an async round can feed deep dives."})
    episode = round_add(
        study=source.study, kind=RoundKind.SYNC, purpose=purpose or "Deep dives", actor=actor,
        target_participants=target_participants, starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    episode.source_round = source
    episode.save(update_fields=["source_round"])
    previous = (
        BookingRules.objects.filter(round__source_round=source)
        .exclude(round=episode)
        .prefetch_related("hosts")
        .order_by("-round_id")
        .first()
    )
    if previous is not None:
        fields = {name: getattr(previous, name) for name in RULE_FIELDS}
        booking_rules_save(round=episode, actor=actor, hosts=list(previous.hosts.all()), **fields)
    else:
        booking_rules_save(round=episode, actor=actor, hosts=[actor] if actor else None)
    return episode
