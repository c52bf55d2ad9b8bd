"""A release's new migration reaching existing workspaces: `migrate_schemas`' work per workspace, with django-tenants'
standard executor (one schema after another) and its multiprocessing one (TENANT_MULTIPROCESSING_MAX_PROCESSES).

The workspaces are the ones bench/creation.py just created (dropped with them afterwards). The new migration is one
that every release could bring: an index on a tenant table (roadmap items by creation time), in a copy of the
roadmap app's migrations with it added, put in place through MIGRATION_MODULES for this process only (and for the
executor's forked processes), so no other schema ever sees it. Half the workspaces go through each executor; each
must record the migration and have the index.
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from django.test.utils import override_settings
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor

ROOT = Path(__file__).resolve().parent.parent
APP = "roadmap"
PACKAGE = "parley_bench_migrations"
NAME = "9999_bench_created_at_index"
INDEX = "bench_roadmapitem_created_idx"
MIGRATION = f'''from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("{APP}", "{{latest}}")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX {INDEX} ON roadmap_roadmapitem (created_at)",
            "DROP INDEX {INDEX}",
        )
    ]
'''


def measure(schemas: list[str]) -> dict[str, float]:
    """Seconds per workspace for each executor over half of `schemas` each."""
    half = len(schemas) // 2
    batches = {"standard": schemas[:half], "multiprocessing": schemas[half : 2 * half]}
    folder = Path(tempfile.mkdtemp(prefix="parley-bench-migrations-"))
    try:
        _copy_migrations(folder / PACKAGE)
        sys.path.insert(0, str(folder))
        found = {}
        with override_settings(MIGRATION_MODULES={APP: PACKAGE}):
            for codename, batch in batches.items():
                started = time.perf_counter()
                get_executor(codename)([], _options(codename)).run_migrations(tenants=list(batch))
                found[f"migrate_new_{codename}_s_per_workspace"] = (time.perf_counter() - started) / len(batch)
                _check(batch)
        found["migrate_new_workspaces"] = 2 * half
        return found
    finally:
        sys.path.remove(str(folder)) if str(folder) in sys.path else None
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]
        shutil.rmtree(folder, ignore_errors=True)


def _copy_migrations(package: Path) -> None:
    source = ROOT / APP / "migrations"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__"))
    latest = max(p.stem for p in package.glob("[0-9][0-9][0-9][0-9]_*.py"))
    (package / f"{NAME}.py").write_text(MIGRATION.replace("{latest}", latest))


def _options(codename: str) -> dict:
    parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--tenant", "--verbosity", "0", "--executor", codename]))
    options.pop("args", None)
    return options


def _check(schemas: list[str]) -> None:
    """Every schema records the migration and has the index: a fast run that did nothing would be a lie."""
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(
                f'SELECT (SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s AND name = %s),'
                " (SELECT count(*) FROM pg_indexes WHERE schemaname = %s AND indexname = %s)",
                [APP, NAME, schema, INDEX],
            )
            recorded, indexed = cursor.fetchone()
            if (recorded, indexed) != (1, 1):
                raise RuntimeError(f"{schema}: the new migration recorded {recorded}x, its index found {indexed}x")
