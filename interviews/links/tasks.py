import contextlib

from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from interviews.links.reminders import reminders_send
from interviews.links.services import interviewer_reply
from interviews.models import Session


@app.task
def send_reminders_all_workspaces() -> None:
    """Beat runs this in `public`: each workspace's due reminders, each sent once (reminded_at is the lock)."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            reminders_send()


@app.task
def reply(session_id: int) -> None:
    """The interviewer's reply to a session's pending answer, in the schema that enqueued it: the model is called
    here, not in the web request. Acknowledged late: a worker that dies mid-call leaves it for another, and the
    participant's page asks the interviewer itself once the reply is overdue."""
    with contextlib.suppress(Session.DoesNotExist):  # deleted meanwhile (its study was removed): no one to reply to
        interviewer_reply(session=Session(pk=session_id))  # reads the session once, with what the turn needs
