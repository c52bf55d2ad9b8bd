"""Async interviews: open and personal links, invitations, the participant's chat with the interviewer, sessions
and their reminders.

`services` writes (every answer and turn goes through it), `selectors` reads for the pages and the API.
"""
