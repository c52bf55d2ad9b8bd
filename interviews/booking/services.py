"""Every write of sync interviews but hosts' schedules (`schedules.py`), a round's booking rules and questions
(`rules.py`) and what people are told (`notifications.py`): bookings and invitations.

A booking is made under a row lock on the round's hosts' schedules (taken in one order, so two rounds sharing a
host cannot deadlock): the slot is recomputed under the lock, buffers and the daily cap included, then inserted.
PostgreSQL's exclusion constraint is the backstop for the call itself. Emails (with the calendar invite) and
webhooks are written in the same transaction and leave only after it commits.
"""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, ngettext

from interviews.booking.notifications import notify
from interviews.booking.rooms import room_url
from interviews.booking.slots import free_hosts_at, round_host_ids
from interviews.incentives.services import incentive_follow_call
from interviews.models import (
    Assignment,
    Booking,
    BookingInvite,
    BookingReminder,
    BookingRules,
    BookingStatus,
    EmailKind,
    HostSchedule,
    QuestionKind,
)
from interviews.participant_pages import email_language, public_study
from interviews.wording.text import wording_context, wording_for
from outbox.services import email_queue
from studies.models import ChangeSource, ContactKind, Participant, Round, RoundKind, RoundStatus, timezone_names
from studies.participants.contact_rules import ContactDecision, as_requested, contact_decision, contact_record
from studies.participants.services import participant_save
from studies.programme.services import round_go_live
from webhooks.services import webhook_emit
from workspaces.models import User
from workspaces.selectors import current_workspace

# Messages a participant may read are translated: in their language on their pages, English for staff and the API.
TAKEN = gettext_lazy("That time was just taken.")
RELATIONS = ["round", "host", "participant", "invite", "transcript", "contact_event"]
MAX_ANSWER_CHARS = 2000
NOT_BOOKED = {
    ("move", BookingStatus.CANCELLED): gettext_lazy("This call is cancelled; it cannot be moved."),
    ("move", BookingStatus.COMPLETED): gettext_lazy("This call took place; it cannot be moved."),
    ("move", BookingStatus.NO_SHOW): gettext_lazy("This call was missed; it cannot be moved."),
    ("cancel", BookingStatus.CANCELLED): gettext_lazy("This call is cancelled; it cannot be cancelled."),
    ("cancel", BookingStatus.COMPLETED): gettext_lazy("This call took place; it cannot be cancelled."),
    ("cancel", BookingStatus.NO_SHOW): gettext_lazy("This call was missed; it cannot be cancelled."),
}


def close_to_call(hours: int) -> str:
    return ngettext(
        "Changes are possible until %(hours)s hour before the call.",
        "Changes are possible until %(hours)s hours before the call.",
        hours,
    ) % {"hours": hours}


class SlotTaken(ValidationError):
    """The chosen time is gone (booked by someone else, or now too close): offer fresh times."""

    def __init__(self, message: str = TAKEN):
        super().__init__(message, code="slot_taken")


class ContactRefused(ValidationError):
    """The contact rules (or the round's one-booking-per-person rule) refuse; the message says why."""

    def __init__(self, message: str, *, code: str, decision: ContactDecision | None = None):
        super().__init__(message, code=code)
        self.reason = message
        self.decision = decision


def _rules_for(round_: Round) -> BookingRules:
    rules = BookingRules.objects.select_related("round__study").filter(round=round_).first()
    if rules is None or round_.kind != RoundKind.SYNC:
        raise ValidationError({"round": "This round does not take bookings."})
    return rules


# --- Booking --------------------------------------------------------------------------------------------------------


def _clean_answers(rules: BookingRules, answers: dict, *, require: bool = True) -> dict:
    """The answers by question label, in the questions' order; raises with one message per problem. Staff booking
    for someone (`require=False`) may leave required questions open: they are the participant's to answer."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": "Give the answers as question label -> answer."})
    cleaned, problems = {}, []
    for question in rules.questions.order_by("order"):
        value = answers.get(question.label, "")
        value = value.strip() if isinstance(value, str) else value
        if value in ("", None):
            if question.required and require:
                problems.append(gettext("Please answer “%(question)s”.") % {"question": question.label})
            continue
        if not isinstance(value, str):
            problems.append(gettext("Answer “%(question)s” with text.") % {"question": question.label})
        elif question.kind == QuestionKind.CHOICE and value not in question.choices:
            problems.append(
                gettext("“%(value)s” is not one of the choices for “%(question)s”.")
                % {"value": value, "question": question.label}
            )
        elif len(value) > MAX_ANSWER_CHARS:
            problems.append(
                gettext("Keep the answer to “%(question)s” under %(limit)s characters.")
                % {"question": question.label, "limit": MAX_ANSWER_CHARS}
            )
        else:
            cleaned[question.label] = value
    if problems:
        raise ValidationError({"answers": problems})
    return cleaned


def _clean_start(start) -> datetime:
    if not isinstance(start, datetime):
        raise ValidationError({"start": gettext("Choose a time.")})
    if timezone.is_naive(start):
        raise ValidationError({"start": "Give the time with its UTC offset, e.g. 2030-03-04T15:00:00+01:00."})
    return start.astimezone(UTC)


def _participant_for(*, participant: dict, invite: BookingInvite | None, actor: User | None) -> Participant:
    """The invited participant, or the one with this email (created if new, updated with name and zone)."""
    if not isinstance(participant, dict):
        raise ValidationError({"email": gettext("Give your email address.")})
    name = (participant.get("name") or "").strip()
    zone = (participant.get("timezone") or "").strip()
    locale = (participant.get("locale") or "").strip()
    if zone and zone not in timezone_names():
        raise ValidationError(
            {"timezone": gettext("“%(zone)s” is not a time zone name such as Europe/Berlin.") % {"zone": zone}}
        )
    if invite is not None:
        person = Participant.objects.select_for_update().get(pk=invite.participant_id)
        fields = {}
    else:
        email = (participant.get("email") or "").strip().lower()
        if not email:
            raise ValidationError({"email": gettext("Give your email address.")})
        person = Participant.objects.select_for_update().filter(email__iexact=email).first()
        fields = {} if person else {"email": email}
    if name and (person is None or not person.name or invite is not None):
        fields["name"] = name
    if zone:
        fields["timezone"] = zone
    if locale and (person is None or not person.locale):
        fields["locale"] = locale  # the language they booked in: their emails follow it
    if person is not None and not fields:
        return person
    try:
        with transaction.atomic():
            return participant_save(participant=person, actor=actor, source=ChangeSource.BOOKING, **fields)
    except IntegrityError:
        # Someone booked with the same new email a moment ago: use the row their booking created.
        return Participant.objects.select_for_update().get(email__iexact=fields["email"])


def _governance(
    participant: Participant, *, invite: BookingInvite | None, staff: bool, round_: Round, rules: BookingRules
) -> None:
    decision = contact_decision(participant)
    # The cooldown is about reaching out: a personal invitation already passed it, and someone booking on the
    # public page is reaching out to us. Do-not-contact and the interview cap always hold.
    staff_outreach = staff and invite is None
    if not decision.allowed and (decision.code != "cooldown" or staff_outreach):
        if staff:
            message = decision.reason
        elif decision.code == "cap":
            message = gettext(
                "You have taken part in several interviews recently; we cannot book another one just now."
            )
        else:
            message = gettext("We cannot book a call for this email address. Please contact the research team.")
        raise ContactRefused(message, code=decision.code, decision=decision)
    taken = Booking.objects.filter(round=round_, participant=participant).exclude(status=BookingStatus.CANCELLED)
    if taken.count() >= rules.bookings_per_participant:
        message = (
            gettext(
                "You already have a call booked for this study. Use the link in your confirmation email to change it."
            )
            if not staff
            else f"{participant} already has {rules.bookings_per_participant} booking(s) in this round, the limit."
        )
        raise ContactRefused(message, code="already_booked")


def _lock_hosts(host_ids) -> dict[int, HostSchedule]:
    """Lock the hosts' schedules in one statement, in primary-key order: concurrent bookings wait in line."""
    locked = HostSchedule.objects.select_for_update().filter(user_id__in=list(host_ids)).order_by("pk")
    return {schedule.user_id: schedule for schedule in locked}


def _pick_host(rules: BookingRules, free: tuple[int, ...], now: datetime) -> int:
    """Single: the round's first host. Round-robin: the free host with the fewest upcoming, then fewest total
    bookings in this round; ties go to the host listed first."""
    if rules.assignment == Assignment.SINGLE or len(free) == 1:
        return free[0]
    counts = {
        row["host_id"]: (row["upcoming"], row["total"])
        for row in Booking.objects.filter(round_id=rules.round_id, host_id__in=free)
        .exclude(status=BookingStatus.CANCELLED)
        .values("host_id")
        .annotate(
            upcoming=Count("pk", filter=Q(status=BookingStatus.BOOKED, start__gte=now)),
            total=Count("pk"),
        )
    }
    position = {host_id: i for i, host_id in enumerate(free)}
    return min(free, key=lambda host_id: (*counts.get(host_id, (0, 0)), position[host_id]))


def _insert(booking: Booking) -> None:
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if "booking_no_host_overlap" in str(error):
            raise SlotTaken() from None
        raise


def _not_offered() -> ValidationError:
    return ValidationError(
        {"start": gettext("That is not one of this round's times. Please choose a time from the list.")}
    )


@transaction.atomic
def booking_create(
    *,
    round: Round,
    start: datetime,
    participant: dict,
    answers: dict,
    invite: BookingInvite | None = None,
    actor: User | None = None,
    by_staff: bool | None = None,
) -> Booking:
    """Book a call: the participant (by email, or the invited one), a free host for `start`, emails with the
    calendar invite to both after commit, and the `booking.created` webhook. Staff (an `actor`, or `by_staff` for
    an API key, which has no user) book on someone's behalf; without either, the participant books themselves.

    Raises SlotTaken (the time is gone), ContactRefused (the contact rules say no), or ValidationError."""
    rules = _rules_for(round)
    now = timezone.now()
    if round.status == RoundStatus.CLOSED:
        raise ValidationError({"round": "This round is closed and takes no more bookings."})
    if invite is not None and invite.round_id != round.pk:
        raise ValidationError({"invite": "This invitation is for another round."})
    staff = actor is not None if by_staff is None else by_staff
    if invite is None and not staff and not rules.is_public:
        raise ValidationError({"round": "This round's booking page is closed."})
    start = _clean_start(start)
    cleaned_answers = _clean_answers(rules, answers or {}, require=not staff)
    person = _participant_for(participant=participant, invite=invite, actor=actor)
    _governance(person, invite=invite, staff=staff, round_=round, rules=rules)

    host_ids = round_host_ids(rules)
    schedules = _lock_hosts(host_ids)
    free, offered = free_hosts_at(rules=rules, start=start, now=now, host_ids=host_ids)
    if not free:
        if not offered:
            raise _not_offered()
        raise SlotTaken()
    host_id = _pick_host(rules, free, now)
    booking = Booking(
        round=round,
        host_id=host_id,
        participant=person,
        start=start,
        end=start + timedelta(minutes=rules.duration_minutes),
        timezone=person.timezone,
        answers=cleaned_answers,
        location=rules.location or schedules[host_id].meeting_url,
        invite=invite,
        scheduled_at=now,
    )
    # The database checks uniqueness, the overlap and the foreign keys (set from objects just loaded).
    booking.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    _insert(booking)
    if room := room_url(rules, booking):  # a room of its own, named once the booking has its number
        booking.location = room
        booking.save(update_fields=["location"])
    booking.contact_event = contact_record(
        participant=person, kind=ContactKind.INTERVIEW, channel=RoundKind.SYNC, round=round, at=booking.start,
        note=f"Booked call with {booking.host.get_full_name() or booking.host.email}",
    )  # fmt: skip
    booking.save(update_fields=["contact_event"])
    if invite is not None:
        invite.booking = booking
        invite.save(update_fields=["booking"])
    round_go_live(round=round)
    notify(booking, template="booking-confirmed", method="REQUEST")
    webhook_emit(event="booking.created", data=booking_payload(booking))
    return booking


def _lock(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("round__study", "participant", "host")
        .get(pk=booking.pk)
    )


def _check_change_notice(booking: Booking, rules: BookingRules | None, staff: bool, now: datetime) -> None:
    if staff or rules is None:
        return  # staff may always change a call
    if now > booking.start - timedelta(hours=rules.min_change_notice_hours):
        reply = gettext("Please reply to your invitation email if you cannot make it.")
        raise ValidationError(f"{close_to_call(rules.min_change_notice_hours)} {reply}", code="too_late")


@transaction.atomic
def booking_reschedule(
    *, booking: Booking, start: datetime, actor: User | None = None, by_staff: bool | None = None
) -> Booking:
    """Move a booked call to another free time of the same host: same calendar UID, SEQUENCE + 1, updated
    invites to both, reminders re-armed. Participants within the round's change notice and limit; staff always."""
    booking = _lock(booking)
    rules = BookingRules.objects.filter(round_id=booking.round_id).first()
    now = timezone.now()
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(NOT_BOOKED["move", booking.status])
    if rules is None:
        raise ValidationError({"round": "This round does not take bookings."})
    staff = actor is not None if by_staff is None else by_staff
    _check_change_notice(booking, rules, staff, now)
    if not staff and booking.reschedule_count >= rules.max_reschedules:
        message = gettext("This call cannot be moved again; you can still cancel it.")
        raise ValidationError(message, code="max_reschedules")
    start = _clean_start(start)
    if start == booking.start:
        return booking

    # The host stays: a calendar event keeps its organizer, and the participant keeps who they expect to meet.
    _lock_hosts([booking.host_id])
    free, offered = free_hosts_at(
        rules=rules, start=start, now=now, host_ids=[booking.host_id], exclude_booking_id=booking.pk
    )
    if not free:
        if not offered:
            raise _not_offered()
        raise SlotTaken()
    previous = {"start": booking.start, "end": booking.end}
    booking.start, booking.end = start, start + timedelta(minutes=rules.duration_minutes)
    booking.sequence += 1
    booking.reschedule_count += 1
    booking.scheduled_at = now
    booking.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    _insert(booking)
    if booking.contact_event_id:
        booking.contact_event.occurred_at = booking.start
        booking.contact_event.save(update_fields=["occurred_at"])
    BookingReminder.objects.filter(booking=booking).delete()  # reminders follow the new time
    notify(booking, template="booking-rescheduled", method="REQUEST", previous=previous)
    payload = booking_payload(booking)
    payload["previous_start"] = previous["start"].isoformat()
    payload["previous_end"] = previous["end"].isoformat()
    webhook_emit(event="booking.rescheduled", data=payload)
    return booking


@transaction.atomic
def booking_cancel(
    *, booking: Booking, reason: str = "", actor: User | None = None, by_staff: bool | None = None
) -> Booking:
    """Cancel a booked call (participants within the round's change notice; staff always): METHOD:CANCEL invites
    to both, and the interview leaves the participant's contact history."""
    booking = _lock(booking)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(NOT_BOOKED["cancel", booking.status])
    rules = BookingRules.objects.filter(round_id=booking.round_id).first()
    now = timezone.now()
    staff = actor is not None if by_staff is None else by_staff
    _check_change_notice(booking, rules, staff, now)
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": gettext("Keep the reason under 500 characters.")})
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancel_reason = reason
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"])
    if booking.contact_event_id:
        # A call that never happened is no interview: it must not count against the participant's cap.
        event = booking.contact_event
        booking.contact_event = None
        booking.save(update_fields=["contact_event"])
        event.delete()
    notify(booking, template="booking-cancelled", method="CANCEL", cancelled_by_staff=staff)
    webhook_emit(event="booking.cancelled", data={**booking_payload(booking), "reason": reason})
    return booking


MARKABLE = (BookingStatus.COMPLETED, BookingStatus.NO_SHOW)


@transaction.atomic
def booking_mark(*, booking: Booking, status: str, actor: User | None) -> Booking:
    """Record that the call took place (completed) or the participant did not come (no_show, kept in the
    participant's contact history)."""
    if status not in MARKABLE:
        raise ValidationError({"status": "Mark a call completed or no-show."})
    booking = _lock(booking)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError({"status": "This call was cancelled."})
    if booking.start > timezone.now():
        raise ValidationError({"status": "The call has not started yet."})
    booking.status = status
    booking.marked_at = timezone.now()
    try:
        with transaction.atomic():
            booking.save(update_fields=["status", "marked_at", "updated_at"])
    except IntegrityError:
        # Back from no-show to completed onto a time another call took meanwhile.
        raise ValidationError({"status": "Another call of this host now takes that time."}) from None
    host = booking.host.get_full_name() or booking.host.email
    note = f"No-show for the call with {host}" if status == BookingStatus.NO_SHOW else f"Call with {host}"
    if booking.contact_event_id:
        booking.contact_event.note = note
        booking.contact_event.save(update_fields=["note"])
    else:
        booking.contact_event = contact_record(
            participant=booking.participant, kind=ContactKind.INTERVIEW, channel=RoundKind.SYNC,
            round=booking.round, at=booking.start, note=note,
        )  # fmt: skip
        booking.save(update_fields=["contact_event"])
    incentive_follow_call(booking=booking, actor=actor)
    return booking


@transaction.atomic
def booking_invite_create(
    *, round: Round, participant: Participant, actor: User | None, opted_in_at: datetime | None = None
) -> BookingInvite:
    """A personal booking link for `participant`, emailed to them; the contact rules apply (ContactRefused), the
    cooldown excepted when they opted in to a follow-up call at `opted_in_at`. Inviting the same person again
    re-sends their existing link."""
    rules = _rules_for(round)
    if round.status == RoundStatus.CLOSED:
        raise ValidationError({"round": "This round is closed and takes no more bookings."})
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    decision = as_requested(contact_decision(participant), opted_in_at=opted_in_at)
    if not decision.allowed:
        raise ContactRefused(decision.reason, code=decision.code, decision=decision)
    invite, _ = BookingInvite.objects.get_or_create(round=round, participant=participant)
    contact_record(participant=participant, kind=ContactKind.INVITATION, channel=RoundKind.SYNC, round=round,
                   note="Booking invitation")  # fmt: skip
    workspace_name = current_workspace().name
    with translation.override(email_language(participant)):
        email_queue(
            template="booking-invitation",
            to=participant.email,
            context={
                "name": participant.name,
                "workspace_name": workspace_name,
                "minutes": rules.duration_minutes,
                "link": invite_url(invite),
                **public_study(round, workspace_name),
                **wording_context(
                    wording_for(EmailKind.BOOKING_INVITATION),
                    participant=participant,
                    round=round,
                    workspace_name=workspace_name,
                ),
            },
        )
    invite.sent_at = timezone.now()
    invite.save(update_fields=["sent_at"])
    round_go_live(round=round)
    return invite


def invite_url(invite: BookingInvite) -> str:
    return current_workspace().url.rstrip("/") + reverse("booking:invite", kwargs={"token": invite.token})


def booking_payload(booking: Booking) -> dict:
    """What webhooks carry about a booking (and what the API's detail shows, minus the manage link)."""
    return {
        "id": booking.pk,
        "round": booking.round_id,
        "study": booking.round.study_id,
        "status": booking.status,
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
        "timezone": booking.timezone,
        "host": {"id": booking.host_id, "email": booking.host.email, "name": booking.host.get_full_name()},
        "participant": {
            "id": booking.participant_id,
            "email": booking.participant.email,
            "name": booking.participant.name,
        },
        "answers": booking.answers,
        "location": booking.location,
        "uid": booking.uid,
        "sequence": booking.sequence,
    }
