"""`SET search_path` is sent only when the server's path is not already the one asked for (workspaces.database), and
the host is looked up without switching to `public` first (workspaces.middleware.WorkspaceHostMiddleware). What the
connection believes is checked against the server itself (`SHOW search_path`, read past Django's cursor) after each
step, including rollbacks that undo a SET."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.conftest import GLOBEX_HOST

pytestmark = pytest.mark.django_db


def server_path() -> list[str]:
    """The search path the server holds now, asked without going through Django's cursor (which could set it)."""
    (path,) = connection.connection.execute("SHOW search_path").fetchone()
    return [name.strip().strip('"') for name in path.split(",")]


def sets(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SET search_path")]


def get(client, path: str, expected: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert expected in response.text
    return sets(queries)


def test_requests_to_one_workspace_set_the_path_once_and_read_it(client_for, world):
    acme = client_for(world.owner)
    assert len(get(acme, "/", "Acme Corp")) == 1
    assert server_path() == [world.acme.schema_name, "public"]
    # The host's lookup names its tables in public: no switch there and back.
    assert get(acme, "/", "Acme Corp") == []
    assert get(client_for(), "/accounts/login/", "Sign in to Acme Corp") == []
    assert server_path() == [world.acme.schema_name, "public"]


def test_another_workspace_host_sets_its_path_and_reads_its_own_rows(client_for, world):
    get(client_for(world.owner), "/", "Acme Corp")
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    expected = f'SET search_path = "{world.globex.schema_name}","public"'
    assert get(globex, "/", "Globex") == [expected]
    assert server_path() == [world.globex.schema_name, "public"]
    assert get(globex, "/", "Globex") == []
    members = client_for(world.outsider, host=GLOBEX_HOST).get("/members/")
    assert "owner@globex.test" in members.text and "owner@acme.test" not in members.text
    assert server_path() == [world.globex.schema_name, "public"]
    # Back to acme: one SET, and acme's page.
    assert len(get(client_for(world.owner), "/", "Acme Corp")) == 1
    assert server_path() == [world.acme.schema_name, "public"]


def test_a_rolled_back_savepoint_forgets_the_path_it_undid(world):
    acme, globex = [world.acme.schema_name, "public"], [world.globex.schema_name, "public"]
    with schema_context(world.acme.schema_name):
        connection.cursor().close()
        assert server_path() == acme
        sid = connection.savepoint()
        with schema_context(world.globex.schema_name):
            connection.cursor().close()
            assert server_path() == globex
            # Still in globex, so nothing is set on the way: ROLLBACK TO SAVEPOINT puts the server back in acme.
            connection.savepoint_rollback(sid)
            assert server_path() == acme
            with CaptureQueriesContext(connection) as queries:
                connection.cursor().close()
            assert len(sets(queries)) == 1, "the undone SET must be sent again"
            assert server_path() == globex
        with CaptureQueriesContext(connection) as queries:
            connection.cursor().close()
        assert len(sets(queries)) == 1 and server_path() == acme


def test_a_rolled_back_transaction_forgets_the_path(world):
    """On a connection of its own (the test's is inside a transaction that must not end): a SET inside a transaction
    that rolls back is undone, and the next cursor sends it again."""
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        own.set_schema(world.acme.schema_name)
        own.cursor().close()
        own.set_autocommit(False)
        own.set_schema(world.globex.schema_name)
        own.cursor().close()
        own.rollback()
        (path,) = own.connection.execute("SHOW search_path").fetchone()
        assert path.startswith(world.acme.schema_name)
        with CaptureQueriesContext(own) as queries:
            own.cursor().close()
        assert len(sets(queries)) == 1
        (path,) = own.connection.execute("SHOW search_path").fetchone()
        assert path.startswith(world.globex.schema_name)
        own.rollback()
        own.set_autocommit(True)
    finally:
        own.close()
