"""Every write of the incentive ledger: an incentive owed for a completed interview or a held call, and its way
through approved to paid (or declined), with who and when. Parley pays nothing itself."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from interviews.models import INCENTIVE_TRANSITIONS, Booking, EmailKind, IncentiveEntry, IncentiveStatus, Session
from interviews.participant_pages import email_language, public_study
from interviews.wording.text import wording_context, wording_for
from outbox.services import email_queue
from studies.audit.services import actor_label, audit_record
from studies.models import Participant, Round
from workspaces.selectors import current_workspace


def incentive_terms(round_: Round) -> tuple[Decimal, str, str, str] | None:
    """Amount, currency, method and when, from the round (a call is often worth more), else its study; None when
    neither names an amount."""
    for source in (round_, round_.study):
        if source.incentive_amount is not None:
            when = round_.incentive_when or round_.study.incentive_when
            method = round_.incentive_description or round_.study.incentive_description
            return source.incentive_amount, source.incentive_currency, method, when
    return None


@transaction.atomic
def incentive_owe(
    *, round: Round, participant: Participant, actor=None, session: Session | None = None,
    booking: Booking | None = None, note: str = "",
) -> IncentiveEntry | None:  # fmt: skip
    """Record the incentive owed for `session` or `booking` (once each), and tell the participant in a thank-you
    email what they will receive and when. None when the round and its study offer no amount."""
    terms = incentive_terms(round)
    if terms is None:
        return None
    if session is not None:
        existing = IncentiveEntry.objects.filter(session=session).first()
    elif booking is not None:
        existing = IncentiveEntry.objects.filter(booking=booking).first()
    else:
        existing = None  # owed by hand, for no interview on record
    if existing is not None:
        return existing
    amount, currency, method, when = terms
    entry = IncentiveEntry.objects.create(
        participant=participant, round=round, session=session, booking=booking, amount=amount, currency=currency,
        method=method[:200], note=note[:300], created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    if not participant.do_not_contact:
        workspace_name = current_workspace().name
        with translation.override(email_language(participant)):
            email_queue(
                template="incentive-thanks", to=participant.email,
                context={"name": participant.name, "incentive": round.participant_incentive(), "when": when,
                         **public_study(round, workspace_name),
                         **wording_context(wording_for(EmailKind.INCENTIVE_THANKS), participant=participant,
                                           round=round, workspace_name=workspace_name)},
            )  # fmt: skip
    return entry


@transaction.atomic
def incentive_for_no_show(*, booking: Booking, actor, note: str = "") -> IncentiveEntry | None:
    """The researcher says a no-show is owed all the same (they came late, the host was the one missing)."""
    if booking.status != "no_show":
        raise ValidationError({"booking": "Only a no-show needs this: a held call owes its incentive already."})
    return incentive_owe(round=booking.round, participant=booking.participant, booking=booking, actor=actor,
                         note=note or "Owed despite the no-show")  # fmt: skip


@transaction.atomic
def incentive_follow_call(*, booking: Booking, actor) -> None:
    """A call marked held owes its incentive; marked a no-show (after being marked held), an incentive not yet
    approved no longer stands."""
    if booking.status == "completed":
        incentive_owe(round=booking.round, participant=booking.participant, booking=booking, actor=actor)
        return
    IncentiveEntry.objects.filter(booking=booking, status=IncentiveStatus.OWED).update(
        status=IncentiveStatus.DECLINED, declined_at=timezone.now(),
        declined_by=actor if getattr(actor, "pk", None) else None, note="The call was marked a no-show.",
    )  # fmt: skip


STAMPS = {
    IncentiveStatus.APPROVED: ("approved_at", "approved_by"),
    IncentiveStatus.PAID: ("paid_at", "paid_by"),
    IncentiveStatus.DECLINED: ("declined_at", "declined_by"),
}


@transaction.atomic
def incentives_transition(
    *, ids: list[int], status: str, actor, reference: str = ""
) -> tuple[list[IncentiveEntry], dict[int, str]]:
    """Move many incentives at once (bulk approve, mark paid with the payout's reference, decline). Returns those
    moved and, by id, why the others were not (unknown, or a step their status does not allow)."""
    if status not in STAMPS:
        raise ValidationError({"status": "Choose approved, paid or declined."})
    reference = reference.strip()[:200]
    if status == IncentiveStatus.PAID and not reference:
        raise ValidationError({"reference": "Give the payout's reference, e.g. the payout service's batch id."})
    entries = {e.pk: e for e in IncentiveEntry.objects.select_for_update().filter(pk__in=ids)}
    now, user = timezone.now(), actor if getattr(actor, "pk", None) else None
    moved, refused = [], {}
    for pk in ids:
        entry = entries.get(pk)
        if entry is None:
            refused[pk] = "No such incentive in this workspace."
            continue
        if entry.status == status:
            continue  # asked twice (a retry): nothing to do, nothing refused
        if status not in INCENTIVE_TRANSITIONS[entry.status]:
            refused[pk] = f"A {entry.get_status_display().lower()} incentive cannot become {status}."
            continue
        at_field, by_field = STAMPS[status]
        entry.status = status
        setattr(entry, at_field, now)
        setattr(entry, by_field, user)
        if status == IncentiveStatus.PAID:
            entry.reference = reference
            entry.paid_by_label = actor_label(actor)[:200]
        entry.save()
        moved.append(entry)
    if moved:
        audit_record(actor=actor, action=f"incentives.{status}", object_repr=f"{len(moved)} incentives",
                     detail={"count": len(moved)})  # fmt: skip
    return moved, refused


def payout_reference(entry: IncentiveEntry) -> str:
    """The reference a payout service files the payment under: the one it gave, else ours."""
    return entry.reference or f"PARLEY-{current_workspace().schema_name.upper()}-{entry.pk}"
