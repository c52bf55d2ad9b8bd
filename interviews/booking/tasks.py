from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from interviews.booking.notifications import booking_reminders_send


@app.task
def send_booking_reminders_all_workspaces() -> None:
    """Beat runs this in `public` every minute: each workspace's due booking reminders, each sent once (a unique
    reminder row is claimed with the email)."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            booking_reminders_send()
