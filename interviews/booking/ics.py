"""Calendar invites (RFC 5545/5546) for a booking, the host's subscribable feed, and a Google Calendar link.

One event per booking for its whole life: the UID never changes, and every change (reschedule, cancel) raises
SEQUENCE so calendar apps replace the event instead of adding a second one. The participant's copy names the study
by its public title in the active language; the host's (`for_host`, the feed) by its internal title.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from interviews.booking.selectors import took_async_interview
from interviews.models import Booking, BookingStatus
from workspaces.models import User
from workspaces.selectors import current_workspace

PRODID = "-//Parley//Sync interviews//EN"
# A feed shows what is coming and what happened recently; older calls stay in Parley.
FEED_HISTORY = timedelta(days=180)


def workspace_base() -> str:
    """This workspace's address without the trailing slash, for absolute links."""
    return current_workspace().url.rstrip("/")


def manage_url(booking: Booking, *, base: str | None = None) -> str:
    """The participant's page to see, reschedule or cancel the call (linked in every email). Pass `base`
    (`workspace_base()`) when making several links at once."""
    base = workspace_base() if base is None else base
    return base + reverse("booking:manage", kwargs={"token": booking.manage_token})


def brief_url(booking: Booking, *, base: str | None = None) -> str:
    """The host's brief for the call (a synthesis page, reversed by name: interviews never imports synthesis)."""
    base = workspace_base() if base is None else base
    return base + reverse("briefs:page", kwargs={"booking_id": booking.pk})


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def summary(booking: Booking, *, for_host: bool = False) -> str:
    study = booking.round.study
    if for_host:
        return f"{study.title}: interview"
    # "Your first month with Acme · Olive Owner": the participant's calendar names whom they meet, in any language.
    return f"{study.participant_title(current_workspace().name)} · {_name(booking.host)}"


def _description(booking: Booking, manage: str, brief: str = "", *, for_host: bool = False) -> str:
    if for_host:
        person = booking.participant.name or booking.participant.email
        lines = [f"A conversation for “{booking.round.study.title}” with {person}."]
        if booking.location:
            lines.append(f"Where: {booking.location}")
        lines.append(f"Reschedule or cancel: {manage}")
        if brief:  # what the participant said in their async interview
            lines.append(f"Host's brief: {brief}")
        return "\n".join(lines)
    study = booking.round.study
    lines = [
        gettext("A conversation for “%(title)s” with %(host)s.")
        % {"title": study.participant_title(current_workspace().name), "host": _name(booking.host)}
    ]
    if booking.location:
        lines.append(gettext("Where: %(location)s") % {"location": booking.location})
    lines.append(gettext("Reschedule or cancel: %(link)s") % {"link": manage})
    return "\n".join(lines)


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _event(
    booking: Booking, *, cancelled: bool, manage: str, stamp: datetime, brief: str = "", for_host: bool = False
) -> Event:
    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("summary", summary(booking, for_host=for_host))
    event.add("description", _description(booking, manage, brief, for_host=for_host))
    if booking.location:
        event.add("location", booking.location)
    if booking.location.startswith(("https://", "http://")):
        event.add("url", booking.location)
    organizer = vCalAddress(f"mailto:{booking.host.email}")
    organizer.params["cn"] = vText(_name(booking.host))
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.participant.email}")
    attendee.params["cn"] = vText(booking.participant.name or booking.participant.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")  # they chose the time themselves
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def booking_ics(
    booking: Booking, method: str = "REQUEST", *, base: str | None = None, brief: str = "", for_host: bool = False
) -> bytes:
    """The invite (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) attached to emails and downloaded; `brief`
    (the host's copy only) adds the link to the host's brief to the description."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"method is REQUEST or CANCEL, not {method!r}")
    cal = _calendar(method)
    cal.add_component(
        _event(
            booking,
            cancelled=method == "CANCEL",
            manage=manage_url(booking, base=base),
            stamp=timezone.now(),
            brief=brief,
            for_host=for_host or bool(brief),
        )
    )
    return cal.to_ical()


def host_bookings(user: User, *, now: datetime | None = None) -> QuerySet[Booking]:
    since = (now or timezone.now()) - FEED_HISTORY
    return (
        Booking.objects.filter(host=user, end__gte=since)
        .select_related("round__study", "participant", "host")
        .order_by("start")
    )


def host_feed_ics(user: User) -> bytes:
    """Every booking of `user` in this workspace (recent and upcoming) as a subscribable calendar; cancelled ones
    stay in the feed as STATUS:CANCELLED so a calendar app removes them."""
    workspace = current_workspace()
    base = workspace.url.rstrip("/")
    cal = _calendar(None)
    cal.add("x-wr-calname", f"Parley · {workspace.name}")
    cal.add("x-published-ttl", "PT15M")
    stamp = timezone.now()
    bookings = list(host_bookings(user))
    briefed = took_async_interview({b.participant_id for b in bookings})
    for booking in bookings:
        cancelled = booking.status == BookingStatus.CANCELLED
        brief = brief_url(booking, base=base) if booking.participant_id in briefed and not cancelled else ""
        manage = manage_url(booking, base=base)
        cal.add_component(_event(booking, cancelled=cancelled, manage=manage, stamp=stamp, brief=brief, for_host=True))
    return cal.to_ical()


def google_calendar_url(booking: Booking, *, base: str | None = None, for_host: bool = False) -> str:
    """An "add to Google Calendar" link that opens the event pre-filled (Google has no ICS import by link)."""

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    query = {
        "action": "TEMPLATE",
        "text": summary(booking, for_host=for_host),
        "dates": f"{stamp(booking.start)}/{stamp(booking.end)}",
        "details": _description(booking, manage_url(booking, base=base), for_host=for_host),
        "location": booking.location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
