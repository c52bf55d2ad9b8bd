"""Celery tasks of recordings: thin wrappers over `interviews.transcripts.recordings`, in the enqueuing schema."""

from django_tenants.utils import get_tenant_model, schema_context

from config.celery import app
from interviews.transcripts.recordings import recording_transcribe, recordings_resume_stale


@app.task
def transcribe_recording(recording_id: int) -> None:
    """Transcribe one recording (or resume it from its last committed chunk)."""
    recording_transcribe(recording_id)


@app.task
def resume_recordings_all_workspaces() -> None:
    """Beat runs this in `public`: recordings never taken by a worker, or left by a dead one, go out again."""
    for schema_name in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            recordings_resume_stale()
