"""A NUL byte or broken Unicode anywhere in a request gets a 400 with a clear message, never a 500, on every URL
pattern of both hosts and every API operation, signed in or not; ordinary non-ASCII text still goes through."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django_tenants.utils import schema_context

from interviews.models import Message
from studies.models import Participant
from tests.conftest import ACME_HOST
from tests.interviews.factories import LinkFactory, async_round_with_guide
from workspaces.clean_input import MESSAGE
from workspaces.management.commands.api_docs import openapi_schema
from workspaces.models import Role

PUBLIC_HOST = "localhost"
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
MARKER = "ECHO-MARKER"  # never in an error page: the input is not repeated back


def _routes(urlconf: str) -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return sorted(set(walk(get_resolver(urlconf).url_patterns)))


def _path(route: str, value: str) -> str:
    """A concrete path for `route` with every parameter set to `value` (format suffixes to json)."""
    path = _PARAM.sub(value, route)
    path = _GROUP.sub(lambda m: "json" if m["name"] == "format" else value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


def _bad_path(route: str, value: str) -> str:
    """`value` in each of the route's parameters, or at the end of a route that has none."""
    path = _path(route, value)
    return path if value in path else path + value


def _refused(response, *, api: bool) -> bool:
    if response.status_code != 400 or MARKER in response.content.decode("utf-8", "replace"):
        return False
    return response.json() == {"detail": MESSAGE} if api else MESSAGE in response.content.decode()


def _report(failures: list[str]) -> str:
    errors = [f for f in failures if f.endswith("-> 500")]  # the worst first
    listed = errors + [f for f in failures if f not in errors]
    return f"{len(failures)} requests not refused with 400, {len(errors)} of them 500:\n" + "\n".join(listed[:40])


TENANT_ROUTES = _routes("config.urls_tenant")
PUBLIC_ROUTES = _routes("config.urls_public")


def test_the_walk_covers_the_urlconfs():
    assert len(TENANT_ROUTES) > 300 and len(PUBLIC_ROUTES) > 40
    assert "i/<str:token>/" in TENANT_ROUTES and "accounts/login/" in PUBLIC_ROUTES


@pytest.mark.parametrize(("host", "routes"), [(ACME_HOST, TENANT_ROUTES), (PUBLIC_HOST, PUBLIC_ROUTES)])
@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_every_url_pattern_refuses_nul_in_its_path_and_query(world, client_for, host, routes, who):
    client = client_for(world.owner if who == "owner" else None, host=host)
    client.raise_request_exception = False  # count a 500 as a failure and go on walking
    failures = []
    for route in routes:
        api = route.startswith("api/")
        for path, query in (
            (_bad_path(route, "%00"), ""),  # NUL in each path parameter (or at the end)
            (_path(route, "1"), f"q=%00{MARKER}&status=%00&resume=%00&attr=%00&value=%00"),
            (_bad_path(route, "%FF"), ""),  # not UTF-8
            (_path(route, "1"), f"q=%C3%28{MARKER}"),
        ):
            response = client.get(f"{path}?{query}" if query else path)
            if not _refused(response, api=api):
                failures.append(f"GET {path}?{query} -> {response.status_code}")
        post_path = _path(route, "1")
        response = client.post(post_path, {"text": f"an answer\x00{MARKER}", "q": "x"})
        if not _refused(response, api=api):
            failures.append(f"POST multipart {post_path} -> {response.status_code}")
        body = f"text=an+answer%00{MARKER}&name=%FF"
        response = client.post(post_path, body, content_type="application/x-www-form-urlencoded")
        if not _refused(response, api=api):
            failures.append(f"POST form {post_path} -> {response.status_code}")
    assert not failures, _report(failures)


def _operations() -> list[tuple[str, str]]:
    schema = openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )


OPERATIONS = _operations()


def test_every_api_operation_refuses_nul_in_path_query_and_json(api_for):
    assert len(OPERATIONS) > 90
    client = api_for(role=Role.OWNER)
    client.raise_request_exception = False
    bodies = [
        {"name": f"x\x00{MARKER}", "attributes": {"plan": "pro"}},  # a value
        {"email": "a@example.com", "attributes": {f"plan\x00{MARKER}": "pro"}},  # a key
        {"items": [[{"deep": ["fine", f"\x00{MARKER}"]}]]},  # anywhere inside
    ]
    failures = []
    for method, template in OPERATIONS:
        send = getattr(client, method.lower())
        nul_path = re.sub(r"\{\w+\}", "%00", template)
        attempts = [(nul_path if "%00" in nul_path else nul_path + "%00", None, "")]
        concrete = re.sub(r"\{\w+\}", "1", template)
        if method == "GET":
            attempts.append((concrete, None, f"q=%00{MARKER}&status=%00&attr=%00&value=%00"))
        else:
            attempts += [(concrete, body, "") for body in bodies]
        for path, body, query in attempts:
            url = f"{path}?{query}" if query else path
            response = send(url, body, format="json") if body is not None else send(url)
            if not _refused(response, api=True):
                failures.append(f"{method} {url} {body} -> {response.status_code}")
        # A lone surrogate cannot be written in UTF-8 (PostgreSQL refuses it): sent as a JSON escape.
        if method != "GET":
            response = send(concrete, '{"name": "\\ud800"}', content_type="application/json")
            if not _refused(response, api=True):
                failures.append(f"{method} {concrete} lone surrogate -> {response.status_code}")
    assert not failures, _report(failures)


# The issue's own list, end to end -------------------------------------------------------------------------------


@pytest.fixture
def link(world):
    with schema_context(world.acme.schema_name):
        return LinkFactory(round=async_round_with_guide(questions=2))


@pytest.mark.parametrize(
    "path",
    ["/i/%00/", "/book/%00/", "/booking/%00/", "/calendar/%00.ics", "/roadmap/shared/%00/", "/participants/?q=%00",
     "/insights/?q=%00", "/api/v1/participants/?q=%00", "/api/v1/participants/?attr=%00&value=x",
     "/api/v1/participants/?attr=plan&value=%00", "/api/v1/studies/?status=%00"],
)  # fmt: skip
@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_the_reported_nul_requests_are_refused(client_for, world, path, who):
    response = client_for(world.owner if who == "owner" else None).get(path)
    assert _refused(response, api=path.startswith("/api/"))


def test_a_resume_token_with_nul_is_refused(link):
    response = Client(HTTP_HOST=ACME_HOST).get(f"/i/{link.token}/", {"resume": "\x00"})
    assert _refused(response, api=False)


def test_an_answer_with_nul_is_refused_with_the_reason_and_nothing_is_saved(world, link):
    participant = Client(HTTP_HOST=ACME_HOST)
    participant.post(f"/i/{link.token}/", {"consent": "1"})
    chat = participant.get(f"/i/{link.token}/")
    token = re.search(r'name="client_token" value="([^"]+)"', chat.text).group(1)
    response = participant.post(f"/i/{link.token}/answer/", {"text": f"We\x00{MARKER}", "client_token": token})
    assert _refused(response, api=False) and "Back button" in response.text
    htmx = participant.post(
        f"/i/{link.token}/answer/", {"text": f"We\x00{MARKER}", "client_token": token}, HTTP_HX_REQUEST="true"
    )
    # htmx leaves the chat (and the draft in its box) as it is and shows the message.
    assert _refused(htmx, api=False) and htmx["HX-Reswap"] == "none"
    assert json.loads(htmx["HX-Trigger"]) == {"parley:refused": {"message": MESSAGE}}
    with schema_context(world.acme.schema_name):
        assert not Message.objects.filter(session__link=link, role="participant").exists()


def test_a_participant_attribute_key_with_nul_is_refused(api_for, world):
    response = api_for(role=Role.OWNER).post(
        "/api/v1/participants/", {"email": "nul@example.com", "attributes": {"pl\x00an": "pro"}}, format="json"
    )
    assert response.status_code == 400 and response.json() == {"detail": MESSAGE}
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.filter(email="nul@example.com").exists()


def test_ordinary_unicode_goes_through(api_for, world, link):
    text = "Seán O'Brien & Co: «ça marche» — 東京, 😀"
    response = api_for(role=Role.OWNER).post(
        "/api/v1/participants/", {"email": "sean@example.com", "name": text, "attributes": {"städt": text}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    participant = Client(HTTP_HOST=ACME_HOST)
    participant.post(f"/i/{link.token}/", {"consent": "1"})
    chat = participant.get(f"/i/{link.token}/", {"q": "東京"})
    assert chat.status_code == 200
    token = re.search(r'name="client_token" value="([^"]+)"', chat.text).group(1)
    assert participant.post(f"/i/{link.token}/answer/", {"text": text, "client_token": token}).status_code == 302
    with schema_context(world.acme.schema_name):
        assert Participant.objects.get(email="sean@example.com").attributes == {"städt": text}
        assert Message.objects.get(session__link=link, role="participant").text == text
