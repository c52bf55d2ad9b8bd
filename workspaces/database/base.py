"""The database backend (settings.DATABASES' ENGINE): django-tenants' PostgreSQL backend, sending `SET search_path`
only when the path in effect on the connection is not already the one asked for.

django-tenants forgets the path each time a workspace is entered (every request, task and `schema_context`), so
each request sent the statement again, and twice: `public` for the host's lookup, then the workspace's. A
session-level SET lasts until another one, the end of the connection, or the rollback of the transaction (or the
savepoint) that issued it. This backend remembers the path it last set and forgets it at each of those (a rollback
may have undone it, so the next cursor sets it again), so that a kept connection serving one workspace sends none
after its first. `SET LOCAL` (workspaces.schema_template) ends with its transaction and leaves the session's path
as it was.
"""

from contextlib import contextmanager

from django_tenants.postgresql_backend import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self.path_in_effect = None  # the search path the server holds for this connection, when known
        self._path_as_it_is = False
        super().__init__(*args, **kwargs)

    @contextmanager
    def cursor_on_any_path(self):
        """A cursor that leaves the server's search path as it is, for statements that name every table with its
        schema: a request's host lookup, before the request's workspace is known."""
        self._path_as_it_is = True
        try:
            cursor = self.cursor()
        finally:
            self._path_as_it_is = False
        with cursor:
            yield cursor

    def _handle_search_path(self, cursor=None):
        if self._setting_search_path or self._path_as_it_is:
            return
        if self.search_path_set_schemas is None and self.schema_name:
            paths = self._get_cursor_search_paths()
            if paths == self.path_in_effect:
                self.search_path_set_schemas = paths
                return
        super()._handle_search_path(cursor)
        self.path_in_effect = self.search_path_set_schemas  # None when the SET failed

    def connect(self):
        self.path_in_effect = None
        super().connect()

    def _close(self):
        try:
            return super()._close()
        finally:
            self.path_in_effect = None

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self.path_in_effect = None

    def _savepoint_rollback(self, sid):
        try:
            return super()._savepoint_rollback(sid)
        finally:  # also a SET sent on the way to the rollback's statement: it came after the savepoint
            self.path_in_effect = None
