"""Full-text search: the trigger function that keeps every searchable table's `search_vector` current, and the
vectors of studies, rounds and participants.

The function lives in the workspace's own schema and stems with the workspace's language
(`workspaces_workspace.search_language`, English when the schema has no workspace row, e.g. a template). Its
arguments name the row's columns with their weights: `parley_search_vector('title', 'A', 'purpose', 'B')`. The
columns are not Django fields: nothing but PostgreSQL writes them, and no page loads them with every row.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION parley_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
    doc jsonb := to_jsonb(NEW);
    vector tsvector := ''::tsvector;
    i integer := 0;
BEGIN
    SELECT w.search_language::regconfig INTO config
      FROM public.workspaces_workspace w WHERE w.schema_name = TG_TABLE_SCHEMA;
    config := COALESCE(config, 'english'::regconfig);
    WHILE i < TG_NARGS LOOP
        vector := vector || setweight(to_tsvector(config, COALESCE(doc ->> TG_ARGV[i], '')), TG_ARGV[i + 1]::"char");
        i := i + 2;
    END LOOP;
    NEW.search_vector := vector;
    RETURN NEW;
END
$$;
"""


def searchable(table: str, **weights: str) -> migrations.RunSQL:
    columns = ", ".join(weights)
    arguments = ", ".join(f"'{column}', '{weight}'" for column, weight in weights.items())
    return migrations.RunSQL(
        f"""
        ALTER TABLE {table} ADD COLUMN search_vector tsvector;
        CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector);
        CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE OF {columns} ON {table}
            FOR EACH ROW EXECUTE FUNCTION parley_search_vector({arguments});
        UPDATE {table} SET {next(iter(weights))} = {next(iter(weights))};
        """,
        f"""
        DROP TRIGGER {table}_search ON {table};
        ALTER TABLE {table} DROP COLUMN search_vector;
        """,
    )


class Migration(migrations.Migration):
    dependencies = [("studies", "0008_recruitment_screeners_quotas")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION parley_search_vector();"),
        searchable("studies_study", title="A", public_title="B", research_questions="B", public_description="C"),
        searchable("studies_round", purpose="A"),
        searchable("studies_participant", name="A", email="A", attributes="B"),
    ]
