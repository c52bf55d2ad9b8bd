"""Emitting an event: who gets it, that it waits for the commit, survives a broker outage, stays in its workspace."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from tests.webhooks.factories import EndpointFactory
from webhooks.models import WebhookDelivery
from webhooks.services import webhook_deliver_due, webhook_emit, webhook_send_test
from webhooks.tasks import sweep_all_workspaces


def test_only_active_subscribed_endpoints_get_the_event(acme):
    everything = EndpointFactory(events=[])
    subscribed = EndpointFactory(events=["interview.completed", "interview.started"])
    EndpointFactory(events=["roadmap_item.status_changed"])
    EndpointFactory(events=[], active=False)
    deliveries = webhook_emit(event="interview.completed", data={"interview_id": 1})
    assert {d.endpoint_id for d in deliveries} == {everything.pk, subscribed.pk}
    assert WebhookDelivery.objects.count() == 2
    assert len({d.event_id for d in deliveries}) == 1  # one emission, one id for every endpoint
    assert all(d.status == WebhookDelivery.Status.PENDING and d.attempts == 0 for d in deliveries)


def test_an_unknown_event_is_refused(acme):
    EndpointFactory(events=[])
    with pytest.raises(ValueError, match=r"interview\.exploded"):
        webhook_emit(event="interview.exploded", data={})
    with pytest.raises(ValueError):
        webhook_emit(event="ping", data={})  # tests go through webhook_send_test only
    assert not WebhookDelivery.objects.exists()


def test_a_test_ping_goes_to_that_endpoint_only_even_when_off(acme):
    tested = EndpointFactory(events=["roadmap_item.status_changed"], active=False)
    EndpointFactory(events=[])
    delivery = webhook_send_test(endpoint=tested)
    assert delivery.event == "ping" and delivery.endpoint_id == tested.pk
    assert list(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == [tested.pk]


def test_a_rolled_back_change_sends_nothing(acme, receiver, django_capture_on_commit_callbacks):
    EndpointFactory(url=receiver.url, events=[])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        webhook_emit(event="interview.started", data={"interview_id": 1})
        raise RuntimeError("the interview could not be saved")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert webhook_deliver_due() == 0 and receiver.requests == []


def test_a_committed_emission_is_enqueued_once_after_commit(acme, django_capture_on_commit_callbacks):
    EndpointFactory(events=[])
    EndpointFactory(events=[])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        deliveries = webhook_emit(event="interview.started", data={"interview_id": 1})
    assert len(deliveries) == 2 and len(callbacks) == 1  # both handed to the worker by one callback, after commit


def test_a_broker_outage_loses_nothing_the_sweep_delivers(
    acme, receiver, broker_down, django_capture_on_commit_callbacks
):
    EndpointFactory(url=receiver.url, events=[])
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = webhook_emit(event="interview.completed", data={"interview_id": 9})
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and receiver.requests == []
    sweep_all_workspaces()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and len(receiver.requests) == 1


def test_another_workspaces_endpoint_never_receives_the_event(world, receiver):
    with schema_context(world.globex.schema_name):
        theirs = EndpointFactory(url=receiver.url + "/globex", events=[])
    with schema_context(world.acme.schema_name):
        ours = EndpointFactory(url=receiver.url + "/acme", events=[])
        [delivery] = webhook_emit(event="interview.completed", data={"interview_id": 3})
        assert delivery.endpoint_id == ours.pk
    sweep_all_workspaces()
    assert [r.path for r in receiver.requests] == ["/hooks/parley/acme"]
    with schema_context(world.globex.schema_name):
        assert not WebhookDelivery.objects.filter(endpoint=theirs).exists()
    with schema_context(world.acme.schema_name):
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.SUCCEEDED
