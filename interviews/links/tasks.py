from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from interviews.links.services import reminders_send


@app.task
def send_reminders_all_workspaces() -> None:
    """Beat runs this in `public`: each workspace's due reminders, each sent once (reminded_at is the lock)."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            reminders_send()
