"""A workspace's generation of some cached reads: a random token in the cache, under the workspace's own key like
every key, that the cached entries are tagged with.

Replacing the token when something they were read from is saved makes every entry tagged with an older one stale at
once, in every process: now (the transaction's own later reads see its writes) and again after commit (an entry read
meanwhile from what others saw before the commit is then stale too). A reader tags what it reads with the token it
read *before* reading the database, so an entry that raced a change is never taken for current. Entries still expire
after `ttl` seconds, which bounds what a write that bypasses signals (`update()`, `bulk_create`) leaves stale; such
writes call `changed()` themselves. When the cache does not answer, nothing is kept and readers read the database.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


class CacheGeneration:
    def __init__(self, key: str, *, ttl: int, what: str):
        self.key, self.ttl, self.what = key, ttl, what  # `what`: the entries, as the log names them

    def store(self, key: str, generation: str | None, value) -> None:
        """Keep `value` under `key` for `ttl` seconds, tagged with `generation`, the token read before the database
        was (None when there was none yet: a new one, so no entry stored before can match it)."""
        try:
            if generation is None:
                generation = secrets.token_hex(8)
                if not cache.add(self.key, generation, timeout=None):
                    return  # another process set one meanwhile: its token is the one to tag with, next time
            cache.set(key, (generation, value), timeout=self.ttl)
        except Exception:
            logger.warning("the cache does not answer: %s not kept", self.what, exc_info=True)

    def changed(self, *args, **kwargs) -> None:
        """Every entry of this workspace is out of date, now and again once this transaction commits. Also the
        receiver of `connect`'s signals."""
        self.replace()
        transaction.on_commit(self.replace)

    def replace(self) -> None:
        try:
            cache.set(self.key, secrets.token_hex(8), timeout=None)
        except Exception:  # the entries expire within ttl anyway
            logger.warning("the cache does not answer: %s expire within %ss", self.what, self.ttl, exc_info=True)

    def connect(self, *changes: type[models.Model]) -> None:
        """Replace the token whenever a row of `changes` is saved or deleted."""
        for model in changes:
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{self.key}-save-{model.__name__}")
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{self.key}-delete-{model.__name__}")
