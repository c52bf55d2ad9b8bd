"""`/api/v1/insights/`: the evidence profile and highlight ids, create/update/delete, adding and removing evidence,
exports, roles, field messages with nothing written, isolation and query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from synthesis.insights import services as insights
from synthesis.models import Insight
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import RoundFactory
from tests.synthesis.insight_data import export_world, interview, quote
from workspaces.models import Role

URL = "/api/v1/insights/"


@pytest.fixture
def data(world):
    with schema_context(world.acme.schema_name):
        return export_world()


def test_list_and_retrieve_carry_the_profile_and_ids(api_for, data):
    client = api_for(role=Role.VIEWER)
    body = client.get(URL).json()
    assert body["count"] == 2
    published = next(item for item in body["results"] if item["id"] == data.published.pk)
    assert published["status"] == "published" and published["highlights"] == sorted(h.pk for h in data.quotes[:3])
    evidence = published["evidence"]
    assert (evidence["highlights"], evidence["participants"], evidence["interviews"]) == (3, 2, 2)
    assert (evidence["sync_interviews"], evidence["async_interviews"]) == (1, 1)
    assert evidence["segments"]["segment"] == {"smb": 1, "enterprise": 1}
    assert (evidence["pain_avg"], evidence["pain_max"]) == (4.0, 5)
    assert client.get(URL + f"{data.published.pk}/").json() == published
    assert [i["id"] for i in client.get(URL, {"status": "draft"}).json()["results"]] == [data.draft.pk]
    assert [i["id"] for i in client.get(URL, {"q": "gave up"}).json()["results"]] == [data.published.pk]
    assert client.get(URL, {"status": "archived"}).status_code == 400


def test_create_update_evidence_delete(api_for, world, data):
    client = api_for(role=Role.RESEARCHER)
    response = client.post(URL, {"statement": "Totals are manual.", "highlights": [data.quotes[3].pk]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["highlights"] == [data.quotes[3].pk]
    assert body["evidence"]["participants"] == 1
    pk = body["id"]
    response = client.patch(URL + f"{pk}/", {"status": "published"}, format="json")
    assert response.json()["status"] == "published"
    response = client.post(
        URL + f"{pk}/highlights/", {"add": [data.quotes[0].pk, data.quotes[2].pk], "remove": [data.quotes[3].pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["highlights"] == [data.quotes[0].pk, data.quotes[2].pk]
    assert response.json()["evidence"]["sync_interviews"] == 1
    assert client.delete(URL + f"{pk}/").status_code == 204
    with schema_context(world.acme.schema_name):
        assert not Insight.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("method", "path", "payload", "field", "message"),
    [
        ("post", "", {"statement": " "}, "statement", "This field may not be blank."),
        ("post", "", {"statement": "Fine.", "status": "archived"}, "status", "is not a valid choice"),
        ("post", "", {"statement": "Fine.", "highlights": [999999]}, "highlights", "No highlight with id 999999"),
        ("post", "", {"statement": "Fine.", "highlights": ["x"]}, "highlights", "A valid integer is required."),
        ("patch", "{pk}/", {"highlights": [1]}, "highlights", "Add or remove evidence with POST"),
        ("patch", "{pk}/", {"statement": ""}, "statement", "This field may not be blank."),
        ("post", "{pk}/highlights/", {}, "add", "Give highlight ids"),
        ("post", "{pk}/highlights/", {"add": [999999]}, "highlights", "No highlight with id 999999"),
    ],
)
def test_bad_input_gets_field_messages_and_writes_nothing(api_for, world, data, method, path, payload, field, message):
    client = api_for(role=Role.OWNER)
    response = getattr(client, method)(URL + path.format(pk=data.draft.pk), payload, format="json")
    assert response.status_code == 400, response.json()
    assert message in str(response.json()[field])
    with schema_context(world.acme.schema_name):
        assert Insight.objects.count() == 2
        draft = Insight.objects.get(pk=data.draft.pk)
        assert draft.statement == "Invoices live in spreadsheets." and draft.highlights.count() == 1


def test_roles_and_isolation(api_for, world, data):
    pk = data.published.pk
    for role in (Role.VIEWER, Role.PM):
        client = api_for(role=role)
        assert client.get(URL + f"{pk}/").status_code == 200
        assert client.post(URL, {"statement": "x"}, format="json").status_code == 403
        assert client.patch(URL + f"{pk}/", {"status": "draft"}, format="json").status_code == 403
        assert client.post(URL + f"{pk}/highlights/", {"remove": [data.quotes[0].pk]}, format="json").status_code == 403
        assert client.delete(URL + f"{pk}/").status_code == 403
    globex = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex.get(URL + f"{pk}/").status_code == 404 and globex.get(URL).json()["count"] == 0
    stranger = api_for(user=world.outsider)  # signed in, but not a member of acme
    assert stranger.get(URL).status_code == 404
    with schema_context(world.acme.schema_name):
        assert Insight.objects.get(pk=pk).highlights.count() == 3


def test_exports_through_the_api(api_for, data):
    client = api_for(role=Role.VIEWER)
    markdown = b"".join(client.get(URL + "export/", {"as": "markdown"}).streaming_content).decode()
    assert "## Exporting costs teams real time." in markdown and "Ana Example" not in markdown
    csv_text = b"".join(client.get(URL + "export/", {"as": "csv", "status": "draft"}).streaming_content).decode()
    assert "Invoices live in spreadsheets." in csv_text and "Exporting costs" not in csv_text
    highlights = b"".join(client.get(URL + "export/", {"as": "highlights"}).streaming_content).decode()
    assert "We pay someone to clean the export." in highlights
    assert client.get(URL + "export/", {"as": "pdf"}).status_code == 400


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_keeps_its_query_budget_with_1_and_50_insights(api_for, world, report):
    client = api_for(role=Role.VIEWER)
    counts = []
    for n in (1, 50):
        with schema_context(world.acme.schema_name):
            Insight.objects.all().delete()
            round_ = RoundFactory(kind="async")
            ids = [
                quote(interview(f"Answer {i} about exports.", round_=round_, days=i), f"Answer {i}", pain=2).pk
                for i in range(3)
            ]
            for i in range(n):
                insights.insight_create(statement=f"Insight {i}", highlights=ids, actor=None)
        assert client.get(URL).json()["count"] == n
        counts.append(_queries(client, URL))
    assert counts[0] == counts[1], counts
    report(f"/api/v1/insights/ list: {counts[1]} queries for 1 and for 50 insights")
