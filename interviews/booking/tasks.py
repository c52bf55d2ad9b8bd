from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from interviews.booking.calendars import calendars_refresh_due, host_calendar_refresh
from interviews.booking.notifications import booking_reminders_send
from interviews.models import HostCalendar


@app.task
def send_booking_reminders_all_workspaces() -> None:
    """Beat runs this in `public` every minute: each workspace's due booking reminders, each sent once (a unique
    reminder row is claimed with the email)."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            booking_reminders_send()


@app.task
def refresh_host_calendar(calendar_id: int) -> None:
    """Read one host calendar in the schema that enqueued it (a calendar just connected)."""
    calendar = HostCalendar.objects.select_related("schedule").filter(pk=calendar_id).first()
    if calendar is not None:
        host_calendar_refresh(calendar=calendar)


@app.task
def refresh_host_calendars_all_workspaces() -> None:
    """Beat runs this in `public` every ten minutes: each workspace's calendars not read in the last ten minutes."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            calendars_refresh_due()
