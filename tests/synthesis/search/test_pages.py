"""The search page and the palette: every member reads, outsiders get 404, participants only for people roles,
bad filters are field errors, the header box is on every staff page, a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.conftest import GLOBEX_HOST
from tests.synthesis.insight_data import interview
from tests.synthesis.search.world import build

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def repo(world):
    with schema_context(world.acme.schema_name):
        return build(world.researcher)


def test_every_member_finds_the_calendar_quotes_linked_to_their_utterance(client_for, world, repo):
    for user in (world.owner, world.researcher, world.pm, world.viewer):
        page = client_for(user).get("/search/", {"q": "calendars"}).content.decode()
        assert f'href="/transcripts/{repo.async_one.pk}/#u-{repo.utterance["calendars"].pk}"' in page
        assert f'href="/transcripts/{repo.call.pk}/#u-{repo.utterance["calendar"].pk}"' in page
        assert "<mark>calendars</mark>" in page and "Said in interviews" in page
        assert ("Ines Moreau" in page) is (user in (world.owner, world.researcher))


def test_the_header_box_is_on_staff_pages_and_works_without_javascript(client_for, world, repo):
    home = client_for(world.viewer).get("/studies/").content.decode()
    assert 'action="/search/"' in home and 'id="header-q"' in home and "js/palette.js" in home
    assert "<script>" not in home.split("<body")[1]  # no inline scripts (a CSP is coming)


def test_htmx_swaps_only_the_results(client_for, world, repo):
    part = client_for(world.pm).get("/search/", {"q": "calendar", "method": "sync"}, **HTMX).content.decode()
    assert part.lstrip().startswith('<section id="results"') and "<html" not in part
    assert f"#u-{repo.utterance['calendar'].pk}" in part and f"#u-{repo.utterance['calendars'].pk}" not in part


def test_bad_filters_are_field_errors_not_500s(client_for, world, repo):
    client = client_for(world.researcher)
    for params in (
        {"pain": "9"},
        {"study": "999999"},
        {"since": "2025-02-30"},
        {"attribute": "segment"},
        {"since": "2025-03-02", "until": "2025-03-01"},
        {"round": "x"},
    ):
        response = client.get("/search/", {"q": "calendar", **params})
        assert response.status_code == 200, params
        assert 'class="error"' in response.content.decode(), params


def test_outsiders_get_404(client_for, world, repo):
    assert client_for(world.outsider).get("/search/", {"q": "calendar"}).status_code == 404
    assert client_for(world.outsider).get("/search/palette/", {"q": "sched"}).status_code == 404
    assert client_for(world.owner, host=GLOBEX_HOST).get("/search/", {"q": "calendar"}).status_code == 404


def test_the_palette_jumps_to_pages_studies_rounds_and_people(client_for, world, repo):
    staff = client_for(world.researcher).get("/search/palette/", {"q": "sched"}).content.decode()
    assert f'href="/studies/{repo.study.pk}/"' in staff
    people = client_for(world.researcher).get("/search/palette/", {"q": "ines"}).content.decode()
    assert f'href="/participants/{repo.enterprise.pk}/"' in people
    assert "/participants/" not in client_for(world.pm).get("/search/palette/", {"q": "ines"}).content.decode()
    pages = client_for(world.viewer).get("/search/palette/", {"q": "road"}).content.decode()
    assert 'href="/roadmap/"' in pages and "Search everything for “road”" in pages


def test_the_page_query_count_does_not_grow_with_matches(client_for, world, repo):
    client = client_for(world.researcher)
    client.get("/search/", {"q": "calendar"})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "calendar"}).status_code == 200
        return len(queries)

    before = count()
    with schema_context(world.acme.schema_name):
        for n in range(15):
            interview(f"The calendar lost meeting {n} again.", round_=repo.wide)
    assert count() == before
