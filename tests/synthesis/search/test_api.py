"""`GET /api/v1/search/`: the answer's shape, stemming, filters, role rules, 400s with field messages, isolation."""

import pytest
from django_tenants.utils import schema_context

from tests.conftest import GLOBEX_HOST
from tests.synthesis.search.world import build


@pytest.fixture
def repo(world):
    with schema_context(world.acme.schema_name):
        return build(world.researcher)


def test_search_answers_results_and_counts(api_for, world, repo):
    answer = api_for(role="pm").get("/api/v1/search/", {"q": "calendars"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["counts"]["utterance"] == 2 and "participant" not in body["counts"]
    first = body["results"][0]
    assert set(first) >= {"kind", "id", "title", "snippet", "url"}
    urls = {(hit["kind"], hit["url"]) for hit in body["results"]}
    assert ("utterance", f"/transcripts/{repo.call.pk}/#u-{repo.utterance['calendar'].pk}") in urls
    assert ("highlight", f"/transcripts/{repo.call.pk}/#h-{repo.drops.pk}") in urls


def test_filters_and_kind_and_limit(api_for, world, repo):
    client = api_for(role="researcher")
    body = client.get("/api/v1/search/", {"q": "calendar", "kind": "utterance", "method": "async"}).json()
    assert [hit["id"] for hit in body["results"]] == [repo.utterance["calendars"].pk]
    assert list(body["counts"]) == ["utterance"]
    body = client.get("/api/v1/search/", {"q": "calendar", "tag": repo.sync_tag.pk, "pain": 5}).json()
    assert {(hit["kind"], hit["id"]) for hit in body["results"]} >= {("highlight", repo.drops.pk)}
    assert ("highlight", repo.copy.pk) not in {(hit["kind"], hit["id"]) for hit in body["results"]}
    assert len(client.get("/api/v1/search/", {"q": "calendar", "limit": 1}).json()["results"]) <= 7


def test_bad_input_is_a_400_naming_the_field(api_for, world, repo):
    client = api_for(role="viewer")
    for params, field in (
        ({}, "q"),
        ({"q": "x", "pain": 0}, "pain"),
        ({"q": "x", "study": 999999}, "study"),
        ({"q": "x", "limit": 1000}, "limit"),
        ({"q": "x", "method": "phone"}, "method"),
        ({"q": "x", "kind": "participant"}, "kind"),
        ({"q": "x" * 201}, "q"),
    ):
        response = client.get("/api/v1/search/", params)
        assert response.status_code == 400 and field in response.json(), (params, response.content)


def test_owners_keys_find_participants(api_for, world, repo):
    body = api_for(role="owner").get("/api/v1/search/", {"q": "ines@example.com"}).json()
    assert ("participant", repo.enterprise.pk) in {(hit["kind"], hit["id"]) for hit in body["results"]}


def test_another_workspace_cannot_search(api_for, world, repo):
    assert api_for(role="owner").get("/api/v1/search/", {"q": "calendar"}, HTTP_HOST=GLOBEX_HOST).status_code in (
        401,
        403,
        404,
    )
    assert api_for(user=world.outsider).get("/api/v1/search/", {"q": "calendar"}).status_code == 404
    assert api_for().get("/api/v1/search/", {"q": "calendar"}).status_code in (401, 403)
