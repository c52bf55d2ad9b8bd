"""Settings > Webhooks: owners add endpoints, see the secret and the delivery log; others get 403, outsiders 404."""

import re

import pytest
from django_tenants.utils import schema_context

from tests.webhooks.factories import DeliveryFactory, EndpointFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint


def test_owner_adds_an_endpoint_and_sees_its_secret(client_for, world):
    client = client_for(world.owner)
    assert client.get("/settings/webhooks/").status_code == 200
    response = client.post(
        "/settings/webhooks/",
        {"url": "https://hooks.example.com/in", "description": "CRM sync", "events": ["interview.completed"],
         "active": "on"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    with schema_context(world.acme.schema_name):
        endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["interview.completed"] and endpoint.active
    assert f'<p class="secret">{endpoint.secret}</p>' in response.text
    assert "CRM sync" in client.get("/settings/webhooks/").text


def test_form_errors_are_shown_and_nothing_is_saved(client_for, world):
    response = client_for(world.owner).post("/settings/webhooks/", {"url": "http://hooks.example.com/in"})
    assert response.status_code == 400 and "Use an https:// address." in response.text
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists()


def test_owner_sees_the_delivery_log_with_status_codes(client_for, world):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
        DeliveryFactory(
            endpoint=endpoint,
            event="interview.started",
            last_status_code=503,
            attempts=1,
            last_error="HTTP 503 Service Unavailable",
            last_response_excerpt="down for maintenance",
        )
        DeliveryFactory(endpoint=endpoint, event="interview.completed", last_status_code=204, attempts=1,
                        status=WebhookDelivery.Status.SUCCEEDED)  # fmt: skip
    text = client_for(world.owner).get(f"/settings/webhooks/{endpoint.pk}/").text
    assert "<strong>503</strong>" in text and "HTTP 503 Service Unavailable" in text and "down for maintenance" in text
    assert "<strong>204</strong>" in text and "Succeeded" in text


def test_owner_sends_a_test_rotates_the_secret_changes_and_deletes(client_for, world):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory(events=[])
    client = client_for(world.owner)
    page = f"/settings/webhooks/{endpoint.pk}/"

    assert client.post(f"{page}test/").status_code == 302
    partial = client.post(f"{page}test/", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and partial.text.count("<code>ping</code>") == 2 and "<h1>" not in partial.text

    client.post(f"{page}rotate-secret/")
    with schema_context(world.acme.schema_name):
        rotated = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert rotated.secret != endpoint.secret and rotated.secret in client.get(page).text

    response = client.post(page, {"url": "https://other.example.com/in", "events": ["roadmap_item.status_changed"]})
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        changed = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert changed.url == "https://other.example.com/in" and changed.events == ["roadmap_item.status_changed"]
    assert changed.active is False  # an unticked checkbox turns it off

    assert client.post(f"{page}delete/").status_code == 302
    with schema_context(world.acme.schema_name):
        assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "pm", "researcher"])
def test_other_roles_get_403(client_for, world, persona):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
    client = client_for(getattr(world, persona))
    page = f"/settings/webhooks/{endpoint.pk}/"
    assert client.get("/settings/webhooks/").status_code == 403
    assert client.get(page).status_code == 403
    assert client.post("/settings/webhooks/", {"url": "https://example.com/x"}).status_code == 403
    for action in ("test/", "rotate-secret/", "delete/"):
        assert client.post(page + action).status_code == 403
    with schema_context(world.acme.schema_name):
        assert WebhookEndpoint.objects.get().secret == endpoint.secret
        assert not WebhookDelivery.objects.exists()


def test_outsiders_get_404(client_for, world):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
    client = client_for(world.outsider)
    assert client.get("/settings/webhooks/").status_code == 404
    assert client.get(f"/settings/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/settings/webhooks/{endpoint.pk}/delete/").status_code == 404


def test_an_owner_cannot_reach_another_workspaces_endpoint(client_for, world):
    with schema_context(world.globex.schema_name):
        theirs = EndpointFactory()
    client = client_for(world.owner)
    assert client.get(f"/settings/webhooks/{theirs.pk}/").status_code == 404
    assert client.post(f"/settings/webhooks/{theirs.pk}/delete/").status_code == 404
    with schema_context(world.globex.schema_name):
        assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("count", [1, 50])
def test_endpoint_page_query_budget(client_for, world, django_assert_max_num_queries, count):
    with schema_context(world.acme.schema_name):
        endpoint = EndpointFactory()
        DeliveryFactory.create_batch(count, endpoint=endpoint, last_status_code=500)
    client = client_for(world.owner)
    with django_assert_max_num_queries(16):
        response = client.get(f"/settings/webhooks/{endpoint.pk}/")
    assert response.status_code == 200 and len(re.findall(r"<strong>500</strong>", response.text)) == count


@pytest.mark.parametrize("model", ["webhookendpoint", "webhookdelivery"])
def test_workspace_admin_lists_webhook_tables(client_for, world, model):
    with schema_context(world.acme.schema_name):
        DeliveryFactory()
    assert client_for(world.owner).get(f"/admin/webhooks/{model}/").status_code == 200
    assert client_for(world.viewer).get(f"/admin/webhooks/{model}/").status_code == 302
