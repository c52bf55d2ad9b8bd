"""Figure 1: how long `workspace_create` takes when it migrates a new schema and when it clones a template.

Both ways go through the real `workspaces.services.workspace_create`. Cloning is switched on only inside this
process, with `override_settings(TENANT_BASE_SCHEMA=..., TENANT_CREATION_FAKES_MIGRATIONS=True)`, from a
template schema this module migrates first. The two ways take turns (m c, c m, m c, ...) so that a warming
cache or a growing catalogue favours neither.

Everything created here is removed again: the workspaces with their schemas, domains and memberships, the
owner account, its invitation emails (rows in `public` and the Celery messages, sent to a queue of this run's
own), the template schema and the helper functions CloneSchema installs in `public` if they were not there.
"""

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context, schema_exists

from outbox.models import Email
from workspaces.models import User, Workspace
from workspaces.services import workspace_create

TEMPLATE_SCHEMA = "bench_template"
# Names this module gives what it creates; leftovers of a run that was killed are recognised by them.
SLUG_PATTERN = r"^bench-[mc]-[0-9]+-[0-9a-f]{6}$"
QUEUE_PREFIX = "parley-bench-"
OWNER_PATTERN = r"^bench-owner-[0-9a-f]{6}@example\.com$"
# What django_tenants.clone.CloneSchema creates in `public` (CREATE OR REPLACE, on every clone).
CLONE_HELPER_FUNCTIONS = ("clone_schema", "get_insert_stmt_ddl", "pg_get_coldef", "pg_get_tabledef")
CLONE_HELPER_TYPES = ("cloneparms", "tabledefs", "objj_type", "permm_type")


@dataclass
class CreationTimes:
    migrate_ms: list[float] = field(default_factory=list)
    clone_ms: list[float] = field(default_factory=list)
    template_ms: float = 0.0
    leftovers_removed: int = 0


def measure(samples: int) -> CreationTimes:
    """Time `samples` creations each way, after one untimed creation each way to warm up imports and the
    broker connection. Callers hold `bench_lock()` (bench/run.py): leftovers are recognised by name."""
    run_id = secrets.token_hex(3)
    owner_email = f"bench-owner-{run_id}@example.com"
    times = CreationTimes()
    created: list[Workspace] = []
    with schema_context("public"), _private_celery_queue(f"{QUEUE_PREFIX}{run_id}"):
        times.leftovers_removed = _remove_leftovers()
        helpers_before = _clone_helpers()
        try:
            started = time.perf_counter()
            _create_template()
            times.template_ms = (time.perf_counter() - started) * 1000
            _delete_owners(email__regex=OWNER_PATTERN)  # those of a killed earlier run
            tables = _table_count(TEMPLATE_SCHEMA)
            for n in range(samples + 1):
                for kind in ("m", "c") if n % 2 else ("c", "m"):
                    elapsed_ms, workspace = _timed_create(f"bench-{kind}-{n}-{run_id}", owner_email, clone=kind == "c")
                    created.append(workspace)
                    _check_schema(workspace, tables)
                    if n > 0:
                        (times.clone_ms if kind == "c" else times.migrate_ms).append(elapsed_ms)
        finally:
            _remove(created, owner_email)
            _drop_schema(TEMPLATE_SCHEMA)
            _drop_clone_helpers(exclude=helpers_before)
    return times


def _create_template() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
    call_command("migrate_schemas", tenant=True, schema_name=TEMPLATE_SCHEMA, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def _timed_create(slug: str, owner_email: str, *, clone: bool) -> tuple[float, Workspace]:
    overrides = {"TENANT_BASE_SCHEMA": TEMPLATE_SCHEMA, "TENANT_CREATION_FAKES_MIGRATIONS": True} if clone else {}
    if clone and not schema_exists(TEMPLATE_SCHEMA):
        # django-tenants would quietly fall back to migrating, and the figure would be a lie.
        raise RuntimeError(f"template schema {TEMPLATE_SCHEMA} is missing")
    with override_settings(**overrides):
        started = time.perf_counter()
        workspace = workspace_create(slug=slug, name=f"Bench {slug}", owner_email=owner_email)
        elapsed_ms = (time.perf_counter() - started) * 1000
    return elapsed_ms, workspace


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
    if schema_exists(TEMPLATE_SCHEMA):  # the owner is created after the template, never without it
        _delete_owners(email=owner_email)
    Email.objects.filter(to=owner_email).delete()


def _delete_owners(**lookup) -> None:
    """Delete owner accounts. Deleting a user sets NULL in workspace tables too (a study's owner, a webhook
    endpoint's author...), which do not exist in `public`: the ORM must run where the search path finds every table,
    the template schema (migrated by this run, so never behind the code) in front of `public`."""
    with schema_context(TEMPLATE_SCHEMA):
        User.objects.filter(**lookup).delete()


def _remove_leftovers() -> int:
    """Remove what a killed earlier run left behind. Returns how many workspaces that was."""
    leftovers = list(Workspace.objects.filter(slug__regex=SLUG_PATTERN))
    for workspace in leftovers:
        workspace.delete(force_drop=True)
    # Owner accounts go once the template is there again (_delete_owners); their emails can go now.
    Email.objects.filter(to__regex=OWNER_PATTERN).delete()
    if schema_exists(TEMPLATE_SCHEMA):
        # A run killed with its template still there also left CloneSchema's helpers behind.
        _drop_schema(TEMPLATE_SCHEMA)
        _drop_clone_helpers(exclude=set())
    _delete_celery_queues(_leftover_celery_queues())
    return len(leftovers)


def _drop_schema(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _clone_helpers() -> set[str]:
    """CloneSchema's functions and types that exist in `public`, as SQL names (with argument types)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY(%s)",
            [list(CLONE_HELPER_FUNCTIONS)],
        )
        functions = {f"FUNCTION {name}" for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT t.oid::regtype::text FROM pg_type t"
            " WHERE t.typnamespace = 'public'::regnamespace AND t.typname = ANY(%s)",
            [list(CLONE_HELPER_TYPES)],
        )
        types = {f"TYPE {name}" for (name,) in cursor.fetchall()}
    return functions | types


def _drop_clone_helpers(*, exclude: set[str]) -> None:
    """Drop the helpers this run installed; keep those that were there before it."""
    new = _clone_helpers() - exclude
    with connection.cursor() as cursor:
        # Functions first: their signatures use the types.
        for name in sorted(new, key=lambda name: not name.startswith("FUNCTION")):
            cursor.execute(f"DROP {name}")
