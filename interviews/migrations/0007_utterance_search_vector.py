"""Full-text search over what was said: each utterance's `search_vector`, kept by `parley_search_vector()`
(studies 0008) in the workspace's language, with a GIN index."""

from django.db import migrations

TABLE = "interviews_utterance"


class Migration(migrations.Migration):
    dependencies = [("interviews", "0006_incentive_ledger"), ("studies", "0009_search_vectors")]

    operations = [
        migrations.RunSQL(
            f"""
            ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector;
            CREATE INDEX {TABLE}_search_idx ON {TABLE} USING gin (search_vector);
            CREATE TRIGGER {TABLE}_search BEFORE INSERT OR UPDATE OF text ON {TABLE}
                FOR EACH ROW EXECUTE FUNCTION parley_search_vector('text', 'A');
            UPDATE {TABLE} SET text = text;
            """,
            f"DROP TRIGGER {TABLE}_search ON {TABLE}; ALTER TABLE {TABLE} DROP COLUMN search_vector;",
        )
    ]
