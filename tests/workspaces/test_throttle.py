"""Sign-in and password reset are throttled per account and per client address, across hosts, with answers that
never tell whether an account exists; with the cache down they fail open."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from outbox.models import Email
from tests.conftest import ACME_HOST, GLOBEX_HOST, PASSWORD
from tests.processes import free_port
from workspaces import ratelimit
from workspaces.models import User

# Inside one 15-minute and one hour-long window, so that a test's attempts always share their counters.
FROZEN = datetime(2030, 6, 3, 10, 1, tzinfo=UTC)
LOCKED = "Too many failed sign-ins. Wait 15 minutes, then try again."


@pytest.fixture
def limits(settings):
    settings.PARLEY_SIGNIN_LIMIT_PER_ACCOUNT = 10
    settings.PARLEY_SIGNIN_LIMIT_PER_ADDRESS = 50
    settings.PARLEY_PASSWORD_RESET_LIMIT_PER_ACCOUNT = 3
    settings.PARLEY_PASSWORD_RESET_LIMIT_PER_ADDRESS = 20
    # Hundreds of password checks: a fast hash for the accounts made here (the personas' keep theirs).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with time_machine.travel(FROZEN, tick=False):
        yield settings


def sign_in(email, password, *, address, host=ACME_HOST):
    return Client(HTTP_HOST=host).post("/accounts/login/", {"username": email, "password": password},
                                       REMOTE_ADDR=address)  # fmt: skip


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def page_text(response) -> str:
    """The sign-in page as a person reads it: without the CSRF tokens and the address typed back."""
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "", response.content.decode())
    return re.sub(r'id="id_username"[^>]*>', "", html)


def test_forty_wrong_passwords_pause_the_account_and_the_right_one_is_refused(limits, world):
    user = User.objects.create_user(email="lock@example.com", password=PASSWORD)
    answers = [sign_in(user.email, f"wrong-{i}", address=f"10.1.0.{i}") for i in range(40)]
    assert all(a.status_code == 200 for a in answers)
    assert LOCKED not in answers[9].content.decode() and LOCKED in answers[10].content.decode()

    # The right password, from yet another address and on another host: still paused, nobody signed in.
    right = sign_in(user.email, PASSWORD, address="10.1.1.1", host=GLOBEX_HOST)
    assert not signed_in(right) and LOCKED in right.content.decode()
    # The admin's sign-in checks passwords through the same throttle.
    staff = Client(HTTP_HOST="localhost").post("/admin/login/", {"username": user.email, "password": PASSWORD},
                                               REMOTE_ADDR="10.1.1.2")  # fmt: skip
    assert "_auth_user_id" not in staff.wsgi_request.session
    # Other accounts from the same addresses sign in as usual.
    assert signed_in(sign_in(world.owner.email, PASSWORD, address="10.1.0.1"))
    # After the window, the account signs in again.
    with time_machine.travel(FROZEN.replace(minute=16), tick=False):
        assert signed_in(sign_in(user.email, PASSWORD, address="10.1.1.1"))


def test_a_paused_sign_in_reads_the_same_whether_or_not_the_account_exists(limits, world):
    User.objects.create_user(email="real@example.com", password=PASSWORD)
    for i in range(11):
        real = sign_in("real@example.com", "wrong", address=f"10.2.0.{i}")
        ghost = sign_in("ghost@example.com", "wrong", address=f"10.2.1.{i}")
        assert page_text(real) == page_text(ghost)
    assert LOCKED in page_text(real)


def test_one_address_trying_many_accounts_is_paused(limits, world):
    for i in range(50):
        assert not signed_in(sign_in(f"spray{i}@example.com", "wrong", address="10.3.0.1"))
    refused = sign_in(world.owner.email, PASSWORD, address="10.3.0.1")
    assert not signed_in(refused) and LOCKED in refused.content.decode()
    assert signed_in(sign_in(world.owner.email, PASSWORD, address="10.3.0.2"))


def reset(email, *, address, host=ACME_HOST):
    return Client(HTTP_HOST=host).post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=address)


def resets_to(email, in_schema, world) -> int:
    """Reset emails to `email` from acme's host and from the public host."""
    counts = []
    for schema in (world.acme.schema_name, "public"):
        with in_schema(schema):
            counts.append(Email.objects.filter(template="password-reset", to=email).count())
    return sum(counts)


def test_forty_one_reset_requests_send_at_most_three_emails(limits, world, in_schema):
    User.objects.create_user(email="forgetful@example.com", password=PASSWORD)
    answers = [
        reset("forgetful@example.com", address=f"10.4.0.{i}", host=(ACME_HOST if i % 2 else "localhost"))
        for i in range(41)
    ]
    # Every request gets the same "check your email" answer; only the first three send one.
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/accounts/password-reset/sent/")}
    assert resets_to("forgetful@example.com", in_schema, world) == 3


def test_one_address_asking_resets_for_many_accounts_is_capped(limits, world, in_schema):
    emails = [f"many{i}@example.com" for i in range(25)]
    for email in emails:
        User.objects.create_user(email=email, password=PASSWORD)
        assert reset(email, address="10.5.0.1").status_code == 302
    sent = sum(resets_to(email, in_schema, world) for email in emails)
    assert sent == 20


def test_with_the_cache_down_sign_in_and_reset_still_work(limits, settings, world, in_schema):
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: every cache call fails
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": dead}}
    before = ratelimit.outages
    for _ in range(12):
        sign_in(world.researcher.email, "wrong", address="10.6.0.1")
    assert signed_in(sign_in(world.researcher.email, PASSWORD, address="10.6.0.1"))
    assert reset(world.researcher.email, address="10.6.0.1").status_code == 302
    assert resets_to(world.researcher.email, in_schema, world) == 1
    assert ratelimit.outages > before
