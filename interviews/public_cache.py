"""What a participant's page is opened by (an interview link, a public booking page's rules) with the round and study
behind it, and the workspace's interviewer settings every turn reads, kept in the cache for every visitor until
something they show is saved.

Every participant page starts by reading its link or rules joined to their round and study: one query over three
wide tables, then four model objects, about half of a page's own time (bench/participant_pages.py). They change
rarely, and through saves: saving or deleting a link, round, study, screener, booking rules or the interviewer
settings replaces the workspace's generation token (workspaces/cache_generation.py), and an entry tagged with an
older token is read again. An entry lives TTL seconds at most, which bounds what a write bypassing signals leaves
stale (only a round's planned/live flag is written so, and no participant page shows it). Writes never trust an
entry: starting an interview or booking a call locks and reads the rows again.

The person behind a personal link is not kept (their language or consent may change at any time): pages read them
with the interview, or alone. Keys carry the workspace's schema (django-tenants' `make_key`, as every key here), so
one workspace's entry is never another's; without Redis every page reads the database, as before.
"""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import models

from workspaces.cache_generation import CacheGeneration

logger = logging.getLogger(__name__)
TTL = 60  # seconds
GENERATION = CacheGeneration("public-pages:generation", ttl=TTL, what="participant pages' links")


def keys(kind: str, token: str) -> list[str]:
    """The cache keys `cached` reads for the `kind` object opened by `token`, for a caller that reads them along with
    something else (a page's rate limits: workspaces.ratelimit.allow_all_and_get)."""
    return [GENERATION.key, f"public-pages:{kind}:{token}"]


READ = object()


def cached[T: models.Model](kind: str, token: str, load: Callable[[], T | None], found: dict | None = READ) -> T | None:
    """The `kind` object opened by `token` (a link's or a booking page's token), from the cache when it is current,
    else from `load` (kept when found; an unknown token is not). `found`: `keys(kind, token)` read by the caller
    (None: the cache did not answer it)."""
    generation_key, key = keys(kind, token)
    if found is READ:
        try:
            found = cache.get_many([generation_key, key])
        except Exception:  # Redis away: read it, as every page did before the cache
            logger.warning("the cache does not answer: a participant page reads its link", exc_info=True)
            found = None
    if found is None:
        return load()
    generation, entry = found.get(generation_key), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    value = load()
    if value is not None:
        GENERATION.store(key, generation, value)
    return value


def public_pages_changed() -> None:
    """Every cached link and booking page of this workspace is out of date: now, and again once this commits."""
    GENERATION.changed()


def connect(*changes: type[models.Model]) -> None:
    GENERATION.connect(*changes)
