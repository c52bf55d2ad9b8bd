"""Celery tasks of validation: thin wrappers over `synthesis.validation.services`."""

from config.celery import app
from synthesis.validation.services import session_answers_classify


@app.task
def classify_session(session_id: int) -> int:
    """Classify a completed session's validation answers in the schema that enqueued it."""
    return session_answers_classify(session_id=session_id)
