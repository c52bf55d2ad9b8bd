"""Fixed-window rate limits in the cache (keys carry the workspace's schema through django-tenants' make_key).

The cache is Redis, and participant pages must work while Redis is down: a limit that cannot be counted lets the
request through (fails open). Each such request is counted in `FAILED_OPEN` and logged, at most once a minute per
process, so an outage shows in the logs without flooding them.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60.0
FAILED_OPEN = 0  # requests let through unchecked since the process started, because the cache did not answer
_lock = threading.Lock()
_last_logged = 0.0


def allow(bucket: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit in `bucket` for the current window; False once the window has seen `limit` hits. True, without
    counting, when the cache cannot be reached."""
    key = f"ratelimit:{bucket}:{int(time.time() // window)}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            return True
        try:
            return cache.incr(key) <= limit
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            return True
    except Exception as error:  # redis.ConnectionError, a timeout, a server refusing writes...
        _failed_open(error)
        return True


def _failed_open(error: Exception) -> None:
    global FAILED_OPEN, _last_logged
    with _lock:
        FAILED_OPEN += 1
        now = time.monotonic()
        if now - _last_logged < LOG_EVERY_SECONDS and _last_logged:
            return
        _last_logged, count = now, FAILED_OPEN
    logger.warning(
        "rate limits are not checked: the cache does not answer (%s: %s); %s request(s) let through so far",
        type(error).__name__, error, count,
    )  # fmt: skip


def client_address(request) -> str:
    # Behind a proxy REMOTE_ADDR is the proxy's; only then is the client's address the last one the proxy added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.PARLEY_TRUST_X_FORWARDED_FOR else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
