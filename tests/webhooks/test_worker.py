"""A real Celery worker, in its own process, delivers a committed webhook in the workspace that emitted it."""

import json
import time

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from tests.processes import committed, process_env, start, stop
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create, verify_signature, webhook_emit


@pytest.fixture(scope="module")
def worker(django_db_setup, celery_queue):
    args = ["-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    proc = start(args, process_env(CELERY_QUEUE=celery_queue), "test-webhooks-worker")
    yield proc
    stop(proc)


def _wait_until(condition, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
def test_a_worker_delivers_a_committed_emission(worker, world, receiver):
    schema = world.acme.schema_name

    def emit():
        with schema_context(schema):
            endpoint = endpoint_create(url=receiver.url, events=["interview.completed"], actor=None)
            with transaction.atomic():  # the caller's transaction: the task is sent when it commits
                [delivery] = webhook_emit(event="interview.completed", data={"interview_id": 77})
            return endpoint, delivery.pk

    def load(pk):
        with schema_context(schema):
            return WebhookDelivery.objects.get(pk=pk)

    endpoint, delivery_id = committed(emit)
    try:
        assert receiver.arrived.wait(30), "the worker sent nothing (see .data/test-webhooks-worker.log)"
        assert _wait_until(lambda: committed(lambda: load(delivery_id)).status == WebhookDelivery.Status.SUCCEEDED)
        [request] = receiver.requests
        assert verify_signature(endpoint.secret, request.headers["Parley-Signature"], request.body)
        body = json.loads(request.body)
        assert body["workspace"] == "acme" and body["data"] == {"interview_id": 77}
        delivered = committed(lambda: load(delivery_id))
        assert delivered.attempts == 1 and delivered.last_status_code == 200 and delivered.delivered_at
    finally:

        def cleanup():
            with schema_context(schema):
                WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()

        committed(cleanup)
