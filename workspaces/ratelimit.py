"""Fixed-window counters in the cache, for rate limits (participant pages) and throttles (sign-in, password reset).

Keys carry the workspace's schema through django-tenants' make_key; `shared=True` counts in the public schema's
keys instead, for limits that must hold across every host (one account signs in on all of them). Redis is a cache,
never a gate: when it cannot be reached the limits fail open (logged and counted in `outages`), so a participant
is never refused, nor a page broken, because the cache is down.
"""

import logging
import threading
import time
from contextlib import nullcontext

from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context

logger = logging.getLogger(__name__)

# How many times a limit let a request through because the cache could not be reached (this process).
outages = 0
LOG_EVERY_SECONDS = 60.0
_lock = threading.Lock()
_last_logged = 0.0


def _key(bucket: str, window: int) -> str:
    return f"ratelimit:{bucket}:{int(time.time() // window)}"


def _scope(shared: bool):
    return schema_context("public") if shared else nullcontext()


def _cache_down(error: Exception, bucket: str) -> None:
    # Logged at most once a minute per process: an outage shows in the logs without a line per request.
    global outages, _last_logged
    with _lock:
        outages += 1
        now = time.monotonic()
        if _last_logged and now - _last_logged < LOG_EVERY_SECONDS:
            return
        _last_logged, count = now, outages
    logger.warning(
        "rate limits are not checked: the cache does not answer (%s: %s; limit %s); %s request(s) let through so far",
        type(error).__name__, error, bucket.split(":")[0], count,
    )  # fmt: skip


def hit(bucket: str, *, window: int = 60, shared: bool = False) -> int:
    """Count one hit in `bucket` for the current window and return the window's count (0 if the cache is down)."""
    key = _key(bucket, window)
    try:
        with _scope(shared):
            if cache.add(key, 1, timeout=window + 5):
                return 1
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window + 5)
                return 1
    except Exception as error:  # any cache failure: the limit fails open
        _cache_down(error, bucket)
        return 0


def hits(bucket: str, *, window: int = 60, shared: bool = False) -> int:
    """The current window's count in `bucket`, without counting (0 if the cache is down)."""
    try:
        with _scope(shared):
            return int(cache.get(_key(bucket, window)) or 0)
    except Exception as error:
        _cache_down(error, bucket)
        return 0


def allow(bucket: str, *, limit: int, window: int = 60, shared: bool = False) -> bool:
    """Count one hit in `bucket` for the current window; False once the window has seen `limit` hits."""
    return hit(bucket, window=window, shared=shared) <= limit


def client_address(request) -> str:
    # Behind a proxy REMOTE_ADDR is the proxy's; only then is the client's address the last one the proxy added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.PARLEY_TRUST_X_FORWARDED_FOR else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
