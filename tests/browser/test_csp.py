"""The Content-Security-Policy as Chromium enforces it: the pages work under it, and what it refuses is reported
(every browser test fails on a reported violation: tests/browser/conftest.py)."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_inline_code_is_refused_and_the_refusal_is_caught(live_parley, browser, page):
    page.goto(live_parley.format(host="acme.localhost") + "/accounts/login/")
    # Injected markup with an inline handler and an inline style, as an attacker's stored text would be.
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.innerHTML = '<img src="data:," onerror="window.pwned = 1"><p style="color: red">x</p>';
            document.body.append(box);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.pwned") is None
    seen = list(browser.violations)
    browser.violations.clear()  # expected here; any other test fails on them
    assert any("inline event handler" in v or "script-src" in v for v in seen), seen
    assert any("style-src" in v for v in seen), seen


def test_the_api_docs_render_under_the_policy(live_parley, page, world):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/accounts/login/?next=/api/docs/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(acme + "/api/docs/")
    # Swagger UI started from its script URL and rendered the operations.
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 50


def test_colours_from_data_are_painted_without_inline_styles(live_parley, page, world):
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/accounts/login/?next=/codebook/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(acme + "/codebook/")
    page.evaluate(
        """() => {
            const swatch = document.createElement("span");
            swatch.id = "probe"; swatch.dataset.colour = "#123456";
            document.body.append(swatch);
            document.body.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true}));
        }"""
    )
    assert page.evaluate("() => getComputedStyle(document.getElementById('probe')).backgroundColor") == (
        "rgb(18, 52, 86)"
    )
