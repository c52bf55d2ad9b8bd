"""Full-text search over roadmap items, kept by `parley_search_vector()` (studies 0008), with a GIN index."""

from django.db import migrations

TABLE = "roadmap_roadmapitem"


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0003_share_attributes"), ("studies", "0009_search_vectors")]

    operations = [
        migrations.RunSQL(
            f"""
            ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector;
            CREATE INDEX {TABLE}_search_idx ON {TABLE} USING gin (search_vector);
            CREATE TRIGGER {TABLE}_search BEFORE INSERT OR UPDATE OF title, description ON {TABLE}
                FOR EACH ROW EXECUTE FUNCTION parley_search_vector('title', 'A', 'description', 'B');
            UPDATE {TABLE} SET title = title;
            """,
            f"DROP TRIGGER {TABLE}_search ON {TABLE}; ALTER TABLE {TABLE} DROP COLUMN search_vector;",
        )
    ]
