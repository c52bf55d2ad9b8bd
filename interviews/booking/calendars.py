"""Hosts' own calendars: a secret iCalendar address (Google, Outlook, Fastmail, Nextcloud...) or a CalDAV collection
with a username and an app password, read through the outbound policy with conditional requests, every recurring
event expanded with its exceptions (`recurring-ical-events`) over the booking horizon, and stored as busy intervals
that the slot engine treats like other calls (with the round's buffers).

A read that fails keeps the intervals of the last good read: a stale calendar still blocks what it knew, bookings
still go through, and the host page says when each calendar was last read and what went wrong.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import httpx2
import icalendar
import recurring_ical_events
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from config.crypto import decrypt, encrypt
from interviews.booking.availability import availability_changed
from interviews.models import BookingRules, BusyInterval, CalendarKind, HostCalendar, HostSchedule
from workspaces import outbound
from workspaces.models import User

MAX_CALENDAR_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 10.0
REFRESH_EVERY = timedelta(minutes=10)
MIN_HORIZON_DAYS = 30
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")
_CALDAV_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
_CALDAV_PROPFIND = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>"""
# The collection's change tag: CalendarServer's getctag (Radicale, Nextcloud, iCloud, Fastmail) or the standard
# sync-token; unchanged, the REPORT is skipped as an unchanged feed's 304 is.
_CALDAV_TAG = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/><D:sync-token/></D:prop>
</D:propfind>"""
_DAV, _CALDAV, _CS = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}", "{http://calendarserver.org/ns/}"


class CalendarError(Exception):
    """A calendar that could not be read; the message is for the host."""


# --- Reading a calendar's text ----------------------------------------------------------------------------------


def _syntax_error(text: str) -> str:
    """The first line that is not iCalendar, named by its number, or "" (icalendar itself is lenient)."""
    if not text.lstrip("\ufeff \r\n").upper().startswith("BEGIN:VCALENDAR"):
        first = next((line for line in text.splitlines() if line.strip()), "")[:60]
        return f"This is not an iCalendar file: line 1 reads “{first}”."
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line[0] in " \t":  # blank, or the continuation of a folded line
            continue
        if not _CONTENT_LINE.match(line):
            return f"Line {number} is not an iCalendar line: “{line[:60]}”."
    return ""


def _line_of(text: str, name: str, value: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.upper().startswith(name.upper()) and value in line:
            return number
    return 0


def parse_calendar(data: bytes) -> icalendar.Calendar:
    """The calendar, or CalendarError naming the line that cannot be read."""
    text = data.decode("utf-8", errors="replace")
    if problem := _syntax_error(text):
        raise CalendarError(problem)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as error:
        raise CalendarError(f"The calendar cannot be read: {str(error)[:200]}") from None
    for event in calendar.walk("VEVENT"):
        for name, message in event.errors:
            line = _line_of(text, name, "")
            raise CalendarError(f"Line {line}: {name} cannot be read ({message[:120]}).")
    return calendar


def _bound(value, zone: ZoneInfo, *, all_day_blocks: bool) -> datetime | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)
    if isinstance(value, date) and all_day_blocks:  # an all-day event: the host's own day, midnight to midnight
        return datetime.combine(value, time(0), tzinfo=zone).astimezone(UTC)
    return None


def busy_times(
    calendar: icalendar.Calendar, *, start: datetime, end: datetime, zone: ZoneInfo, all_day_blocks: bool = True
) -> list[tuple[datetime, datetime]]:
    """The busy intervals in [start, end), UTC, merged: recurring events expanded with their exceptions (EXDATE,
    RECURRENCE-ID); transparent and cancelled events do not block; all-day events block the host's whole day unless
    `all_day_blocks` is off; floating times are the host's."""
    try:
        occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(start, end)
    except Exception as error:  # the library raises its own kinds for rules it cannot expand
        raise CalendarError(f"A repeating event cannot be expanded: {str(error)[:200]}") from None
    intervals = []
    for event in occurrences:
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        dtstart = event.get("DTSTART")
        if dtstart is None:
            continue
        first = _bound(dtstart.dt, zone, all_day_blocks=all_day_blocks)
        if first is None:
            continue
        if event.get("DTEND") is not None:
            last = _bound(event["DTEND"].dt, zone, all_day_blocks=True)
        elif event.get("DURATION") is not None:
            last = first + event["DURATION"].dt
        else:  # RFC 5545: a date lasts the day, a date-time without end or duration takes no time
            last = _bound(dtstart.dt + timedelta(days=1), zone, all_day_blocks=True) if not isinstance(
                dtstart.dt, datetime) else first  # fmt: skip
        if last is None or last <= first:
            continue
        intervals.append((max(first, start), min(last, end)))
    merged: list[tuple[datetime, datetime]] = []
    for first, last in sorted(i for i in intervals if i[1] > i[0]):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


# --- Fetching ---------------------------------------------------------------------------------------------------


@dataclass
class Fetched:
    calendar: icalendar.Calendar | None  # None: not modified since the last read
    etag: str = ""
    last_modified: str = ""


def _http_problem(response: httpx2.Response) -> str:
    reason = response.reason_phrase or ""
    hint = {401: " Check the username and app password.", 403: " Check the username and app password.",
            404: " The address may have been reset: copy it again."}.get(response.status_code, "")  # fmt: skip
    return f"The calendar server answered HTTP {response.status_code} {reason}.{hint}".replace(" .", ".")


def _get(client: httpx2.Client, method: str, url: str, **kwargs) -> httpx2.Response:
    try:
        response = client.request(method, url, **kwargs)
        response.read()
        return response
    except outbound.ReplyTooLarge:
        raise CalendarError(f"The calendar is larger than {MAX_CALENDAR_BYTES // (1024 * 1024)} MB.") from None
    except (outbound.ReplyTooSlow, httpx2.TimeoutException):
        raise CalendarError(f"The calendar did not answer within {FETCH_TIMEOUT:.0f} seconds.") from None
    except outbound.OutboundError as error:
        raise CalendarError(str(error)) from None
    except httpx2.TooManyRedirects:
        raise CalendarError("The calendar's address redirects too many times.") from None
    except httpx2.HTTPError as error:
        raise CalendarError(f"The calendar could not be reached: {str(error)[:200] or type(error).__name__}.") from None


def _covers(calendar: HostCalendar, end: datetime) -> bool:
    """ "Not modified" is only enough while the events expanded last time still reach far enough ahead."""
    return calendar.expanded_until is not None and calendar.expanded_until >= end - timedelta(days=1)


def _fetch_ics(calendar: HostCalendar, end: datetime) -> Fetched:
    headers = {"Accept": "text/calendar, */*;q=0.5"}
    conditional = _covers(calendar, end)
    if conditional and calendar.etag:
        headers["If-None-Match"] = calendar.etag
    if conditional and calendar.last_modified:
        headers["If-Modified-Since"] = calendar.last_modified
    url = re.sub(r"^webcals?://", lambda m: "https://" if m.group(0) == "webcals://" else "http://", calendar.url)
    with outbound.client(timeout=FETCH_TIMEOUT, follow_redirects=True, max_bytes=MAX_CALENDAR_BYTES) as client:
        response = _get(client, "GET", url, headers=headers)
    if response.status_code == 304:
        return Fetched(None, calendar.etag, calendar.last_modified)
    if response.status_code != 200:
        raise CalendarError(_http_problem(response))
    return Fetched(
        parse_calendar(response.content),
        etag=response.headers.get("ETag", "")[:300],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )


def _multistatus(response: httpx2.Response) -> ET.Element:
    if response.status_code != 207:
        raise CalendarError(_http_problem(response))
    try:
        return ET.fromstring(response.content)
    except ET.ParseError as error:
        raise CalendarError(f"The CalDAV server's answer cannot be read (line {error.position[0]}).") from None


def _not_a_calendar(client: httpx2.Client, calendar: HostCalendar, auth) -> CalendarError | None:
    """When a REPORT found nothing: None if the address is a calendar collection (just empty in the window), else
    the error to show, naming the calendars found under the address (a principal or the server's root answers a
    REPORT with an empty list, which would otherwise look like a free calendar)."""
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    response = _get(client, "PROPFIND", calendar.url, headers=headers, content=_CALDAV_PROPFIND.encode(), auth=auth)
    tree = _multistatus(response)
    own_path = unquote(urlsplit(calendar.url).path).rstrip("/")
    calendars = []
    for item in tree.iter(f"{_DAV}response"):
        href = urljoin(calendar.url, (item.findtext(f"{_DAV}href") or "").strip())
        is_calendar = next(item.iter(f"{_CALDAV}calendar"), None) is not None
        if unquote(urlsplit(href).path).rstrip("/") == own_path:
            if is_calendar:
                return None
        elif is_calendar:
            name = next((e.text for e in item.iter(f"{_DAV}displayname") if e.text), "")
            calendars.append(f"{href} ({name})" if name else href)
    if calendars:
        listed = ", ".join(calendars[:5]) + (", …" if len(calendars) > 5 else "")
        return CalendarError(f"This address is not a calendar but holds calendars; connect one of them: {listed}.")
    return CalendarError("This address is not a CalDAV calendar: copy the calendar's own CalDAV address.")


def _collection_tag(client: httpx2.Client, calendar: HostCalendar, auth) -> str:
    """The collection's change tag ("" when the server keeps none: the calendar is then read whole each time)."""
    headers = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}
    response = _get(client, "PROPFIND", calendar.url, headers=headers, content=_CALDAV_TAG.encode(), auth=auth)
    if response.status_code != 207:
        if response.status_code in (401, 403, 404):
            raise CalendarError(_http_problem(response))
        return ""
    try:
        tree = ET.fromstring(response.content)
    except ET.ParseError:
        return ""
    for name in (f"{_CS}getctag", f"{_DAV}sync-token"):
        tag = next((element.text.strip() for element in tree.iter(name) if (element.text or "").strip()), "")
        if tag:
            return f"{name}{tag}"[:300]
    return ""


def _fetch_caldav(calendar: HostCalendar, start: datetime, end: datetime) -> Fetched:
    """A calendar-query REPORT for the events in the window; their calendar data joined into one calendar. Skipped
    (None) when the collection's change tag is the one of the last read and that read reaches far enough. An empty
    answer is checked with a PROPFIND: an address that is not a calendar collection is an error, not a free host."""
    stamp = "%Y%m%dT%H%M%SZ"
    body = _CALDAV_QUERY.format(start=start.strftime(stamp), end=end.strftime(stamp))
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    auth = (calendar.username, decrypt(calendar.password_encrypted))
    with outbound.client(timeout=FETCH_TIMEOUT, follow_redirects=True, max_bytes=MAX_CALENDAR_BYTES) as client:
        tag = _collection_tag(client, calendar, auth)
        if tag and tag == calendar.etag and _covers(calendar, end):
            return Fetched(None, calendar.etag)
        tree = _multistatus(_get(client, "REPORT", calendar.url, headers=headers, content=body.encode(), auth=auth))
        found = list(tree.iter(f"{_CALDAV}calendar-data"))
        if not found and (problem := _not_a_calendar(client, calendar, auth)):
            raise problem
    joined = icalendar.Calendar()
    seen_zones = set()
    for element in found:
        for component in parse_calendar((element.text or "").encode()).subcomponents:
            if component.name == "VTIMEZONE":
                if str(component.get("TZID")) in seen_zones:
                    continue
                seen_zones.add(str(component.get("TZID")))
            joined.add_component(component)
    return Fetched(joined, etag=tag)


# --- Services ---------------------------------------------------------------------------------------------------


def _horizon_days() -> int:
    """How far ahead any round of this workspace books, so busy times cover every slot offered."""
    longest = BookingRules.objects.aggregate(days=Max("horizon_days"))["days"] or 0
    return max(longest, MIN_HORIZON_DAYS) + 1


@transaction.atomic
def host_calendar_add(
    *,
    schedule: HostSchedule,
    actor: User | None,
    url: str = "",
    caldav_url: str = "",
    username: str = "",
    password: str = "",
    all_day_blocks: bool = True,
) -> HostCalendar:
    """Connect a calendar by its secret iCalendar address (`url`) or a CalDAV collection with a username and an app
    password (stored encrypted); it is read after commit. A refused address raises with the reason."""
    url, caldav_url, username = (url or "").strip(), (caldav_url or "").strip(), (username or "").strip()
    if bool(url) == bool(caldav_url):
        raise ValidationError({"url": "Give either the calendar's iCal address or a CalDAV address, not both."})
    if caldav_url and not (username and password):
        raise ValidationError({"password": "A CalDAV calendar needs a username and an app password."})
    calendar = HostCalendar(
        schedule=schedule,
        kind=CalendarKind.CALDAV if caldav_url else CalendarKind.ICS,
        url=re.sub(r"^webcal(s?)://", lambda m: f"http{m.group(1)}://", url) or caldav_url,
        username=username,
        password_encrypted=encrypt(password) if caldav_url else "",
        all_day_blocks=all_day_blocks,
    )
    try:
        calendar.full_clean(exclude=["schedule"])
    except ValidationError as error:
        if caldav_url and "url" in error.message_dict:
            raise ValidationError({"caldav_url": error.message_dict["url"]}) from None
        raise
    calendar.save()
    from interviews.booking.tasks import refresh_host_calendar  # tasks import services, not the reverse

    transaction.on_commit(lambda: refresh_host_calendar.delay(calendar.pk))
    return calendar


@transaction.atomic
def host_calendar_delete(*, calendar: HostCalendar, actor: User | None) -> None:
    """Disconnect a calendar: its busy times go with it."""
    calendar.delete()


@transaction.atomic
def host_calendar_settings_save(*, calendar: HostCalendar, all_day_blocks: bool, actor: User | None) -> HostCalendar:
    calendar.all_day_blocks = all_day_blocks
    calendar.expanded_until = None  # read it whole again: the same events block differently now
    calendar.save(update_fields=["all_day_blocks", "expanded_until"])
    return calendar


def host_calendar_refresh(*, calendar: HostCalendar, now: datetime | None = None) -> HostCalendar:
    """Read the calendar (outside any transaction: the network may take seconds) and store its busy intervals over
    the booking horizon; on failure keep the last good intervals and record why."""
    now = now or timezone.now()
    start, end = now - timedelta(days=1), now + timedelta(days=_horizon_days())
    zone = ZoneInfo(calendar.schedule.timezone)
    try:
        if calendar.kind == CalendarKind.CALDAV:
            fetched = _fetch_caldav(calendar, start, end)
        else:
            fetched = _fetch_ics(calendar, end)
        intervals = (
            None
            if fetched.calendar is None
            else busy_times(fetched.calendar, start=start, end=end, zone=zone, all_day_blocks=calendar.all_day_blocks)
        )
    except CalendarError as error:
        HostCalendar.objects.filter(pk=calendar.pk).update(last_tried_at=now, error=str(error)[:500])
        calendar.refresh_from_db()
        return calendar
    with transaction.atomic():
        locked = HostCalendar.objects.select_for_update().filter(pk=calendar.pk).select_related("schedule").first()
        if locked is None:
            return calendar  # disconnected while it was read
        locked.last_tried_at = locked.last_read_at = now
        locked.error = ""
        if intervals is not None:
            locked.etag, locked.last_modified, locked.expanded_until = fetched.etag, fetched.last_modified, end
            locked.busy.all().delete()
            BusyInterval.objects.bulk_create(
                BusyInterval(calendar=locked, host_id=locked.schedule.user_id, start=s, end=e) for s, e in intervals
            )
            availability_changed()  # bulk_create sends no signals
        locked.save(update_fields=["last_tried_at", "last_read_at", "error", "etag", "last_modified", "expanded_until"])
    return locked


def calendars_refresh_due(*, now: datetime | None = None) -> int:
    """Read every calendar of this workspace not read in the last ten minutes; returns how many were read."""
    now = now or timezone.now()
    due = HostCalendar.objects.filter(
        Q(last_tried_at__isnull=True) | Q(last_tried_at__lte=now - REFRESH_EVERY + timedelta(seconds=30))
    ).select_related("schedule")
    count = 0
    for calendar in due:
        host_calendar_refresh(calendar=calendar, now=now)
        count += 1
    return count


# --- Selectors --------------------------------------------------------------------------------------------------


def host_calendars(user_ids, *, now: datetime | None = None) -> list[HostCalendar]:
    """The calendars of these hosts with `busy_count` (intervals still ahead), in one query."""
    now = now or timezone.now()
    return list(
        HostCalendar.objects.filter(schedule__user_id__in=list(user_ids))
        .select_related("schedule")
        .annotate(busy_count=Count("busy", filter=Q(busy__end__gt=now)))
        .order_by("schedule__user_id", "created_at", "pk")
    )
