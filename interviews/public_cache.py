"""What a participant's page is opened by (an interview link, a public booking page's rules) with the round and study
behind it, and the workspace's interviewer settings every turn reads, kept in the cache for every visitor until
something they show is saved.

Every participant page starts by reading its link or rules joined to their round and study: one query over three
wide tables, then four model objects, about half of a page's own time (bench/participant_pages.py). They change
rarely, and through saves: saving or deleting a link, round, study, screener, booking rules or the interviewer
settings replaces the workspace's generation token, now and again after commit (a copy read meanwhile from what
others saw before the commit is then out of date too), and an entry tagged with an older token is read again. An
entry is tagged with the token read before the database was, so one that raced a change is never taken for
current; it lives TTL seconds at most, which bounds what a write bypassing signals leaves stale (only a round's
planned/live flag is written so, and no participant page shows it). Writes never trust an entry: starting an
interview or booking a call locks and reads the rows again.

The person behind a personal link is not kept (their language or consent may change at any time): pages read them
with the interview, or alone. Keys carry the workspace's schema (django-tenants' `make_key`, as every key here), so
one workspace's entry is never another's; without Redis every page reads the database, as before.
"""

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
GENERATION_KEY = "public-pages:generation"
TTL = 60  # seconds


def cached[T: models.Model](kind: str, token: str, load: Callable[[], T | None]) -> T | None:
    """The `kind` object opened by `token` (a link's or a booking page's token), from the cache when it is current,
    else from `load` (kept when found; an unknown token is not)."""
    key = f"public-pages:{kind}:{token}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # Redis away: read it, as every page did before the cache
        logger.warning("the cache does not answer: a participant page reads its link", exc_info=True)
        return load()
    generation, entry = found.get(GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    value = load()
    if value is not None:
        _store(key, generation, value)
    return value


def _store(key: str, generation: str | None, value) -> None:
    try:
        if generation is None:  # never set, or evicted: a new token, so no entry stored before can match it
            generation = secrets.token_hex(8)
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                return  # another process set one meanwhile: its token is the one to tag with, next time
        cache.set(key, (generation, value), timeout=TTL)
    except Exception:
        logger.warning("the cache does not answer: a participant page's link not kept", exc_info=True)


def public_pages_changed() -> None:
    """Every cached link and booking page of this workspace is out of date: now, and again once this commits."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the entries expire within TTL anyway
        logger.warning("the cache does not answer: participant pages' links expire within %ss", TTL, exc_info=True)


def _changed(sender, **kwargs) -> None:
    public_pages_changed()


def connect(*changes: type[models.Model]) -> None:
    for model in changes:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-pages-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-pages-delete-{model.__name__}")
