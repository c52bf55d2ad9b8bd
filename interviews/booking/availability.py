"""The free times a public booking page offers, computed once and shared by every visitor until something that
changes them is saved.

A round's free times do not depend on the visitor: the page's zone only groups them by day. They are cached per
round, tagged with the workspace's availability generation (a random token in the cache, under the workspace's own
key like every key): saving or deleting anything the slot engine reads (rules, hosts, weekly hours, overrides,
calendar busy times, any booking, since a host is one person across rounds) replaces the token after commit, and a
list tagged with an older token is computed again. A computation tags its list with the token it read before reading
the database, so one that raced a change is never taken for current. The cache keeps a list for TTL seconds at
most, which bounds what a write that bypasses signals could leave stale.

Only showing times uses this: booking and rescheduling check the chosen time against the database
(`slots.free_hosts_at`), so a time taken a moment ago is refused with "just taken", never double-booked. Without Redis
every page computes its times, as before.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from interviews.booking.slots import Slot, compute_slots
from interviews.models import (
    Booking,
    BookingRules,
    BusyInterval,
    DateOverride,
    HostSchedule,
    WeeklyHours,
)
from studies.models import RoundStatus

logger = logging.getLogger(__name__)
GENERATION_KEY = "booking:availability"
TTL = 60  # seconds
CHANGES = (Booking, BookingRules, BusyInterval, DateOverride, HostSchedule, WeeklyHours)


def _slots_key(rules: BookingRules) -> str:
    return f"booking:slots:{rules.pk}"


def offered_slots(rules: BookingRules, *, now: datetime | None = None) -> list[Slot]:
    """The round's free slots from now (plus its notice) to its horizon, every host's, as `compute_slots` gives
    them; a closed round offers none."""
    if rules.round.status == RoundStatus.CLOSED:
        return []
    now = now or timezone.now()
    key = _slots_key(rules)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # Redis away: compute, as every page did before the cache
        logger.warning("the booking cache does not answer: times computed for this page", exc_info=True)
        found = None
    generation = found.get(GENERATION_KEY) if found is not None else None
    cached = found.get(key) if found is not None else None
    if generation is not None and cached is not None and cached[0] == generation:
        slots = cached[1]
    else:
        # A day either side: the window any visitor's zone asks for is within it (the notice and horizon clamp it).
        slots = compute_slots(rules=rules, now=now, window_start=now - timedelta(days=1),
                              window_end=now + timedelta(days=rules.horizon_days + 1))  # fmt: skip
        if found is not None:
            _store(key, generation, slots)
    earliest = now + timedelta(hours=rules.min_notice_hours)
    latest = now + timedelta(days=rules.horizon_days)
    return [slot for slot in slots if earliest <= slot.start < latest]


def _store(key: str, generation: str | None, slots: list[Slot]) -> None:
    try:
        if generation is None:  # never set, or evicted: a new token, so no list stored before can match it
            generation = secrets.token_hex(8)
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                return  # another process set one meanwhile: its token is the one to tag with, next time
        cache.set(key, (generation, slots), timeout=TTL)
    except Exception:
        logger.warning("the booking cache does not answer: times not kept", exc_info=True)


def availability_changed() -> None:
    """Every round's cached free times in this workspace are out of date: now (this transaction's own later reads
    see its writes) and again once it commits (a list computed meanwhile from what others saw before the commit
    is then out of date too)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the lists expire within TTL anyway
        logger.warning("the booking cache does not answer: cached times expire within %ss", TTL, exc_info=True)


def _changed(sender, **kwargs) -> None:
    availability_changed()


def connect() -> None:
    for model in CHANGES:
        post_save.connect(_changed, sender=model, dispatch_uid=f"availability-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"availability-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=BookingRules.hosts.through, dispatch_uid="availability-hosts")
