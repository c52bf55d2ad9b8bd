"""Two workspaces, created once per test session and committed, with the personas every test uses.

Tests run in a transaction each (the `db` fixture), which rolls back their own writes but keeps these rows.
`transactional_db` is avoided: its flush would wipe the public tenant rows below.
"""

import dataclasses
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from tests.processes import GENEROUS_LIMITS, TEST_CACHE_PREFIX
from workspaces.models import Membership, Role, User, Workspace
from workspaces.services import api_key_create, public_workspace_ensure, workspace_create

PASSWORD = "correct-horse-battery"
ACME_HOST = "acme.localhost"
GLOBEX_HOST = "globex.localhost"


@dataclass(frozen=True)
class World:
    acme: Workspace
    globex: Workspace
    owner: User  # owner of acme
    researcher: User  # researcher on acme
    pm: User  # pm on acme
    viewer: User  # viewer on acme
    outsider: User  # owner of globex only
    staff: User  # staff on the public host, member of nothing


def _user(email: str, **extra) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


@pytest.fixture(scope="session")
def celery_queue():
    """A queue of this test run's own, so a demo worker on the same Redis never takes our tasks."""
    from config.celery import app

    name = f"parley-test-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = name
    yield name
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, celery_queue):
    # pytest-django creates the test database only when a collected test uses it; never seed a real one.
    assert connection.settings_dict["NAME"].startswith("test_"), "no test database: mark a test django_db"
    # A run's cache keys of its own: never another run's or the demo's (rate limit counters live there).
    settings.CACHES["default"]["KEY_PREFIX"] = TEST_CACHE_PREFIX
    cache.key_prefix = TEST_CACHE_PREFIX
    # Tests assert exact hosts and links, whatever a developer's .env says.
    settings.PARLEY_BASE_DOMAIN = "localhost"
    settings.PARLEY_URL_TEMPLATE = "http://{host}:8000"
    with django_db_blocker.unblock():
        public_workspace_ensure()
        owner = _user("owner@acme.test", first_name="Olive", last_name="Owner")
        outsider = _user("owner@globex.test", first_name="Otto", last_name="Outsider")
        acme = workspace_create(slug="acme", name="Acme Corp", owner_email=owner.email)
        globex = workspace_create(slug="globex", name="Globex", owner_email=outsider.email)
        people = {}
        for role in (Role.RESEARCHER, Role.PM, Role.VIEWER):
            people[role] = _user(f"{role}@acme.test")
            Membership.objects.create(user=people[role], workspace=acme, role=role)
        staff = _user("staff@parley.test", is_staff=True)
    pytest.world_schemas = (acme.schema_name, globex.schema_name)
    pytest.world = World(
        acme=acme,
        globex=globex,
        owner=owner,
        researcher=people[Role.RESEARCHER],
        pm=people[Role.PM],
        viewer=people[Role.VIEWER],
        outsider=outsider,
        staff=staff,
    )
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        # Server and worker processes of the browser and Celery tests may still hold a connection.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def worker(django_db_setup, celery_queue):
    """A real Celery worker process on this run's queue and test database (emails go to its locmem outbox)."""
    from interviews.interviewer.learned import MODEL
    from tests.processes import process_env, start, stop, wait_for_log

    MODEL.get()  # built here once (kept in .data/models), so the worker loads it at start instead of training it
    env = process_env(CELERY_QUEUE=celery_queue, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    args = ["-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    proc = start(args, env, "test-celery-worker")
    wait_for_log("test-celery-worker", b" ready.", proc)  # "celery@host ready.": its first task is not a cold start
    yield proc
    stop(proc)


@pytest.fixture
def world(db) -> World:
    """The session's world, read afresh: a test that changes a user in memory cannot leak it into the next test."""
    session_world = pytest.world
    names = [f.name for f in dataclasses.fields(World)]
    users = User.objects.in_bulk([getattr(session_world, n).pk for n in names if n not in ("acme", "globex")])
    spaces = Workspace.objects.prefetch_related("domains").in_bulk([session_world.acme.pk, session_world.globex.pk])
    fresh = {n: (spaces if n in ("acme", "globex") else users)[getattr(session_world, n).pk] for n in names}
    return World(**fresh)


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    for name in GENEROUS_LIMITS:
        setattr(settings, name, 100_000)


@pytest.fixture(autouse=True)
def _test_servers_reachable(settings):
    # The fake model server, webhook receivers and live servers of the tests listen on 127.0.0.1, which the
    # outbound policy refuses unless allowed, as an operator allows a model server on their own network. The
    # policy's own tests set this again.
    settings.PARLEY_OUTBOUND_ALLOW = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def _public_schema_first():
    # A request leaves the connection in its workspace's schema; every test starts from public.
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _cached_reads_forgotten():
    """A test's rows roll back, but the cache keeps what pages read from them (a link, the interviewer settings, a
    booking page's free times) under the workspace's generation token, which a rollback does not replace: after
    each test the tokens are, so nothing a test cached is current for the next."""
    yield
    from interviews import public_cache
    from interviews.booking import availability

    for schema in getattr(pytest, "world_schemas", ()):
        with schema_context(schema):
            public_cache.GENERATION.replace()
            availability.GENERATION.replace()
    connection.set_schema_to_public()


@pytest.fixture
def client_for(db):
    """A browser-like client on a host, signed in as `user` (or anonymous)."""

    def make(user=None, host=ACME_HOST) -> Client:
        client = Client(HTTP_HOST=host)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for(db):
    """An API client on a host: with a fresh key of `role` for `workspace`, or signed in as `user`."""

    def make(*, role=None, workspace=None, user=None, host=ACME_HOST) -> APIClient:
        client = APIClient(HTTP_HOST=host)
        if role is not None:
            _, secret = api_key_create(workspace=workspace or pytest.world.acme, name="test", role=role, actor=None)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        if user is not None:
            client.force_login(user)
        return client

    return make


_REPORT: list[str] = []


@pytest.fixture
def report():
    """Lines a test wants in the run's summary (figures such as the linter's precision and recall)."""
    return _REPORT.append


def pytest_terminal_summary(terminalreporter):
    if _REPORT:
        terminalreporter.section("measured by the tests")
        for line in _REPORT:
            terminalreporter.write_line(line)


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, as in a Redis outage; restore the real pools after."""
    from config.celery import app

    saved = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app._pool = app.amqp._producer_pool = None
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.broker_url, app._pool, app.amqp._producer_pool = saved


@pytest.fixture
def in_schema():
    return schema_context


def pytest_sessionstart(session):
    # The participant pages' translations are build output (`make install`): a bare `pytest` compiles stale ones too,
    # or every non-English page would quietly render in English.
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bin" / "messages.py"
    spec = importlib.util.spec_from_file_location("parley_messages", path)
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    messages.compile_messages()
