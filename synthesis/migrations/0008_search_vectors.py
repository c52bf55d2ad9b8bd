"""Full-text search over highlights (their words and the researcher's note) and insight statements, kept by
`parley_search_vector()` (studies 0008) in the workspace's language, with GIN indexes."""

from django.db import migrations


def searchable(table: str, **weights: str) -> migrations.RunSQL:
    columns = ", ".join(weights)
    arguments = ", ".join(f"'{column}', '{weight}'" for column, weight in weights.items())
    first = next(iter(weights))
    return migrations.RunSQL(
        f"""
        ALTER TABLE {table} ADD COLUMN search_vector tsvector;
        CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector);
        CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE OF {columns} ON {table}
            FOR EACH ROW EXECUTE FUNCTION parley_search_vector({arguments});
        UPDATE {table} SET {first} = {first};
        """,
        f"DROP TRIGGER {table}_search ON {table}; ALTER TABLE {table} DROP COLUMN search_vector;",
    )


class Migration(migrations.Migration):
    dependencies = [("synthesis", "0007_highlight_pseudonym"), ("studies", "0009_search_vectors")]

    operations = [
        searchable("synthesis_highlight", text="A", note="B"),
        searchable("synthesis_insight", statement="A"),
    ]
