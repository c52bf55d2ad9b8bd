"""The one answer to "may we contact this person now, and if not, why and when", for sync and async alike."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from studies.models import ContactEvent, ContactKind, Governance, Participant, Round, RoundKind

CAP_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class ContactDecision:
    allowed: bool
    reason: str  # empty when allowed; otherwise a sentence a researcher understands
    code: str  # "", "do_not_contact", "no_consent", "cap" or "cooldown"
    next_possible_at: datetime | None  # when the rules stop refusing, if time alone will lift them


ALLOWED = ContactDecision(allowed=True, reason="", code="", next_possible_at=None)


def _moment(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("Pass a timezone-aware datetime: a naive one is ambiguous across workspaces.")
    return at


def _day(moment: datetime) -> str:
    # Shown in the viewer's zone when a request activated one, UTC otherwise.
    return timezone.localtime(moment).date().isoformat()


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _refusals(
    participant: Participant,
    *,
    at: datetime,
    rules: Governance,
    interviews: list[datetime],
    last_invitation: datetime | None,
) -> list[ContactDecision]:
    """Every rule that refuses contact with `participant` at `at`, the one that decides first (do-not-contact, no
    consent, the cap, the cooldown), from their interviews in the window (newest first) and last invitation."""
    who = participant.name or participant.email
    refusals = []
    if participant.do_not_contact:
        refusals.append(ContactDecision(False, f"{who} asked not to be contacted.", "do_not_contact", None))
    if not participant.consent_to_contact:
        refusals.append(ContactDecision(False, f"{who} has not agreed to be contacted.", "no_consent", None))

    cooldown = timedelta(days=rules.min_days_between_invitations)
    cooldown_ends = last_invitation + cooldown if last_invitation and cooldown else None
    # The model's validator forbids 0, but a queryset update() skips validators: never index an empty history.
    cap = max(rules.max_interviews_per_90_days, 1)
    # The cap lifts when the cap-th most recent interview leaves the window; the cooldown may still hold then.
    cap_ends = interviews[cap - 1] + CAP_WINDOW if len(interviews) >= cap else None
    next_possible_at = max(filter(None, (cap_ends, cooldown_ends)), default=None)

    if cap_ends is not None and cap_ends > at:
        reason = (
            f"Already interviewed {_times(len(interviews))} in the last 90 days (the limit is {cap}); "
            f"next possible on {_day(next_possible_at)}."
        )
        refusals.append(ContactDecision(False, reason, "cap", next_possible_at))
    if cooldown_ends is not None and cooldown_ends > at:
        days = (at - last_invitation).days
        ago = "less than a day ago" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        reason = (
            f"Invited {ago}; this workspace waits {rules.min_days_between_invitations} days between invitations "
            f"(next possible on {_day(next_possible_at)})."
        )
        refusals.append(ContactDecision(False, reason, "cooldown", next_possible_at))
    return refusals


def _decide(refusals: list[ContactDecision], *, require_consent: bool) -> ContactDecision:
    """The deciding refusal; consent counts only where the contact needs it (an invitation to a study does not)."""
    counted = [r for r in refusals if require_consent or r.code != "no_consent"]
    return counted[0] if counted else ALLOWED


def _history(participants: list[Participant], at: datetime, rules: Governance):
    """Each participant's interviews in the cap's window (newest first) and last invitation in the cooldown: one
    query. Only history that can still refuse matters."""
    interviews: dict[int, list[datetime]] = defaultdict(list)
    last_invitation: dict[int, datetime] = {}
    cooldown_start = at - timedelta(days=rules.min_days_between_invitations)
    history = (
        ContactEvent.objects.filter(participant__in=[p.pk for p in participants], occurred_at__lte=at)
        .filter(
            Q(kind=ContactKind.INTERVIEW, occurred_at__gt=at - CAP_WINDOW)
            | Q(kind=ContactKind.INVITATION, occurred_at__gt=cooldown_start)
        )
        .order_by("participant_id", "-occurred_at")
        .values_list("participant_id", "kind", "occurred_at")
    )
    for participant_id, kind, occurred_at in history:
        if kind == ContactKind.INTERVIEW:
            interviews[participant_id].append(occurred_at)
        else:
            last_invitation.setdefault(participant_id, occurred_at)
    return interviews, last_invitation


def _all_refusals(participants: list[Participant], at: datetime, rules: Governance) -> dict[int, list[ContactDecision]]:
    interviews, last_invitation = _history(participants, at, rules)
    return {
        p.pk: _refusals(p, at=at, rules=rules, interviews=interviews[p.pk], last_invitation=last_invitation.get(p.pk))
        for p in participants
    }


def contact_decisions(
    participants: Iterable[Participant], *, at: datetime | None = None, require_consent: bool = False
) -> dict[int, ContactDecision]:
    """Decide for many participants at once, by primary key, in two queries however many there are."""
    refusals = _all_refusals(list(participants), _moment(at), Governance.current())
    return {pk: _decide(found, require_consent=require_consent) for pk, found in refusals.items()}


def contact_decision(
    participant: Participant, *, at: datetime | None = None, require_consent: bool = False
) -> ContactDecision:
    """Say whether the workspace may contact `participant` at `at` (now by default), and if not, why and until when."""
    return contact_decisions([participant], at=at, require_consent=require_consent)[participant.pk]


# A follow-up opt-in is an answer to one interview: after this long it no longer stands for a request.
OPT_IN_VALID = timedelta(days=90)


def as_requested(
    decision: ContactDecision, *, opted_in_at: datetime | None, at: datetime | None = None
) -> ContactDecision:
    """The decision when the participant asked for this contact (they opted in to a follow-up call, recently): the
    cooldown between invitations keeps us from reaching out uninvited, so it gives way; do-not-contact and the
    interview cap still hold."""
    if decision.code == "cooldown" and opted_in_at is not None and opted_in_at > _moment(at) - OPT_IN_VALID:
        return ALLOWED
    return decision


# Telling someone that what they asked for shipped is a thank-you, not outreach: only these rules hold for it
# (roadmap.services.shipped_notify).
HEAR_BACK_REFUSALS = frozenset({"do_not_contact", "no_consent"})


@dataclass(frozen=True)
class ContactStatus:
    """The participant page's answer, for each kind of contact the workspace makes, with every rule that refuses now
    however many, and the history the rules read."""

    invite: ContactDecision  # an invitation to an interview: consent not needed
    follow_up: ContactDecision  # a follow-up call: consent or an opt-in needed; a recent opt-in lifts the cooldown
    hear_back: ContactDecision  # "it shipped": consent needed; the cap and the cooldown do not apply
    refusals: tuple[ContactDecision, ...]
    rules: Governance
    interviews_in_window: int  # interviews in the last 90 days, which the cap counts
    last_invitation: datetime | None  # the last invitation inside the cooldown
    opted_in_at: datetime | None


def contact_status(
    participant: Participant, *, at: datetime | None = None, opted_in_at: datetime | None = None
) -> ContactStatus:
    """contact_decision for every kind of contact at once, with all its reasons (two queries); `opted_in_at` is
    when they last opted in to a follow-up call, if ever."""
    at, rules = _moment(at), Governance.current()
    interviews, last_invitation = _history([participant], at, rules)
    refusals = _refusals(
        participant, at=at, rules=rules, interviews=interviews[participant.pk],
        last_invitation=last_invitation.get(participant.pk),
    )  # fmt: skip
    follow_up = _decide(refusals, require_consent=opted_in_at is None)
    hear_back = next((r for r in refusals if r.code in HEAR_BACK_REFUSALS), ALLOWED)
    return ContactStatus(
        invite=_decide(refusals, require_consent=False),
        follow_up=as_requested(follow_up, opted_in_at=opted_in_at, at=at),
        hear_back=hear_back,
        refusals=tuple(refusals),
        rules=rules,
        interviews_in_window=len(interviews[participant.pk]),
        last_invitation=last_invitation.get(participant.pk),
        opted_in_at=opted_in_at,
    )


@transaction.atomic
def contact_record(
    *,
    participant: Participant,
    kind: str,
    channel: str,
    round: Round | None = None,
    at: datetime | None = None,
    note: str = "",
) -> ContactEvent:
    """Record an invitation or interview that happened, so the rules count it; recording never refuses."""
    if kind not in ContactKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(ContactKind.values)}."})
    if channel not in RoundKind.values:
        raise ValidationError({"channel": f"Choose one of: {', '.join(RoundKind.values)}."})
    if round is not None and round.kind != channel:
        raise ValidationError({"channel": f"This round is {round.get_kind_display().lower()}, not {channel}."})
    event = ContactEvent(
        participant=participant, kind=kind, channel=channel, round=round, occurred_at=_moment(at), note=note.strip()
    )
    event.full_clean()
    event.save()
    return event
