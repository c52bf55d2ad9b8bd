"""What a booking's participant and host are told: the emails of each change with the calendar invite attached,
and the reminders before the call (each claimed once, so it is sent once). The participant's come in their
language and clock with the study's public title; the host's in English with the internal one."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from interviews.booking import ics
from interviews.booking.selectors import took_async_interview
from interviews.models import Booking, BookingReminder, BookingStatus, EmailKind, HostSchedule
from interviews.participant_pages import email_clock, email_language, format_day, format_time
from interviews.wording.text import wording_context, wording_for
from outbox.services import attachment, email_queue
from workspaces.selectors import current_workspace


@dataclass(frozen=True)
class When:
    """A call's time as one reader sees it, in the language active when it is written out."""

    start: datetime
    end: datetime
    zone: str
    clock: int = 24

    @classmethod
    def of(cls, start: datetime, end: datetime, zone: str, clock: int = 24) -> "When":
        tz = ZoneInfo(zone)
        return cls(start.astimezone(tz), end.astimezone(tz), zone, clock)

    def __str__(self) -> str:
        # Written out, never abbreviated: "Tuesday 4 March 2030, 15:00-15:45 (Europe/Berlin)", "3:00 PM-3:45 PM".
        day, start, end = (
            format_day(self.start, year=True),
            format_time(self.start, self.clock),
            format_time(self.end, self.clock),
        )
        return f"{day}, {start}\N{EN DASH}{end} ({self.zone.replace('_', ' ')})"


def email_context(booking: Booking, *, for_host: bool, workspace, brief_link: str = "", **extra) -> dict:
    zone, clock = booking.timezone, email_clock(booking.participant)
    if for_host:
        zone = HostSchedule.objects.filter(user_id=booking.host_id).values_list("timezone", flat=True).first() or "UTC"
        clock = 24
    previous = extra.pop("previous", None)
    base = workspace.url.rstrip("/")
    study = booking.round.study
    return {
        "for_host": for_host,
        "workspace_name": workspace.name,
        "study_title": study.title if for_host else study.participant_title(workspace.name),
        "participant_name": booking.participant.name or booking.participant.email,
        "participant_email": booking.participant.email,
        "host_name": booking.host.get_full_name() or booking.host.email,
        "when": When.of(booking.start, booking.end, zone, clock),
        "previous": When.of(previous["start"], previous["end"], zone, clock) if previous else None,
        "minutes": int((booking.end - booking.start).total_seconds() // 60),
        "location": booking.location,
        "location_is_url": booking.location.startswith(("https://", "http://")),
        "answers": booking.answers,
        "reason": booking.cancel_reason,
        "manage_link": ics.manage_url(booking, base=base),
        "google_link": ics.google_calendar_url(booking, base=base, for_host=for_host)
        if booking.status == BookingStatus.BOOKED
        else "",
        "booking_link": base + reverse("booking:detail", kwargs={"booking_id": booking.pk}),
        "brief_link": brief_link if for_host else "",  # the participant never sees the host's brief
        **extra,
    }


def invite_attachment(booking: Booking, method: str, base: str, brief: str = "", *, for_host: bool) -> dict:
    return attachment(
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
        mimetype=f"text/calendar; method={method}",
        content=ics.booking_ics(booking, method=method, base=base, brief=brief, for_host=for_host),
    )


def notify(booking: Booking, *, template: str, method: str, **extra) -> None:
    """The participant's and the host's email about this change, each with the calendar invite attached. When the
    participant took an async interview, the host's email and invite (never the participant's) link the brief."""
    workspace = current_workspace()
    base = workspace.url.rstrip("/")
    brief = ""
    if method == "REQUEST" and took_async_interview([booking.participant_id]):
        brief = ics.brief_url(booking, base=base)
    for to, for_host in ((booking.participant.email, False), (booking.host.email, True)):
        link = brief if for_host else ""
        with translation.override("en" if for_host else email_language(booking.participant)):
            context = email_context(booking, for_host=for_host, workspace=workspace, brief_link=link, **extra)
            email_queue(template=template, to=to, context=context,
                        attachments=[invite_attachment(booking, method, base, link, for_host=for_host)])  # fmt: skip


def reminders_due(*, at: datetime) -> list[tuple[Booking, list[int]]]:
    """Booked calls with reminders due at `at`: each reminder offset (minutes before the start) whose time has
    come, that was not claimed yet, and whose time came after the booking was made (nobody gets a "tomorrow"
    reminder for a call booked an hour ago)."""
    horizon = at + timedelta(minutes=60 * 24 * 14)
    bookings = (
        Booking.objects.filter(status=BookingStatus.BOOKED, start__gt=at, start__lte=horizon)
        .select_related("round__study", "round__booking_rules", "participant", "host")
        .prefetch_related("reminders")
    )
    due = []
    for booking in bookings:
        rules = getattr(booking.round, "booking_rules", None)
        offsets = rules.reminder_offsets_minutes if rules else []
        claimed = {r.offset_minutes for r in booking.reminders.all()}
        ready = [
            m
            for m in offsets
            if m not in claimed and booking.start - timedelta(minutes=m) <= at
            and booking.scheduled_at < booking.start - timedelta(minutes=m)
        ]  # fmt: skip
        if ready:
            due.append((booking, sorted(ready)))
    return due


def booking_reminders_send(*, at: datetime | None = None) -> int:
    """Send each due reminder once. The reminder row is claimed (unique per booking and offset) in the same
    transaction as the email row, so a second beat, a restarted worker or a retry never sends it twice."""
    at = at or timezone.now()
    sent = 0
    workspace = current_workspace()
    wording = wording_for(EmailKind.BOOKING_REMINDER)
    for booking, offsets in reminders_due(at=at):
        if booking.participant.do_not_contact:
            continue
        try:
            with transaction.atomic():
                BookingReminder.objects.bulk_create(
                    [BookingReminder(booking=booking, offset_minutes=m, sent_at=at) for m in offsets]
                )
                # Several due at once (beat was down): one email, for the nearest.
                minutes_left = int((booking.start - at).total_seconds() // 60)
                with translation.override(email_language(booking.participant)):
                    email_queue(
                        template="booking-reminder",
                        to=booking.participant.email,
                        context=email_context(booking, for_host=False, workspace=workspace,
                                              minutes_left=minutes_left, hours_left=round(minutes_left / 60),
                                              **wording_context(wording, participant=booking.participant,
                                                                round=booking.round, workspace_name=workspace.name)),
                    )  # fmt: skip
        except IntegrityError:
            continue  # another run claimed it first
        sent += 1
    return sent
