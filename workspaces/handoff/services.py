"""One sign-in across hosts. Each host keeps its own session cookie (`*.localhost` cannot share one, and custom
domains never could), so following a link from the public host carries a hand-off token: signed, bound to the
target host, valid for 60 seconds and usable once. The workspace host checks it, signs the person in and then
checks their membership as on every request."""

import secrets
from datetime import timedelta
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from workspaces.models import HandoffUse, User

MAX_AGE = timedelta(seconds=60)
SALT = "workspaces.handoff"


class HandoffRefused(Exception):
    """The token is forged, expired, for another host, already used or for a person who changed since."""


def _host(host: str) -> str:
    return host.split(":")[0].lower()


def handoff_link(slug: str, path: str) -> str:
    """A public-host link that opens `path` on a workspace's host, signed in there without asking again (`go`)."""
    return f"/go/{slug}/?next={quote(path, safe='')}"


def handoff_token(*, user: User, host: str) -> str:
    """A token that signs `user` in on `host` (a workspace's host name) once, within 60 seconds."""
    payload = {"u": user.pk, "h": _host(host), "n": secrets.token_urlsafe(16), "s": user.get_session_auth_hash()}
    return signing.dumps(payload, salt=SALT, compress=True)


@transaction.atomic
def handoff_redeem(*, token: str, host: str) -> User:
    """The person a token names, if it is genuine, younger than 60 s, for this host and never used before; the use
    is recorded in the same transaction, so two requests with one token cannot both succeed."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise HandoffRefused("This sign-in link has expired.") from None
    except signing.BadSignature:
        raise HandoffRefused("This sign-in link is not valid.") from None
    if not isinstance(payload, dict) or payload.get("h") != _host(host):
        raise HandoffRefused("This sign-in link is for another address.")
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    # A password change or a sign-out since the token was made changes the hash: the token dies with the session.
    if user is None or user.get_session_auth_hash() != payload.get("s"):
        raise HandoffRefused("This sign-in link is no longer valid.")
    try:
        with transaction.atomic():
            HandoffUse.objects.create(nonce=str(payload.get("n")))
    except IntegrityError:
        raise HandoffRefused("This sign-in link was already used.") from None
    # Old uses can go: their tokens fail on age before anyone looks them up.
    HandoffUse.objects.filter(used_at__lt=timezone.now() - 2 * MAX_AGE).delete()
    return user


def safe_next(path: str | None, host: str) -> str:
    """Where to go after arriving: a path on this host, never another site."""
    if path and path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts={host}):
        return path
    return "/"


@transaction.atomic
def sign_out_everywhere(*, user: User) -> None:
    """End every session of `user` on every host: each was signed against the old generation."""
    get_user_model().objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
