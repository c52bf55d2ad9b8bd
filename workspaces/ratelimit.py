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


def _cache_down(error: Exception, bucket: str, limits: int = 1) -> None:
    # Logged at most once a minute per process: an outage shows in the logs without a line per request.
    global outages, _last_logged
    with _lock:
        outages += limits
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
    return _count([bucket], window=window, shared=shared)[0]


def _count(buckets: list[str], *, window: int, shared: bool) -> list[int]:
    """One hit in each bucket, in one round trip to Redis (counts 0 when the cache is down)."""
    try:
        with _scope(shared):
            return _counted(buckets, [], window=window)[0]
    except Exception as error:  # any cache failure: the limit fails open
        _cache_down(error, buckets[0], len(buckets))
        return [0] * len(buckets)


def _counted(buckets: list[str], keys: list[str], *, window: int) -> tuple[list[int], dict]:
    """Count one hit in each bucket (each key is created with its expiry when missing, then incremented) and read
    the cache entries `keys`, in one pipeline: their counts, and the entries found."""
    counters = [cache.make_and_validate_key(_key(bucket, window)) for bucket in buckets]
    client = cache._cache.get_client(counters[0], write=True)  # Django's Redis backend, one server
    pipe = client.pipeline(transaction=False)
    for key in counters:
        pipe.set(key, 0, ex=window + 5, nx=True)
        pipe.incr(key)
    if keys:
        pipe.mget([cache.make_and_validate_key(key) for key in keys])
    replies = pipe.execute()
    counts = [int(count) for count in replies[1 : 2 * len(counters) : 2]]
    if not keys:
        return counts, {}
    loads = cache._cache._serializer.loads  # as Django's get_many reads them
    return counts, {key: loads(value) for key, value in zip(keys, replies[-1], strict=True) if value is not None}


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


def allow_all(limits: dict[str, int], *, window: int = 60) -> bool:
    """Count one hit in each bucket (bucket -> limit) in one round trip; False when any is past its limit."""
    counts = _count(list(limits), window=window, shared=False)
    return all(count <= limit for count, limit in zip(counts, limits.values(), strict=True))


def allow_all_and_get(limits: dict[str, int], keys: list[str], *, window: int = 60) -> tuple[bool, dict | None]:
    """`allow_all`, and the cache entries `keys` (as `cache.get_many`) read in the same round trip: a participant
    page counts its visitor and reads what it shows at once. The entries are None when the cache is down (the
    limits then fail open)."""
    try:
        counts, found = _counted(list(limits), keys, window=window)
    except Exception as error:
        _cache_down(error, next(iter(limits)), len(limits))
        return True, None
    return all(count <= limit for count, limit in zip(counts, limits.values(), strict=True)), found


def client_address(request) -> str:
    # Behind a proxy REMOTE_ADDR is the proxy's; only then is the client's address the last one the proxy added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.PARLEY_TRUST_X_FORWARDED_FOR else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
