"""New workspaces get their schema by copying a template schema that `migrate_schemas` keeps migrated.

Migrating a new schema runs every migration of every app (seconds, and more with each release); copying the
template's tables, indexes, constraints, functions, triggers and rows (its `django_migrations` and content types)
is a fixed handful of statements sent in one round trip. `migrate_schemas` (and `migrate`) migrate the template
first, creating it when it is missing, through the executor named by `GET_EXECUTOR_FUNCTION` in the settings.

A workspace is only ever copied from a template that has applied every migration the code has: when the template
is missing, behind, or holds an object this copier does not know how to copy, the new schema is migrated as before.
An advisory lock keeps a copy from reading the template while `migrate_schemas` changes it.
"""

import functools
import logging
import re
from dataclasses import dataclass

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.migration_executors import get_executor
from django_tenants.migration_executors.base import run_migrations
from django_tenants.utils import get_public_schema_name

logger = logging.getLogger(__name__)

# Not a workspace: no Workspace row names it, so nothing that loops over workspaces (beat, the portfolio) enters it.
TEMPLATE_SCHEMA = "parley_template"
LOCK_ID = 0x70746D70  # any constant: the template's advisory lock (shared by copies, exclusive while migrating)
# What the copier handles in a schema: ordinary tables (with their identity sequences), indexes, functions.
# Anything else (views, free-standing sequences, types...) makes workspaces be migrated until it learns it.
KNOWN_RELATION_KINDS = {"r", "i", "S"}


@functools.cache
def code_migrations() -> frozenset[tuple[str, str]]:
    """The newest migration of each app, as the code has them (read from disk once per process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes())


def template_applied_migrations() -> frozenset[tuple[str, str]] | None:
    """The migrations the template has applied, or None when there is no template."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{TEMPLATE_SCHEMA}.django_migrations"])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT app, name FROM {TEMPLATE_SCHEMA}.django_migrations")
        return frozenset(cursor.fetchall())


def template_missing_migrations(applied: frozenset[tuple[str, str]] | None = None) -> list[str]:
    """Migrations of the code the template has not applied, or ["(no template)"] when there is none."""
    if applied is None and (applied := template_applied_migrations()) is None:
        return ["(no template)"]
    return sorted(f"{app}.{name}" for app, name in code_migrations() - applied)


def schema_copy_from_template(schema_name: str) -> bool:
    """Create `schema_name` as a copy of the template, in the current transaction. Returns False, having done
    nothing, when the template is missing, behind the code or holds what this copier cannot copy."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_ID])
    applied = template_applied_migrations()
    if missing := template_missing_migrations(applied):
        logger.warning(
            "workspace schema %s migrated, not copied: the template lacks %s (run `manage.py migrate_schemas`)",
            schema_name,
            ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else ""),
        )
        return False
    if (definitions := _template_definitions(applied)) is None:
        return False
    statements = _copy_statements(schema_name, definitions)
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
    return True


@dataclass(frozen=True)
class _Definitions:
    tables: list[tuple[str, list[str], bool]]  # name, the columns to copy rows through, an ALWAYS identity
    identities: list[tuple[str, str]]
    constraints: list[tuple[str, str, str]]
    indexes: list[str]
    functions: list[str]
    triggers: list[str]


# The template's definitions, by the migrations it had applied when they were read: only a migration changes the
# template, and reading the catalogs costs more with every workspace (they are filtered by schema, which no catalog
# index leads with), so each process reads them once per state of the template.
_definitions_cache: dict[frozenset[tuple[str, str]], _Definitions] = {}


def _template_definitions(applied: frozenset[tuple[str, str]]) -> _Definitions | None:
    if (definitions := _definitions_cache.get(applied)) is None and (definitions := _read_definitions()):
        _definitions_cache.clear()
        _definitions_cache[applied] = definitions
    return definitions


def _read_definitions() -> _Definitions | None:
    """The template's tables, constraints, indexes, functions and triggers, or None (having logged why) when it
    holds what this copier cannot copy.

    Definitions are read with the template alone on the search path, so that PostgreSQL writes the template's
    own objects unqualified and everything else (public's tables) qualified; they are then run with the new schema
    first on the search path. Index, function and trigger definitions name their schema whatever the search
    path; for them the template's exact qualified name is replaced."""
    source = TEMPLATE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path TO {source}")
        cursor.execute(
            "SELECT DISTINCT relkind FROM pg_class WHERE relnamespace = %s::regnamespace"
            " UNION SELECT 'type' FROM pg_type t WHERE typnamespace = %s::regnamespace AND typtype NOT IN ('b', 'c')"
            "   AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)",
            [source, source],
        )
        unknown = {kind for (kind,) in cursor.fetchall()} - KNOWN_RELATION_KINDS
        cursor.execute(
            "SELECT count(*) FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            " WHERE s.relkind = 'S' AND s.relnamespace = %s::regnamespace AND d.deptype = 'i'",
            [source],
        )
        owned_sequences = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relnamespace = %s::regnamespace",
            [source],
        )
        if cursor.fetchone()[0] != owned_sequences:
            unknown.add("sequence of its own")
        if unknown:
            logger.warning("workspace schema migrated, not copied: the template holds %s", ", ".join(sorted(unknown)))
            cursor.execute("SET LOCAL search_path TO public")
            return None
        # Tables, each with the columns to copy rows through (generated columns are computed, not copied).
        cursor.execute(
            "SELECT c.relname, array_agg(quote_ident(a.attname) ORDER BY a.attnum)"
            "   FILTER (WHERE a.attgenerated = ''),"
            "  bool_or(a.attidentity = 'a')"
            " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            " WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' GROUP BY c.relname ORDER BY c.relname",
            [source],
        )
        tables = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND a.attidentity <> ''"
            " AND NOT a.attisdropped",
            [source],
        )
        identities = cursor.fetchall()
        # Primary keys, unique and exclusion constraints before foreign keys, which need them; CHECK and NOT NULL
        # constraints come with the table.
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
            " JOIN pg_class c ON c.oid = k.conrelid"
            " WHERE c.relnamespace = %s::regnamespace AND k.contype IN ('p', 'u', 'x', 'f')"
            " ORDER BY k.contype = 'f', c.relname, k.conname",
            [source],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relnamespace = %s::regnamespace"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype <> 'f')"
            " ORDER BY c.relname",
            [source],
        )
        indexes = [definition for (definition,) in cursor.fetchall()]
        cursor.execute(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = %s::regnamespace ORDER BY p.oid",
            [source],
        )
        functions = [definition for (definition,) in cursor.fetchall()]
        cursor.execute(
            "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal ORDER BY t.tgname",
            [source],
        )
        triggers = [definition for (definition,) in cursor.fetchall()]
        cursor.execute("SET LOCAL search_path TO public")
    return _Definitions(tables, identities, constraints, indexes, functions, triggers)


def _copy_statements(target: str, definitions: _Definitions) -> list[str]:
    """The SQL that recreates the template as `target`: tables, rows, constraints, indexes, functions, triggers."""
    source = TEMPLATE_SCHEMA
    qualified = re.compile(rf"\b{re.escape(source)}\.")

    def retarget(definition: str) -> str:
        return qualified.sub(f"{target}.", definition)

    statements = [f"CREATE SCHEMA {target}", f"SET LOCAL search_path TO {target}, public"]
    statements += [retarget(definition) for definition in definitions.functions]
    for table, columns, always_identity in definitions.tables:
        statements.append(
            f'CREATE TABLE {target}."{table}" (LIKE {source}."{table}" INCLUDING DEFAULTS INCLUDING IDENTITY'
            " INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)"
        )
        column_list = ", ".join(columns)
        overriding = " OVERRIDING SYSTEM VALUE" if always_identity else ""
        statements.append(
            f'INSERT INTO {target}."{table}" ({column_list}){overriding} SELECT {column_list} FROM {source}."{table}"'
        )
    for table, column in definitions.identities:
        statements.append(
            f"SELECT setval(pg_get_serial_sequence('{target}.\"{table}\"', '{column}'),"
            f' (SELECT coalesce(max("{column}"), 0) + 1 FROM {target}."{table}"), false)'
        )
    for table, name, definition in definitions.constraints:
        statements.append(f'ALTER TABLE {target}."{table}" ADD CONSTRAINT "{name}" {definition}')
    statements += [retarget(definition) for definition in definitions.indexes]
    statements += [retarget(definition) for definition in definitions.triggers]
    statements.append("SET LOCAL search_path TO public")
    return statements


def template_migrate(args, options, codename: str) -> None:
    """Create the template if it is missing and migrate it, holding its lock so that no copy reads it half-way.

    The lock is taken on the connection the migrations run on: a session never waits for its own locks, so a
    transaction that copied the template (a test's) can still migrate it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {TEMPLATE_SCHEMA}")
    try:
        run_migrations(args, options, codename, TEMPLATE_SCHEMA)
    finally:
        if connection.connection is not None:  # run_migrations closes it (releasing the lock) outside a transaction
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])


class TemplateKeepingMixin:
    """Migrating every workspace migrates the template first, so new workspaces have the new tables at once."""

    def run_migrations(self, tenants=None):
        migrating_all_workspaces = not self.options.get("schema_name") and list(tenants or []) != [
            get_public_schema_name()
        ]
        if migrating_all_workspaces:
            template_migrate(self.args, self.options, self.codename)
        return super().run_migrations(tenants)


@functools.cache
def migration_executor(codename: str | None = None) -> type:
    """django-tenants' executor (standard, multiprocessing...) that also keeps the template migrated."""
    base = get_executor(codename)
    return type(f"TemplateKeeping{base.__name__}", (TemplateKeepingMixin, base), {})
