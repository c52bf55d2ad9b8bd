"""Sign-in and password-reset throttles: per account and per client address, counted across every host.

The account is the address typed in, whether or not anyone has it, so a locked sign-in and a capped reset look
the same for an account that exists and one that does not. Counters live in the cache (`workspaces.ratelimit`):
when it is down they fail open, as every limit does.
"""

import hashlib

from django.conf import settings

from workspaces import ratelimit

SIGNIN_WINDOW = 15 * 60
RESET_WINDOW = 60 * 60
SIGNIN_LOCKED = "Too many failed sign-ins. Wait 15 minutes, then try again."


def _account(email: str | None) -> str:
    # A hash, so that the cache never holds the addresses people typed.
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _buckets(kind: str, request, email: str | None) -> tuple[str, str]:
    return f"{kind}-account:{_account(email)}", f"{kind}-address:{ratelimit.client_address(request)}"


def signin_locked(request, email: str | None) -> bool:
    """Whether sign-in with `email` from this client is paused: too many failures for the account or the address."""
    account, address = _buckets("signin", request, email)
    return (
        ratelimit.hits(account, window=SIGNIN_WINDOW, shared=True) >= settings.PARLEY_SIGNIN_LIMIT_PER_ACCOUNT
        or ratelimit.hits(address, window=SIGNIN_WINDOW, shared=True) >= settings.PARLEY_SIGNIN_LIMIT_PER_ADDRESS
    )


def signin_failed(request, email: str | None) -> None:
    for bucket in _buckets("signin", request, email):
        ratelimit.hit(bucket, window=SIGNIN_WINDOW, shared=True)


def reset_allowed(request, email: str | None) -> bool:
    """Count a password-reset request; False once the account or the address asked too often this hour."""
    account, address = _buckets("reset", request, email)
    account_ok = ratelimit.allow(
        account, limit=settings.PARLEY_PASSWORD_RESET_LIMIT_PER_ACCOUNT, window=RESET_WINDOW, shared=True
    )
    address_ok = ratelimit.allow(
        address, limit=settings.PARLEY_PASSWORD_RESET_LIMIT_PER_ADDRESS, window=RESET_WINDOW, shared=True
    )
    return account_ok and address_ok
