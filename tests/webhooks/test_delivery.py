"""Deliveries reach a real HTTP receiver signed, are retried with backoff, and record every failure without raising."""

import json
import time
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from tests.processes import free_port
from webhooks.models import WebhookDelivery
from webhooks.services import (
    endpoint_create,
    endpoint_update,
    signature_header,
    verify_signature,
    webhook_deliver,
    webhook_deliver_due,
    webhook_emit,
)


def _emit_one(url: str) -> WebhookDelivery:
    endpoint_create(url=url, events=["interview.completed"], actor=None)
    [delivery] = webhook_emit(event="interview.completed", data={"interview_id": 42, "at": timezone.now()})
    return delivery


def test_the_receiver_verifies_the_signed_request(acme, receiver):
    delivery = _emit_one(receiver.url)
    delivered = webhook_deliver(delivery_id=delivery.pk)
    [request] = receiver.requests
    secret = delivery.endpoint.secret
    assert request.path == "/hooks/parley"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Parley-Webhooks/1"
    assert request.headers["Parley-Event"] == "interview.completed"
    assert request.headers["Parley-Delivery"] == str(delivery.pk)
    assert verify_signature(secret, request.headers["Parley-Signature"], request.body)
    body = json.loads(request.body)
    assert body["id"] == str(delivery.event_id) and body["event"] == "interview.completed"
    assert body["workspace"] == "acme" and body["data"]["interview_id"] == 42
    assert datetime.fromisoformat(body["created"]).tzinfo is not None
    assert delivered.status == WebhookDelivery.Status.SUCCEEDED


def test_a_tampered_body_or_another_secret_fails_verification(acme, receiver):
    delivery = _emit_one(receiver.url)
    webhook_deliver(delivery_id=delivery.pk)
    [request] = receiver.requests
    header = request.headers["Parley-Signature"]
    tampered = request.body.replace(b'"interview_id":42', b'"interview_id":43')
    assert tampered != request.body
    assert not verify_signature(delivery.endpoint.secret, header, tampered)
    assert not verify_signature("whsec_someone-else", header, request.body)
    assert not verify_signature(delivery.endpoint.secret, "", request.body)
    assert not verify_signature(delivery.endpoint.secret, "t=abc,v1=00", request.body)


def test_an_old_timestamp_fails_verification(acme, receiver):
    delivery = _emit_one(receiver.url)
    webhook_deliver(delivery_id=delivery.pk)
    [request] = receiver.requests
    header, secret = request.headers["Parley-Signature"], delivery.endpoint.secret
    with time_machine.travel(timezone.now() + timedelta(seconds=290), tick=False):
        assert verify_signature(secret, header, request.body)
    with time_machine.travel(timezone.now() + timedelta(seconds=310), tick=False):
        assert not verify_signature(secret, header, request.body)
        assert verify_signature(secret, header, request.body, tolerance=3600)
    # A signature made five minutes ago with the right secret is a replay, whatever the body.
    old = signature_header(secret, request.body, timestamp=int(time.time()) - 301)
    assert not verify_signature(secret, old, request.body)


def test_a_2xx_answer_is_recorded_and_the_delivery_is_not_sent_twice(acme, receiver, monkeypatch):
    monkeypatch.setattr("workspaces.outbound.peer_is_public", lambda response: True)  # as if it were on the internet
    receiver.answer(202, "accepted, thanks")
    delivery = _emit_one(receiver.url)
    webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(delivery_id=delivery.pk)
    assert webhook_deliver_due() == 0
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.attempts == 1
    assert delivery.last_status_code == 202 and delivery.last_response_excerpt == "accepted, thanks"
    assert delivery.delivered_at is not None and delivery.last_error == "" and delivery.next_attempt_at is None


def test_a_500_is_retried_by_the_sweep_and_then_succeeds(acme, receiver, monkeypatch):
    monkeypatch.setattr("workspaces.outbound.peer_is_public", lambda response: True)  # as if it were on the internet
    receiver.answer(500, "database on fire " + "x" * 2000)
    receiver.answer(200, "ok")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        delivery = _emit_one(receiver.url)
        webhook_deliver(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
        assert delivery.last_status_code == 500 and delivery.last_error.startswith("HTTP 500")
        assert (
            delivery.last_response_excerpt.startswith("database on fire") and len(delivery.last_response_excerpt) == 500
        )
        assert delivery.next_attempt_at == timezone.now() + timedelta(minutes=1)

        # Not due yet: neither a repeated task nor the sweep sends it again.
        webhook_deliver(delivery_id=delivery.pk)
        assert webhook_deliver_due() == 0 and len(receiver.requests) == 1

        clock.shift(timedelta(minutes=1))
        assert webhook_deliver_due() == 1
    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.attempts == 2
    assert delivery.last_status_code == 200 and delivery.last_error == ""
    assert receiver.requests[0].body == receiver.requests[1].body  # a retry resends the same event


def test_backoff_schedule_then_failed_after_six_attempts(acme, receiver):
    for _ in range(6):
        receiver.answer(503, "maintenance")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        delivery = _emit_one(receiver.url)
        waits = []
        for _ in range(6):
            assert webhook_deliver_due() == 1
            delivery.refresh_from_db()
            if delivery.next_attempt_at is not None:
                waits.append(delivery.next_attempt_at - timezone.now())
                clock.shift(waits[-1])
        clock.shift(timedelta(days=7))
        assert webhook_deliver_due() == 0
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 6
    assert delivery.last_status_code == 503 and len(receiver.requests) == 6


def test_a_refused_connection_is_recorded_not_raised(acme):
    delivery = _emit_one(f"http://127.0.0.1:{free_port()}/nobody-home")
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and "Connection refused" in delivery.last_error


def test_a_slow_receiver_times_out_and_is_recorded(acme, receiver):
    receiver.answer(200, "too late", delay=1.5)
    delivery = _emit_one(receiver.url)
    started = time.monotonic()
    webhook_deliver(delivery_id=delivery.pk, timeout=0.3)
    assert time.monotonic() - started < 1.4
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and "timed out" in delivery.last_error


def test_a_redirect_is_a_failure_not_followed(acme, receiver):
    receiver.answer(301, "moved", headers={"Location": receiver.url + "/elsewhere"})
    delivery = _emit_one(receiver.url)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.last_status_code == 301


def test_turning_an_endpoint_off_stops_its_pending_deliveries(acme, receiver):
    delivery = _emit_one(receiver.url)
    endpoint_update(endpoint=delivery.endpoint, active=False, actor=None)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == WebhookDelivery.Status.FAILED and "turned off" in delivery.last_error
