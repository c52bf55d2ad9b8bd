"""Signals other apps receive without interviews knowing them (synthesis classifies validation answers).

`session_completed` is sent after the completing transaction commits, with `session_id` and `schema_name`."""

from django.dispatch import Signal

session_completed = Signal()
