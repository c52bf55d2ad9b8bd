"""Content-Security-Policy: every kind of answer carries Django's policy, the templates hold nothing it would refuse
(inline scripts, on*= handlers, style="" attributes), and error pages never repeat the request back.

The browser tests (tests/browser) run with the policy enforced and fail on any violation Chromium reports.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import include
from django.urls import path as route
from django.views import defaults
from django_tenants.utils import schema_context

from tests.conftest import ACME_HOST
from tests.interviews.factories import LinkFactory, async_round_with_guide
from workspaces.models import Role

ROOT = Path(settings.BASE_DIR)
PUBLIC_HOST = "localhost"
MARKER = "csp-echo-marker"

_SCRIPT_TAG = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
# An attribute such as onclick=, onfocus=, onsubmit= inside a tag (not text like "hold on=" in prose).
_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(?P<name>on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
_HX_ON = re.compile(r"\shx-on[:-]", re.IGNORECASE)


def _templates() -> list[Path]:
    """Every template Parley ships: the project's folder and any app's own templates/ folder."""
    folders = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]
    files = {path for folder in folders if ".venv" not in folder.parts for path in folder.rglob("*.html")}
    assert len(files) > 50, "the scan found too few templates to be looking in the right place"
    return sorted(files)


def _is_email(path: Path) -> bool:
    # Emails are read in mail clients, not served under the policy; their inline styles are how email is styled.
    return "emails" in path.relative_to(ROOT).parts


def test_no_template_has_an_inline_script_handler_or_style_attribute():
    problems = []
    for path in _templates():
        text = path.read_text()
        name = path.relative_to(ROOT)
        for match in _SCRIPT_TAG.finditer(text):
            attrs = match["attrs"]
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                problems.append(f"{name}: inline <script>")
        problems += [f"{name}: {m['name']}= handler" for m in _HANDLER.finditer(text)]
        problems += [f"{name}: hx-on handler" for m in _HX_ON.finditer(text)]
        if not _is_email(path):
            problems += [f"{name}: style= attribute" for m in _STYLE_ATTR.finditer(text)]
    assert not problems, "\n".join(problems)


def test_the_scan_would_catch_each_kind():
    # The patterns above must match what they are meant to refuse (a scan that cannot fail proves nothing).
    assert _SCRIPT_TAG.search("<script>alert(1)</script>")["attrs"] == ""
    assert _HANDLER.search('<form class="x"\n  onsubmit="return confirm(1)">')["name"] == "onsubmit"
    assert _STYLE_ATTR.search('<div class="card" style="margin-top:1rem">')
    assert _HX_ON.search('<button hx-on:click="alert(1)">')
    assert not _HANDLER.search("<p>Carry on = keep going</p>")


def test_the_policy_refuses_inline_code_and_keeps_htmx_from_eval():
    csp = settings.SECURE_CSP
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp)
    for base in ("base.html", "interviews/participant_base.html"):
        text = (ROOT / "templates" / base).read_text()
        assert '"allowEval": false' in text and '"includeIndicatorStyles": false' in text, base


def _policy(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


def _assert_policy(response, what):
    policy = _policy(response)
    assert "script-src 'self'" in policy and "default-src 'self'" in policy, f"{what}: {policy!r}"
    assert "unsafe-inline" not in policy, what


@pytest.fixture
def link(world):
    with schema_context(world.acme.schema_name):
        return LinkFactory(round=async_round_with_guide(questions=1))


def test_every_kind_of_page_carries_the_policy(client_for, api_for, world, link):
    owner = client_for(world.owner)
    anonymous = Client(HTTP_HOST=ACME_HOST)
    answers = {
        "staff page": owner.get("/studies/"),
        "staff htmx partial": owner.get("/participants/", headers={"HX-Request": "true"}),
        "participant page": anonymous.get(f"/i/{link.token}/"),
        "sign-in page (public host)": Client(HTTP_HOST=PUBLIC_HOST).get("/accounts/login/"),
        "sign-in page (workspace host)": anonymous.get("/accounts/login/"),
        "API": api_for(role=Role.OWNER).get("/api/v1/studies/"),
        "API docs": anonymous.get("/api/docs/"),
        "API docs script": anonymous.get("/api/docs/?script="),
        "404 page": owner.get(f"/no-such-page/{MARKER}/"),
        "400 page (NUL refused)": anonymous.get("/i/%00/"),
        "403 page": client_for(world.viewer).get("/studies/new/"),
        "static file": anonymous.get("/static/js/parley.js"),
    }
    expected = {"API docs script": 200, "404 page": 404, "400 page (NUL refused)": 400, "403 page": 403}
    for what, response in answers.items():
        assert response.status_code == expected.get(what, 200), (what, response.status_code)
        _assert_policy(response, what)


def test_the_api_docs_page_loads_its_script_from_a_url_not_inline(client_for):
    page = client_for().get("/api/docs/").text
    assert "<style" not in page
    assert all(m["attrs"].strip() for m in _SCRIPT_TAG.finditer(page)), "an inline <script> on the API docs page"
    assert "?script=" in page


@pytest.mark.parametrize(
    "path",
    [f"/no-such-page/{MARKER}/", f"/studies/999999/?q={MARKER}", f"/i/{MARKER}/", f"/book/{MARKER}/",
     f"/no-such-page/%00{MARKER}/", f"/participants/?q=%00{MARKER}", f"/api/v1/studies/999999/?{MARKER}=1"],
)  # fmt: skip
def test_error_pages_never_repeat_the_request(client_for, world, path):
    response = client_for(world.owner).get(path)
    assert response.status_code in (400, 404), response.status_code
    assert MARKER not in response.content.decode(), path


def test_the_server_error_page_carries_no_request_data():
    request = RequestFactory().get(f"/{MARKER}/", {"q": MARKER}, HTTP_HOST=ACME_HOST)
    response = defaults.server_error(request)
    assert response.status_code == 500
    assert MARKER not in response.content.decode()


def _boom(request):
    raise RuntimeError(MARKER)


# This module doubles as a URLconf: the workspace's own URLs plus one view that fails.
urlpatterns = [route("boom/", _boom), route("", include("config.urls_tenant"))]


def test_a_server_error_carries_the_policy_too(client_for, world, settings):
    # An exception inside a view becomes Django's 500 answer on its way out through the middleware, policy included.
    settings.ROOT_URLCONF = __name__
    client = client_for(world.owner)
    client.raise_request_exception = False
    response = client.get(f"/boom/?q={MARKER}")
    assert response.status_code == 500
    assert MARKER not in response.content.decode()
    _assert_policy(response, "500 page")
