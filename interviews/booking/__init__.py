"""Sync interviews: hosts' availability, the slot engine, bookings, their calendar invites and reminders.

`slots` computes free times, `schedules` writes hosts' hours, `services` writes the rest (every booking change
goes through it), `selectors` reads for pages and the API, `ics` renders calendar invites and the host's feed.
"""
