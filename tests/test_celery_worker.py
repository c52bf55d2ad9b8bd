"""A real Celery worker, in its own process, runs a task in the schema of the workspace that enqueued it."""

import time

import pytest
from django_tenants.utils import schema_context

from outbox.models import Email
from outbox.tasks import deliver
from tests.processes import committed


def _wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _email(schema: str, subject: str, pk: int | None = None) -> int:
    with schema_context(schema):
        email = Email.objects.create(template="t", to="a@example.com", subject=subject, body_text="x")
        if pk is not None:
            Email.objects.filter(pk=email.pk).update(id=pk)
            return pk
        return email.pk


def _get(schema: str, pk: int) -> Email:
    with schema_context(schema):
        return Email.objects.get(pk=pk)


@pytest.mark.django_db
def test_task_runs_in_the_enqueuing_workspaces_schema(worker, world):
    acme, globex = world.acme.schema_name, world.globex.schema_name
    # Ids are per schema: give globex an email with the same id as acme's. Only acme's may be delivered.
    pk = committed(lambda: _email(acme, "for acme"))
    committed(lambda: _email(globex, "for globex", pk=pk))
    try:
        with schema_context(acme):
            deliver.delay(pk)

        def acme_sent():
            return committed(lambda: _get(acme, pk)).status == Email.Status.SENT

        assert _wait_until(acme_sent), "the worker did not deliver acme's email (see .data/test-celery-worker.log)"
        sent = committed(lambda: _get(acme, pk))
        assert sent.attempts == 1 and sent.sent_at is not None
        untouched = committed(lambda: _get(globex, pk))
        assert untouched.subject == "for globex" and untouched.status == Email.Status.PENDING
    finally:

        def cleanup():
            for schema in (acme, globex):
                with schema_context(schema):
                    Email.objects.filter(pk=pk).delete()

        committed(cleanup)
