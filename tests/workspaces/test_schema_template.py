"""New workspaces are copies of a template schema that `migrate_schemas` keeps current, never older than the code."""

import logging
import shutil
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from workspaces import schema_template
from workspaces.schema_template import TEMPLATE_SCHEMA, template_missing_migrations
from workspaces.services import workspace_create

pytestmark = pytest.mark.django_db

NEW_MIGRATION = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("webhooks", "{parent}")]
    operations = [
        migrations.RunSQL(
            "CREATE TABLE webhooks_added_after_template (id bigint PRIMARY KEY, note text NOT NULL)",
            "DROP TABLE webhooks_added_after_template",
        )
    ]
"""


def snapshot(schema: str) -> dict[str, list[tuple]]:
    """What a schema holds that code relies on: columns, constraints, indexes, functions, triggers, sequences and
    the rows migrations wrote. Definitions are read with the schema on the search path and its name blanked."""

    def rows(sql: str, *params) -> list[tuple]:
        cursor.execute(sql, params)
        return sorted(tuple(row) for row in cursor.fetchall())

    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path TO {schema}")
        found = {
            "columns": rows(
                "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity,"
                " identity_generation, is_generated, generation_expression, character_maximum_length"
                " FROM information_schema.columns WHERE table_schema = %s",
                schema,
            ),
            # Exclusion constraints' WHERE clauses come back re-parsed (same meaning, other casts): compare their
            # operators and columns instead.
            "constraints": rows(
                "SELECT conrelid::regclass::text, conname, contype, condeferrable, condeferred,"
                " CASE WHEN contype = 'x' THEN conexclop::text || conkey::text ELSE pg_get_constraintdef(oid) END"
                " FROM pg_constraint WHERE connamespace = %s::regnamespace",
                schema,
            ),
            # Partial indexes' WHERE clauses too: compare what comes before them.
            "indexes": rows(
                "SELECT c.relname, split_part(replace(pg_get_indexdef(i.indexrelid), %s, ''), ' WHERE ', 1)"
                " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = %s::regnamespace",
                f"{schema}.",
                schema,
            ),
            "functions": rows(
                "SELECT proname, replace(pg_get_functiondef(oid), %s, '') FROM pg_proc"
                " WHERE pronamespace = %s::regnamespace",
                f"{schema}.",
                schema,
            ),
            "triggers": rows(
                "SELECT tgname, replace(pg_get_triggerdef(t.oid), %s, ''), tgenabled FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal",
                f"{schema}.",
                schema,
            ),
            "sequences": rows("SELECT sequencename FROM pg_sequences WHERE schemaname = %s", schema),
            "migrations": rows("SELECT app, name FROM django_migrations"),
            "content_types": rows("SELECT id, app_label, model FROM django_content_type"),
        }
        cursor.execute("SET LOCAL search_path TO public")
    return found


def migrated_schema(name: str) -> str:
    """A schema made the slow way, by running every migration, to compare copies with."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {name}")
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return name


def test_a_new_workspace_is_a_copy_of_the_template_identical_to_a_migrated_schema(world):
    assert template_missing_migrations() == []  # `migrate` made it when the test database was created

    copied = workspace_create(slug="copied", name="Copied", owner_email="copy@example.com")

    assert snapshot(copied.schema_name) == snapshot(migrated_schema("ws_migrated_for_comparison"))
    # The copy works: ids start afresh, content types keep the template's ids, the audit log stays append-only.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {copied.schema_name}.django_migrations")
        assert cursor.fetchone()[0] == len(snapshot(TEMPLATE_SCHEMA)["migrations"])
        cursor.execute(
            f"INSERT INTO {copied.schema_name}.django_content_type (app_label, model) VALUES ('x', 'y') RETURNING id"
        )
        cursor.execute(f"SELECT max(id) FROM {TEMPLATE_SCHEMA}.django_content_type")
        highest = cursor.fetchone()[0]
        cursor.execute(f"SELECT max(id) FROM {copied.schema_name}.django_content_type")
        assert cursor.fetchone()[0] == highest + 1


@pytest.fixture
def webhooks_migration_added_after_the_template(tmp_path):
    """The webhooks app with one more migration than the template has applied, as after an upgrade."""
    package = f"e18_added_{uuid.uuid4().hex[:8]}"
    migrations = tmp_path / package / "migrations"
    migrations.mkdir(parents=True)
    (tmp_path / package / "__init__.py").write_text("")
    source = Path(__import__("webhooks.migrations").migrations.__file__).parent
    for path in source.glob("*.py"):
        shutil.copy(path, migrations / path.name)
    parent = max(path.stem for path in source.glob("0*.py"))
    (migrations / "9999_added_after_template.py").write_text(NEW_MIGRATION.format(parent=parent))
    sys.path.insert(0, str(tmp_path))
    schema_template.code_migrations.cache_clear()
    try:
        with override_settings(MIGRATION_MODULES={"webhooks": f"{package}.migrations"}):
            yield ("webhooks", "9999_added_after_template")
    finally:
        sys.path.remove(str(tmp_path))
        schema_template.code_migrations.cache_clear()


def _has_new_table(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{schema}.webhooks_added_after_template"])
        return cursor.fetchone()[0] is not None


def test_a_migration_added_after_the_template_reaches_the_template_and_every_new_workspace(
    world, webhooks_migration_added_after_the_template, caplog
):
    app, name = webhooks_migration_added_after_the_template
    assert template_missing_migrations() == [f"{app}.{name}"]

    # The template is behind: the new workspace is migrated instead, and gets the new table all the same.
    with caplog.at_level(logging.WARNING, logger="workspaces.schema_template"):
        before = workspace_create(slug="before-upgrade", name="Before", owner_email="before@example.com")
    assert _has_new_table(before.schema_name)
    assert "migrated, not copied: the template lacks webhooks.9999_added_after_template" in caplog.text

    # Upgrading migrates the template along with the workspaces ...
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    assert template_missing_migrations() == []
    assert _has_new_table(TEMPLATE_SCHEMA)
    assert _has_new_table(world.acme.schema_name)

    # ... and the next workspace is a copy with the new table, as complete as the migrated one (the session's
    # workspaces were copied from the template as it was before: its definitions must be read again).
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="workspaces.schema_template"):
        after = workspace_create(slug="after-upgrade", name="After", owner_email="after@example.com")
    assert "not copied" not in caplog.text
    assert _has_new_table(after.schema_name)
    assert snapshot(after.schema_name) == snapshot(before.schema_name)


def test_without_a_template_workspaces_are_migrated_and_migrate_schemas_makes_it_again(world, caplog):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA {TEMPLATE_SCHEMA} CASCADE")  # rolled back with the test
    assert template_missing_migrations() == ["(no template)"]

    with caplog.at_level(logging.WARNING, logger="workspaces.schema_template"):
        migrated = workspace_create(slug="no-template", name="No template", owner_email="none@example.com")
    assert "the template lacks (no template)" in caplog.text
    assert snapshot(migrated.schema_name)["migrations"]

    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    assert template_missing_migrations() == []
    assert snapshot(TEMPLATE_SCHEMA)["columns"] == snapshot(migrated.schema_name)["columns"]


def test_workspace_tables_name_accounts_without_a_constraint_on_the_accounts_table(world):
    """Each constraint from a workspace's table to `public`'s accounts puts two triggers on the accounts table per
    workspace: with 31 of them, the third hundred workspaces took 2.2x as long to create as the first. Only Django's
    admin log (not ours) and the booking hosts' link table (whose other column keeps its constraint) have one."""
    with connection.cursor() as cursor:
        for schema in (world.acme.schema_name, TEMPLATE_SCHEMA):
            cursor.execute(
                "SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                " WHERE c.relnamespace = %s::regnamespace AND k.contype = 'f'"
                " AND k.confrelid = 'public.workspaces_user'::regclass ORDER BY 1",
                [schema],
            )
            assert [name for (name,) in cursor.fetchall()] == ["django_admin_log", "interviews_bookingrules_hosts"]
