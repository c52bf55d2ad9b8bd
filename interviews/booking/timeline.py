"""The participant's timeline (studies.participants.registry), sync side: booking invitations, hand-offs from an
async round, each booking and the call it became (held, no-show, upcoming) with its transcript and the host's
brief, and cancellations. At most four queries."""

from django.urls import reverse

from interviews.booking.selectors import took_async_interview
from interviews.models import Booking, BookingInvite, BookingStatus, Handoff
from studies.models import ContactKind, RoundKind
from studies.participants.registry import Timeline, TimelineEntry, day


def _where(round_) -> str:
    return f"{round_.study.title} · {round_.purpose}"


def _host(booking: Booking) -> str:
    return booking.host.get_full_name() or booking.host.email


CALL_TITLES = {
    BookingStatus.BOOKED: "Call with {host}",
    BookingStatus.COMPLETED: "Call held with {host}",
    BookingStatus.NO_SHOW: "No-show for the call with {host}",
}


def sync_timeline(timeline: Timeline) -> None:
    participant = timeline.participant
    bookings = list(
        Booking.objects.filter(participant=participant)
        .select_related("round__study", "host")
        .order_by("created_at", "pk")
    )
    invites = list(BookingInvite.objects.filter(participant=participant).select_related("round__study"))
    handoffs = Handoff.objects.filter(participant=participant).select_related("from_round__study", "to_round__study")

    booking_of_round = {b.round_id: b for b in bookings if b.status != BookingStatus.CANCELLED}
    for invite in invites:
        booking = booking_of_round.get(invite.round_id)
        if booking:
            url = reverse("booking:detail", args=[booking.pk])
        else:
            url = reverse("booking:round", args=[invite.round_id])
        sent = timeline.contacts_of(kind=ContactKind.INVITATION, channel=RoundKind.SYNC, round_id=invite.round_id)
        for entry in sent:
            entry.title = f"Invited to book a call in {_where(invite.round)}"
            entry.url, entry.claimed = url, True
            entry.notes = ["booked" if booking else "not booked yet"]

    for handoff in handoffs.order_by("created_at"):
        timeline.add(TimelineEntry(
            when=handoff.created_at, kind="handoff", channel=RoundKind.SYNC, round_id=handoff.to_round_id,
            title=f"Handed off from {_where(handoff.from_round)} to {_where(handoff.to_round)}",
            url=reverse("interviews:session", args=[handoff.session_id]),
            links=[("Shortlist", reverse("synthesis_shortlist:round", args=[handoff.from_round_id]))],
            order=-1,  # before the booking invitation it sends at the same moment
        ))  # fmt: skip

    briefed = bool(bookings) and participant.pk in took_async_interview([participant.pk])
    for b in bookings:
        url = reverse("booking:detail", args=[b.pk])
        notes = [f"with {_host(b)}"] + ([f"moved {b.reschedule_count} time(s)"] if b.reschedule_count else [])
        timeline.add(TimelineEntry(
            when=b.created_at, kind="booking", channel=RoundKind.SYNC, url=url, round_id=b.round_id,
            title=f"Booked a call in {_where(b.round)} for {day(b.start)}", notes=notes,
        ))  # fmt: skip
        if b.status == BookingStatus.CANCELLED:
            timeline.add(TimelineEntry(
                when=b.cancelled_at or b.updated_at, kind="cancelled", channel=RoundKind.SYNC, url=url,
                round_id=b.round_id, title=f"Call of {day(b.start)} cancelled", detail=b.cancel_reason,
            ))  # fmt: skip
            continue
        links = [("Transcript", reverse("coding:transcript", args=[b.transcript_id]))] if b.transcript_id else []
        if briefed:
            links.append(("Brief", reverse("briefs:page", kwargs={"booking_id": b.pk})))
        call = timeline.contacts.get(b.contact_event_id)
        if call is None:
            call = timeline.add(
                TimelineEntry(when=b.start, kind=ContactKind.INTERVIEW, title="", channel=RoundKind.SYNC)
            )
        call.kind = "no_show" if b.status == BookingStatus.NO_SHOW else ContactKind.INTERVIEW
        call.title = CALL_TITLES[b.status].format(host=_host(b)) + f": {_where(b.round)}"
        call.url, call.links, call.notes, call.claimed = url, links, [], True
        call.transcript_id = b.transcript_id
        if b.status == BookingStatus.BOOKED and not call.upcoming:
            call.notes.append("not marked held or no-show yet")
