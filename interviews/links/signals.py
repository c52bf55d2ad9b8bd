"""What async interviews tell the apps above them (which this app may not import): synthesis classifies
validation answers when a session completes, and keeps highlights in step when a session gains its participant."""

from django.dispatch import Signal

# Sent after the completing transaction commits, with `session_id` and `schema_name`.
session_completed = Signal()
# An anonymous open-link session now belongs to a participant (they opted in to a follow-up call). Sent inside the
# transaction, with `session` and `participant`: receivers keep their copies of the session's participant in step.
participant_attached = Signal()
