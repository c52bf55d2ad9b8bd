from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from studies.programme.services import rounds_close_ended


@app.task
def close_ended_rounds_all_workspaces() -> None:
    """Beat runs this in `public`: each workspace's live rounds whose end date has passed are closed."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            rounds_close_ended()
