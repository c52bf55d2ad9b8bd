"""What async interviews tell the apps above them (which this app may not import)."""

from django.dispatch import Signal

# An anonymous open-link session now belongs to a participant (they opted in to a follow-up call). Sent inside the
# transaction, with `session` and `participant`: receivers keep their copies of the session's participant in step.
participant_attached = Signal()
