"""Hosts route to workspaces; membership of *this* workspace is checked on every page."""

import pytest

from tests.conftest import GLOBEX_HOST


def test_unknown_host_is_404(client_for):
    assert client_for(host="nobody.localhost").get("/").status_code == 404


def test_public_host_asks_anonymous_visitors_to_sign_in(client_for):
    response = client_for(host="localhost").get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_workspace_host_asks_anonymous_visitors_to_sign_in(client_for):
    response = client_for().get("/members/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/members/"


def test_sign_in_page_names_the_workspace(client_for):
    response = client_for().get("/accounts/login/")
    assert response.status_code == 200
    assert "Sign in to Acme Corp" in response.text


def test_member_sees_workspace_home_with_role(client_for, world):
    response = client_for(world.viewer).get("/")
    assert response.status_code == 200
    assert "Acme Corp" in response.text
    assert "you can read everything and change nothing" in response.text


@pytest.mark.parametrize("path", ["/", "/members/", "/settings/", "/admin/", "/admin/outbox/email/"])
def test_outsider_gets_404_on_every_page(client_for, world, path):
    # The outsider owns globex: a valid session, just not for this workspace.
    assert client_for(world.outsider).get(path).status_code == 404


def test_same_session_works_on_own_workspace(client_for, world):
    assert client_for(world.outsider, host=GLOBEX_HOST).get("/").status_code == 200


def test_public_host_lists_only_your_workspaces_with_role(client_for, world):
    response = client_for(world.pm, host="localhost").get("/")
    assert response.status_code == 200
    assert "Acme Corp" in response.text and "Globex" not in response.text
    assert "PM" in response.text


def test_workspace_switcher_lists_your_workspaces(client_for, world, django_assert_max_num_queries):
    client = client_for(world.owner)
    # The home page is the overview: each app's sections (tests/workspaces/test_overview.py holds its budget).
    with django_assert_max_num_queries(50):
        response = client.get("/")
    assert 'href="http://acme.localhost:8000/"' in response.text or "acme.localhost" in response.text
    assert "Globex" not in response.text


def test_the_switcher_opens_other_workspaces_through_the_hand_off(client_for, world):
    from workspaces.models import Membership

    Membership.objects.create(user=world.owner, workspace=world.globex, role="viewer")
    text = client_for(world.owner).get("/").text
    assert 'href="http://localhost:8000/go/globex/"' in text  # signed in there by the public host's hand-off
    assert 'href="http://acme.localhost:8000/" aria-current="true"' in text


def test_healthz_needs_no_sign_in(client_for):
    assert client_for().get("/healthz").content == b"ok"


def test_static_files_are_served_without_a_database_query(client_for, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client_for(host="acme.localhost").get("/static/js/htmx.min.js")
    assert response.status_code == 200
