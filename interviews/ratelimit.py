"""Fixed-window rate limits in the cache (keys carry the workspace's schema through django-tenants' make_key)."""

import time

from django.conf import settings
from django.core.cache import cache


def allow(bucket: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit in `bucket` for the current window; False once the window has seen `limit` hits."""
    key = f"ratelimit:{bucket}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True


def client_address(request) -> str:
    # Behind a proxy REMOTE_ADDR is the proxy's; only then is the client's address the last one the proxy added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.PARLEY_TRUST_X_FORWARDED_FOR else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
