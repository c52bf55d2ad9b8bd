"""`/api/v1/webhook-endpoints/`: owners only (secrets inside), field messages, outsiders 404, fixed query budgets."""

import pytest
from django_tenants.utils import schema_context

from tests.conftest import GLOBEX_HOST
from tests.webhooks.factories import DeliveryFactory, EndpointFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint
from workspaces.models import Role

URL = "/api/v1/webhook-endpoints/"


def test_owner_creates_reads_changes_tests_and_deletes_an_endpoint(api_for, world):
    client = api_for(role=Role.OWNER)
    created = client.post(
        URL, {"url": "https://hooks.example.com/in", "events": ["interview.completed"], "description": "CRM"}
    )
    assert created.status_code == 201, created.json()
    endpoint = created.json()
    assert endpoint["secret"].startswith("whsec_") and len(endpoint["secret"]) > 40
    assert endpoint["events"] == ["interview.completed"] and endpoint["active"] is True
    detail = f"{URL}{endpoint['id']}/"
    assert client.get(URL).json()["results"][0]["secret"] == endpoint["secret"]

    changed = client.patch(detail, {"events": [], "active": False}, format="json")
    assert changed.status_code == 200 and changed.json()["events"] == [] and changed.json()["active"] is False

    rotated = client.post(f"{detail}rotate-secret/")
    assert rotated.status_code == 200 and rotated.json()["secret"] not in ("", endpoint["secret"])

    tested = client.post(f"{detail}test/")
    assert tested.status_code == 202 and tested.json()["event"] == "ping" and tested.json()["status"] == "pending"
    log = client.get(f"{detail}deliveries/").json()
    assert log["count"] == 1 and log["results"][0]["id"] == tested.json()["id"]

    assert client.delete(detail).status_code == 204
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM, Role.RESEARCHER])
def test_other_roles_can_neither_read_nor_write(api_for, world, role):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
    client = api_for(role=role)
    detail = f"{URL}{endpoint.pk}/"
    assert client.get(URL).status_code == 403
    assert client.get(detail).status_code == 403
    assert client.get(f"{detail}deliveries/").status_code == 403
    assert client.post(URL, {"url": "https://example.com/x"}).status_code == 403
    assert client.post(f"{detail}test/").status_code == 403
    assert client.delete(detail).status_code == 403
    with schema_context(world.acme.schema_name):
        assert WebhookEndpoint.objects.count() == 1 and not WebhookDelivery.objects.exists()


def test_outsiders_get_404(api_for, world):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
    acme_key_on_globex = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    assert acme_key_on_globex.get(URL).status_code == 404
    assert acme_key_on_globex.post(URL, {"url": "https://example.com/x"}).status_code == 404
    globex_owner_on_acme = api_for(user=world.outsider)
    assert globex_owner_on_acme.get(URL).status_code == 404
    assert globex_owner_on_acme.get(f"{URL}{endpoint.pk}/").status_code == 404
    assert globex_owner_on_acme.post(f"{URL}{endpoint.pk}/test/").status_code == 404


def test_an_endpoint_of_another_workspace_is_not_found(api_for, world):
    with schema_context(world.globex.schema_name):
        theirs = EndpointFactory()
    assert api_for(role=Role.OWNER).get(f"{URL}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"url": "http://hooks.example.com/in"}, "url", "Use an https:// address."),
        ({"url": "ftp://hooks.example.com/in"}, "url", "Use an https:// address."),
        ({"url": "not a url"}, "url", "Enter a valid URL."),
        (
            {"url": "https://hooks.example.com/in", "events": ["interview.completed", "interview.exploded"]},
            "events",
            "Unknown event: interview.exploded. Choose from interview.started, interview.completed,"
            " booking.created, booking.rescheduled, booking.cancelled, roadmap_item.status_changed.",
        ),
        ({"url": "https://hooks.example.com/in", "events": ["ping"]}, "events", "Unknown event: ping."),
    ],
)
def test_bad_input_gets_field_messages_and_saves_nothing(api_for, world, payload, field, message):
    response = api_for(role=Role.OWNER).post(URL, payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message), response.json()
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists()


def test_a_local_receiver_may_use_plain_http(api_for):
    response = api_for(role=Role.OWNER).post(URL, {"url": "http://127.0.0.1:9000/hooks"}, format="json")
    assert response.status_code == 201


def _deliveries(world, count: int) -> int:
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
        DeliveryFactory.create_batch(count, endpoint=endpoint, last_status_code=500, last_error="HTTP 500")
    return endpoint.pk


@pytest.mark.parametrize("count", [1, 50])
def test_delivery_log_query_budget(api_for, world, django_assert_max_num_queries, count):
    endpoint_id = _deliveries(world, count)
    client = api_for(role=Role.OWNER)
    with django_assert_max_num_queries(12):
        response = client.get(f"{URL}{endpoint_id}/deliveries/")
    assert response.status_code == 200 and len(response.json()["results"]) == count
    assert response.json()["results"][0]["last_status_code"] == 500


@pytest.mark.parametrize("count", [1, 30])
def test_endpoint_list_query_budget(api_for, world, django_assert_max_num_queries, count):
    with schema_context(world.acme.schema_name):
        EndpointFactory.create_batch(count)
    client = api_for(role=Role.OWNER)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200 and response.json()["count"] == count
