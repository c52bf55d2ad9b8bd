"""One sign-in across hosts: the hand-off token from the public host signs a member in on the workspace host once,
within 60 seconds, on that host only; membership is checked on arrival; signing out anywhere signs out everywhere."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import Client
from django.utils import timezone

from tests.conftest import ACME_HOST, GLOBEX_HOST
from workspaces.handoff.services import handoff_token
from workspaces.models import HandoffUse, Membership

PUBLIC = "localhost"


def hand_off(client_for, user, slug="acme", next_path="/insights/"):
    """Follow a portfolio link on the public host: the redirect to the workspace host and its token."""
    response = client_for(user, host=PUBLIC).get(f"/go/{slug}/", {"next": next_path})
    assert response.status_code == 302, response.status_code
    target = urlsplit(response["Location"])
    return target, parse_qs(target.query)["token"][0]


def arrive(host, token, next_path="/insights/", client=None):
    client = client or Client(HTTP_HOST=host)
    return client, client.get("/accounts/arrive/", {"token": token, "next": next_path})


def test_a_portfolio_link_signs_the_member_in_on_the_workspace_host(client_for, world):
    target, token = hand_off(client_for, world.pm)
    assert target.netloc == "acme.localhost:8000" and target.path == "/accounts/arrive/"
    client, response = arrive(ACME_HOST, token)
    assert response.status_code == 302 and response["Location"] == "/insights/"
    page = client.get("/insights/")
    assert page.status_code == 200 and world.pm.email in page.text


def test_the_token_is_refused_when_used_again(client_for, world):
    _, token = hand_off(client_for, world.owner)
    arrive(ACME_HOST, token)
    stranger, response = arrive(ACME_HOST, token)
    assert response.status_code == 403 and "already used" in response.text
    assert stranger.get("/insights/").status_code == 302  # still signed out: sent to sign in
    assert HandoffUse.objects.count() >= 1


def test_the_token_is_refused_after_60_seconds(client_for, world):
    _, token = hand_off(client_for, world.owner)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        client, response = arrive(ACME_HOST, token)
        assert response.status_code == 403 and "expired" in response.text
        assert client.get("/").status_code == 302


def test_the_token_is_refused_on_another_host(client_for, world):
    # The globex owner joins acme too, so only the host binding can refuse acme's token on globex.
    Membership.objects.create(user=world.outsider, workspace=world.acme, role="viewer")
    _, token = hand_off(client_for, world.outsider, slug="acme")
    client, response = arrive(GLOBEX_HOST, token)
    assert response.status_code == 403 and "another address" in response.text
    assert client.get("/").status_code == 302
    # The same token still works where it was meant to go: refusing it elsewhere did not use it up.
    assert arrive(ACME_HOST, token)[1].status_code == 302


def test_a_forged_token_is_refused(world):
    token = handoff_token(user=world.owner, host=ACME_HOST)
    _, response = arrive(ACME_HOST, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert response.status_code == 403


def test_no_token_for_a_workspace_the_person_does_not_belong_to(client_for, world):
    assert client_for(world.outsider, host=PUBLIC).get("/go/acme/").status_code == 404
    assert client_for(world.staff, host=PUBLIC).get("/go/acme/").status_code == 404  # staff are not members
    assert client_for(world.owner, host=PUBLIC).get("/go/nowhere/").status_code == 404
    assert client_for(None, host=PUBLIC).get("/go/acme/").status_code == 302  # sign in first


def test_membership_is_checked_on_arrival(client_for, world):
    _, token = hand_off(client_for, world.viewer)
    Membership.objects.filter(user=world.viewer, workspace=world.acme).delete()
    client, response = arrive(ACME_HOST, token)
    assert response.status_code == 404
    assert client.get("/").status_code == 302  # not signed in either


def test_roles_still_apply_after_arriving(client_for, world):
    _, token = hand_off(client_for, world.viewer, next_path="/settings/")
    client, response = arrive(ACME_HOST, token, next_path="/settings/")
    assert response["Location"] == "/settings/"
    assert client.get("/settings/").status_code == 403  # a viewer may not manage the workspace


def test_next_never_leaves_the_workspace_host(client_for, world):
    _, token = hand_off(client_for, world.owner, next_path="https://evil.example/")
    _, response = arrive(ACME_HOST, token, next_path="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_signing_out_on_one_host_signs_out_everywhere(client_for, world):
    public = client_for(world.owner, host=PUBLIC)
    _, token = hand_off(client_for, world.owner)
    acme, _ = arrive(ACME_HOST, token)
    _, unused = hand_off(client_for, world.owner)
    assert acme.get("/").status_code == 200 and public.get("/").status_code == 200
    acme.post("/accounts/logout/")
    assert acme.get("/").status_code == 302
    assert public.get("/").status_code == 302  # the public host's session ended too
    # A hand-off made before signing out dies with the session it came from.
    _, response = arrive(ACME_HOST, unused)
    assert response.status_code == 403 and "no longer valid" in response.text
    # Signing in again works, and only the new sessions count.
    world.owner.refresh_from_db()
    again = Client(HTTP_HOST=PUBLIC)
    again.force_login(world.owner)
    assert again.get("/").status_code == 200
