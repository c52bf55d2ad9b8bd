from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from outbox.services import email_deliver, email_deliver_pending


@app.task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def deliver(email_id: int) -> None:
    email_deliver(email_id=email_id)


@app.task
def sweep_all_workspaces() -> None:
    """Beat runs this in `public`; it delivers pending emails of every schema."""
    for schema_name in get_tenant_model().objects.values_list("schema_name", flat=True):
        with schema_context(schema_name):
            email_deliver_pending()
