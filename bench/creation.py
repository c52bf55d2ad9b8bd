"""Figure 1: how long `workspace_create` takes as configured (copying the template schema that `migrate_schemas`
keeps current, workspaces/schema_template.py) and when it migrates a new schema (the fallback, forced here).

Both ways go through the real `workspaces.services.workspace_create`; the two take turns (m c, c m, m c, ...) so
that a warming cache or a growing catalogue favours neither. Then `run` more workspaces are created one after
another the configured way, and the median of each hundred (each tenth in a quick run) shows whether creation stays
flat as the catalogue grows.

Everything created here is removed again: the workspaces with their schemas, domains and memberships, the owner
account, its invitation emails (rows in `public` and the Celery messages, sent to a queue of this run's own).
"""

import secrets
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.db import connection
from django_tenants.utils import schema_context

from bench import migrations
from outbox.models import Email
from workspaces.models import User, Workspace
from workspaces.schema_template import TEMPLATE_SCHEMA, template_missing_migrations
from workspaces.services import workspace_create

# Names this module gives what it creates; leftovers of a run that was killed are recognised by them.
SLUG_PATTERN = r"^bench-[mcr]-[0-9]+-[0-9a-f]{6}$"
QUEUE_PREFIX = "parley-bench-"
OWNER_PATTERN = r"^bench-owner-[0-9a-f]{6}@example\.com$"


@dataclass
class CreationTimes:
    migrate_ms: list[float] = field(default_factory=list)
    clone_ms: list[float] = field(default_factory=list)
    run_ms: list[float] = field(default_factory=list)  # the run of many, in order of creation
    migrate_new: dict[str, float] = field(default_factory=dict)  # bench/migrations.py's figures
    leftovers_removed: int = 0

    def run_medians(self, per: int) -> list[float]:
        """The median creation time of each `per` workspaces of the run, in order."""
        return [statistics.median(self.run_ms[i : i + per]) for i in range(0, len(self.run_ms), per)]


def measure(samples: int, run: int = 0) -> CreationTimes:
    """Time `samples` creations each way, after one untimed creation each way to warm up imports and the
    broker connection, then `run` copies in a row. Callers hold `bench_lock()` (bench/run.py): leftovers are
    recognised by name."""
    if missing := template_missing_migrations():
        raise SystemExit(f"The template schema lacks {', '.join(missing)}: run `manage.py migrate_schemas` first.")
    run_id = secrets.token_hex(3)
    owner_email = f"bench-owner-{run_id}@example.com"
    times = CreationTimes()
    created: list[Workspace] = []
    with schema_context("public"), _private_celery_queue(f"{QUEUE_PREFIX}{run_id}"):
        times.leftovers_removed = _remove_leftovers()
        try:
            tables = _table_count(TEMPLATE_SCHEMA)
            for n in range(samples + 1):
                for kind in ("m", "c") if n % 2 else ("c", "m"):
                    elapsed_ms, workspace = _timed_create(f"bench-{kind}-{n}-{run_id}", owner_email, copy=kind == "c")
                    created.append(workspace)
                    _check_schema(workspace, tables)
                    if n > 0:
                        (times.clone_ms if kind == "c" else times.migrate_ms).append(elapsed_ms)
            for n in range(run):
                elapsed_ms, workspace = _timed_create(f"bench-r-{n}-{run_id}", owner_email, copy=True)
                created.append(workspace)
                times.run_ms.append(elapsed_ms)
            for workspace in created[-run:] if run else []:
                _check_schema(workspace, tables)
            if run:  # a release's new migration reaching the workspaces of the run (up to 100)
                times.migrate_new = migrations.measure([w.schema_name for w in created[-run:][:100]])
        finally:
            _remove(created, owner_email)
    return times


def _timed_create(slug: str, owner_email: str, *, copy: bool) -> tuple[float, Workspace]:
    # Copying is what Parley does; migrating is what it falls back to when the template is missing or behind.
    forced = mock.patch("workspaces.schema_template.schema_copy_from_template", return_value=False)
    with forced if not copy else _nothing():
        started = time.perf_counter()
        workspace = workspace_create(slug=slug, name=f"Bench {slug}", owner_email=owner_email)
        elapsed_ms = (time.perf_counter() - started) * 1000
    return elapsed_ms, workspace


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _table_count(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema])
        return cursor.fetchone()[0]


def _check_schema(workspace: Workspace, expected_tables: int) -> None:
    """Both ways must give the same schema: as many tables as the template, all migrations recorded."""
    tables = _table_count(workspace.schema_name)
    if tables != expected_tables:
        raise RuntimeError(f"{workspace.schema_name} has {tables} tables, the template {expected_tables}")
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT (SELECT count(*) FROM "{workspace.schema_name}".django_migrations),'
            f' (SELECT count(*) FROM "{TEMPLATE_SCHEMA}".django_migrations)'
        )
        recorded, expected = cursor.fetchone()
    if recorded != expected:
        raise RuntimeError(f"{workspace.schema_name} records {recorded} migrations, the template {expected}")


@contextmanager
def _private_celery_queue(name: str) -> Iterator[None]:
    """Send this run's invitation emails to a queue of its own (as tests/conftest.py does) and delete it
    afterwards, so that no worker mails the bench owner and no message outlives the run."""
    from config.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield
    finally:
        app.conf.task_default_queue = previous
        _delete_celery_queues([name])


def _delete_celery_queues(names: list[str]) -> None:
    """Delete the queues with their kombu binding keys, which outlive the queue itself otherwise."""
    from config.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        for name in names:
            channel.client.delete(name, channel.keyprefix_queue % name, channel.keyprefix_binding_permanent % name)


def _leftover_celery_queues() -> list[str]:
    from config.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        keys = channel.client.scan_iter(match=channel.keyprefix_queue % f"{QUEUE_PREFIX}*")
        return [key.decode().removeprefix(channel.keyprefix_queue % "") for key in keys]


def _remove(workspaces: list[Workspace], owner_email: str) -> None:
    for workspace in workspaces:
        workspace.delete(force_drop=True)  # drops the schema; domains and memberships cascade
    _delete_owners(email=owner_email)
    Email.objects.filter(to=owner_email).delete()


def _delete_owners(**lookup) -> None:
    """Delete owner accounts. Deleting a user sets NULL in workspace tables too (a study's owner, a webhook
    endpoint's author...), which do not exist in `public`: the ORM must run where the search path finds every table,
    the template schema (never behind the code: measure() checks) in front of `public`."""
    with schema_context(TEMPLATE_SCHEMA):
        User.objects.filter(**lookup).delete()


def _remove_leftovers() -> int:
    """Remove what a killed earlier run left behind. Returns how many workspaces that was."""
    leftovers = list(Workspace.objects.filter(slug__regex=SLUG_PATTERN))
    for workspace in leftovers:
        workspace.delete(force_drop=True)
    _delete_owners(email__regex=OWNER_PATTERN)
    Email.objects.filter(to__regex=OWNER_PATTERN).delete()
    _delete_celery_queues(_leftover_celery_queues())
    return len(leftovers)
