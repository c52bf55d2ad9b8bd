import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_sign_in_on_a_workspace_host_and_see_the_workspace_home(live_parley, page, world):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/")
    assert page.url == acme + "/accounts/login/?next=/"
    assert page.get_by_role("heading", name="Sign in to Acme Corp").is_visible()

    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(acme + "/")
    assert page.get_by_role("heading", name="Acme Corp").is_visible()
    assert page.get_by_role("navigation", name="Workspace").get_by_role("link", name="Members").is_visible()
    # Static files (CSS, htmx) come from Parley itself, not a CDN.
    assert page.evaluate("typeof window.htmx") == "object"


def test_wrong_password_says_so_and_stays_signed_out(live_parley, page, world):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/accounts/login/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Please enter a correct email address and password").is_visible()
    assert page.goto(acme + "/members/").url.startswith(acme + "/accounts/login/")


def test_a_member_of_another_workspace_gets_not_found(live_parley, page, world):
    globex = live_parley.format(host="globex.localhost")
    page.goto(globex + "/accounts/login/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    response = page.goto(globex + "/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Not found").is_visible()
