from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from studies.privacy.retention import retention_apply


@app.task
def apply_retention_all_workspaces() -> None:
    """Beat runs this in `public`: each workspace with a retention period loses what is older than it."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            retention_apply()
