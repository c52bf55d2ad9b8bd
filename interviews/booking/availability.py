"""The free times a public booking page offers, computed once and shared by every visitor until something that
changes them is saved.

A round's free times do not depend on the visitor: the page's zone only groups them by day. They are cached per
round, tagged with the workspace's availability generation (workspaces/cache_generation.py): saving or deleting
anything the slot engine reads (rules, hosts, weekly hours, overrides, calendar busy times, any booking, since a host
is one person across rounds) replaces the token, and a list tagged with an older token is computed again. The cache
keeps a list for TTL seconds at most, which bounds what a write that bypasses signals could leave stale.

Only showing times uses this: booking and rescheduling check the chosen time against the database
(`slots.free_hosts_at`), so a time taken a moment ago is refused with "just taken", never double-booked. Without Redis
every page computes its times, as before.
"""

import logging
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed
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
from workspaces.cache_generation import CacheGeneration

logger = logging.getLogger(__name__)
TTL = 60  # seconds
GENERATION = CacheGeneration("booking:availability", ttl=TTL, what="booking times")
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
        generation = cache.get(GENERATION.key)
        slots = _kept(key, generation)
        if slots is None:
            cached = cache.get(key)
            if generation is not None and cached is not None and cached[0] == generation:
                slots = _keep(key, generation, cached[1])
        redis = True
    except Exception:  # Redis away: compute, as every page did before the cache
        logger.warning("the booking cache does not answer: times computed for this page", exc_info=True)
        generation, slots, redis = None, None, False
    if slots is None:
        # A day either side: the window any visitor's zone asks for is within it (the notice and horizon clamp it).
        slots = compute_slots(rules=rules, now=now, window_start=now - timedelta(days=1),
                              window_end=now + timedelta(days=rules.horizon_days + 1))  # fmt: skip
        if redis:
            GENERATION.store(key, generation, slots)
    earliest = now + timedelta(hours=rules.min_notice_hours)
    latest = now + timedelta(days=rules.horizon_days)
    return [slot for slot in slots if earliest <= slot.start < latest]


# The lists last read from the cache, kept in this process while their token is current: a page then reads only the
# token (a few bytes) from Redis, not the list. Slots are frozen, so every thread may share them.
_KEPT: OrderedDict[tuple[str, str], tuple[str, tuple[Slot, ...]]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT = 64


def _kept(key: str, generation: str | None) -> tuple[Slot, ...] | None:
    if generation is None:
        return None
    with _KEPT_LOCK:
        found = _KEPT.get((connection.schema_name, key))
    return found[1] if found is not None and found[0] == generation else None


def _keep(key: str, generation: str, slots) -> tuple[Slot, ...]:
    slots = tuple(slots)
    with _KEPT_LOCK:
        _KEPT[(connection.schema_name, key)] = (generation, slots)
        _KEPT.move_to_end((connection.schema_name, key))
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return slots


def availability_changed() -> None:
    """Every round's cached free times in this workspace are out of date (now, and again once this commits)."""
    GENERATION.changed()


def connect() -> None:
    GENERATION.connect(*CHANGES)
    m2m_changed.connect(GENERATION.changed, sender=BookingRules.hosts.through, dispatch_uid="availability-hosts")
