"""Webhook URLs reach only public addresses: refused with the reason when saved (API and page), refused again when
a delivery connects, and the log keeps no reply from an address that is not public."""

import pytest
from django_tenants.utils import schema_context

from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create, webhook_deliver, webhook_emit, webhook_send_test
from workspaces.models import Role

URL = "/api/v1/webhook-endpoints/"
INTERNAL = [
    ("https://127.0.0.1:9104/internal", "loopback"),
    ("https://169.254.169.254/latest/meta-data/", "link-local"),
    ("https://localhost:5432/", "loopback"),
    ("https://[::1]/hooks", "loopback"),
    ("https://[::ffff:127.0.0.1]/hooks", "loopback"),
    ("https://10.0.0.5/admin", "private network"),
]


@pytest.fixture
def nothing_allowed(settings):
    settings.PARLEY_OUTBOUND_ALLOW = []
    settings.OPENAI_BASE_URL = ""


@pytest.mark.parametrize(("url", "reason"), INTERNAL)
def test_the_api_refuses_an_internal_address_with_the_reason(api_for, world, nothing_allowed, url, reason):
    response = api_for(role=Role.OWNER).post(URL, {"url": url}, format="json")
    assert response.status_code == 400
    [message] = response.json()["url"]
    assert reason in message and "PARLEY_OUTBOUND_ALLOW" in message
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists()


def test_changing_an_endpoint_to_an_internal_address_is_refused(api_for, world, nothing_allowed):
    client = api_for(role=Role.OWNER)
    created = client.post(URL, {"url": "https://hooks.example.com/in"}, format="json").json()
    response = client.patch(f"{URL}{created['id']}/", {"url": "https://169.254.169.254/"}, format="json")
    assert response.status_code == 400 and "link-local" in response.json()["url"][0]
    with schema_context(world.acme.schema_name):
        assert WebhookEndpoint.objects.get().url == "https://hooks.example.com/in"


def test_the_page_shows_the_reason_and_saves_nothing(client_for, world, nothing_allowed):
    response = client_for(world.owner).post("/settings/webhooks/", {"url": "https://localhost:5432/"})
    assert response.status_code == 400 and "loopback address" in response.text
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists()


def test_plain_http_is_allowed_only_to_an_allow_listed_receiver(api_for, settings, nothing_allowed):
    client = api_for(role=Role.OWNER)
    assert client.post(URL, {"url": "http://127.0.0.1:9000/hooks"}, format="json").status_code == 400
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1:9000"]
    assert client.post(URL, {"url": "http://127.0.0.1:9000/hooks"}, format="json").status_code == 201


def test_a_delivery_to_an_address_no_longer_allowed_is_refused_at_connect_time(acme, receiver, settings):
    # Saved while the operator allowed it (or while its name resolved elsewhere); refused when sending.
    endpoint = endpoint_create(url=receiver.url, events=[], actor=None)
    settings.PARLEY_OUTBOUND_ALLOW = []
    [delivery] = webhook_emit(event="interview.completed", data={"interview_id": 1})
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.last_status_code is None
    assert delivery.last_error.startswith("Refused: Parley does not send to 127.0.0.1") and "loopback" in (
        delivery.last_error
    )
    assert delivery.last_response_excerpt == "" and endpoint.pk == delivery.endpoint_id


def test_the_test_ping_log_keeps_the_status_not_what_a_private_address_said(acme, receiver):
    # The probe: a ping to an internal service showed its reply in the log. An allow-listed address is
    # still the operator's own network: its status code is kept, its words are not.
    receiver.answer(200, "postgres: SELECT * FROM users; admin password hunter2")
    endpoint = endpoint_create(url=receiver.url, events=[], actor=None)
    delivery = webhook_send_test(endpoint=endpoint)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.last_status_code == 200
    assert delivery.last_response_excerpt == ""


def test_the_delivery_log_page_and_api_show_no_reply_from_a_private_address(api_for, acme, receiver):
    receiver.answer(500, "internal stack trace: secret-token-123")
    endpoint = endpoint_create(url=receiver.url, events=[], actor=None)
    webhook_deliver(delivery_id=webhook_send_test(endpoint=endpoint).pk)
    [row] = api_for(role=Role.OWNER).get(f"{URL}{endpoint.pk}/deliveries/").json()["results"]
    assert row["last_status_code"] == 500 and row["last_error"] == "HTTP 500 Internal Server Error"
    assert "secret-token-123" not in str(row)
