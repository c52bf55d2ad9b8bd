"""A video room per call: a Jitsi Meet room with a random, unguessable name on the round's server (meet.jit.si by
default, or a self-hosted one), or an address made from the round's template with `{booking}` (the booking's
number) and `{token}` (a random token, unguessable) filled in. The room becomes the booking's location, so the
confirmation, the calendar invite (LOCATION and URL), the manage page and the host's brief all show it."""

import secrets
import string
from urllib.parse import quote, urlsplit

from interviews.models import Booking, BookingRules, RoomKind

DEFAULT_JITSI = "https://meet.jit.si"
PLACEHOLDERS = ("{booking}", "{token}")


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def room_problem(kind: str, server: str) -> str:
    """Why the round's room settings cannot make rooms, or "" when they can."""
    server = (server or "").strip()
    if kind == RoomKind.JITSI:
        if server and (not _is_web_address(server) or "{" in server):
            return "Give the Jitsi server as an address such as https://meet.example.org (or leave it empty)."
    elif kind == RoomKind.TEMPLATE:
        if not any(p in server for p in PLACEHOLDERS):
            return "The template needs {booking} or {token}, e.g. https://video.example.org/parley-{token}."
        try:
            sample = server.format(booking=1, token="x")
        except (KeyError, IndexError, ValueError):
            return "Only {booking} and {token} may appear in braces."
        if not _is_web_address(sample):
            return "The template must make an http:// or https:// address."
    elif server:
        return "A room server or template is used only with a room per call."
    return ""


def room_name() -> str:
    """26 lowercase letters and digits: 134 bits, and Jitsi treats room names case-insensitively."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(26))


def room_url(rules: BookingRules, booking: Booking) -> str:
    """The new room for a just-inserted booking (it has its number), or "" when the round makes none."""
    if rules.room == RoomKind.JITSI:
        server = (rules.room_server or DEFAULT_JITSI).strip().rstrip("/")
        return f"{server}/{room_name()}"
    if rules.room == RoomKind.TEMPLATE:
        return rules.room_server.strip().format(booking=booking.pk, token=quote(secrets.token_urlsafe(24)))
    return ""
