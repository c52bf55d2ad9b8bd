"""Celery tasks for webhooks. tenant-schemas-celery runs `deliver` in the schema that enqueued it."""

from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from config.celery import app
from webhooks.services import webhook_deliver, webhook_deliver_due


@app.task
def deliver(delivery_id: int) -> None:
    """First attempt right after commit. A failure is recorded on the row and retried by the sweep, not here."""
    webhook_deliver(delivery_id=delivery_id)


@app.task
def sweep_all_workspaces() -> None:
    """Beat runs this in `public` every minute; it makes the due attempts (retries, broker outages) of every schema."""
    schemas = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for schema_name in schemas.values_list("schema_name", flat=True):
        with schema_context(schema_name):
            webhook_deliver_due()
