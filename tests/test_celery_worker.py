"""A real Celery worker, in its own process, runs a task in the schema of the workspace that enqueued it."""

import time

import psycopg
import pytest
from django.db import connection
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


@pytest.mark.django_db
def test_a_kept_connection_follows_each_task_into_its_workspace(worker, world):
    """The worker keeps its connection, and the search path with it (workspaces.database sends `SET search_path` only
    when it changes): tasks for acme, globex and acme again, each with a row of the same id in the other workspace,
    must each deliver their own workspace's email and leave the other's alone."""
    acme, globex = world.acme.schema_name, world.globex.schema_name
    first = committed(lambda: _email(acme, "acme first"))
    committed(lambda: _email(globex, "globex first", pk=first))
    second = committed(lambda: _email(acme, "acme second"))
    committed(lambda: _email(globex, "globex second", pk=second))

    def status(schema, pk):
        return committed(lambda: _get(schema, pk)).status

    try:
        for schema, pk, other in ((acme, first, globex), (globex, first, acme), (acme, second, globex)):
            before = status(other, pk)
            with schema_context(schema):
                deliver.delay(pk)
            assert _wait_until(lambda schema=schema, pk=pk: status(schema, pk) == Email.Status.SENT), (
                f"the worker did not deliver {schema}'s email {pk} (see .data/test-celery-worker.log)"
            )
            assert status(other, pk) == before, f"a task for {schema} touched {other}'s email {pk}"
        assert status(globex, second) == Email.Status.PENDING
        assert committed(lambda: _get(acme, first)).attempts == 1
    finally:

        def cleanup():
            for schema in (acme, globex):
                with schema_context(schema):
                    Email.objects.filter(pk__in=[first, second]).delete()

        committed(cleanup)


@pytest.mark.django_db
def test_a_worker_keeps_its_database_connection_from_task_to_task(worker, world):
    """Celery's Django fixup closed every connection around each task, so each task connected anew (5 ms of a model
    turn); the worker now keeps a good connection, as Django does between requests (settings.CELERY_DB_REUSE_MAX,
    config/celery.py). Watched from one connection of the test's own: no session opens while three tasks run."""
    acme = world.acme.schema_name
    pks = [committed(lambda i=i: _email(acme, f"kept {i}")) for i in range(4)]
    table = f'"{acme}"."{Email._meta.db_table}"'
    try:
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as watch:

            def sent(pk):
                return watch.execute(f"SELECT status FROM {table} WHERE id = %s", [pk]).fetchone()[0] == "sent"

            def sessions():
                watch.execute("SELECT pg_stat_clear_snapshot()")
                query = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
                return watch.execute(query).fetchone()[0]

            with schema_context(acme):
                deliver.delay(pks[0])  # the worker's connection, made now if it had none
            assert _wait_until(lambda: sent(pks[0])), "the worker did not deliver (see .data/test-celery-worker.log)"
            before = sessions()
            for pk in pks[1:]:
                with schema_context(acme):
                    deliver.delay(pk)
                assert _wait_until(lambda pk=pk: sent(pk))
            assert sessions() - before == 0
    finally:

        def cleanup():
            with schema_context(acme):
                Email.objects.filter(pk__in=pks).delete()

        committed(cleanup)
