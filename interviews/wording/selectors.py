"""What the email wording page shows: each kind with its built-in subject and a preview, rendered through the real
email templates with a made-up participant (so the preview is what a participant reads, never a copy of it)."""

from dataclasses import dataclass

from interviews.models import EmailKind, EmailWording
from interviews.wording.text import render_wording
from outbox.services import email_render

WHEN_SENT = {
    EmailKind.INTERVIEW_INVITATION: "when someone is invited to an async round (by a researcher, the API or a trigger)",
    EmailKind.INTERVIEW_REMINDER: "once, to the invited who have not started after the round's reminder delay",
    EmailKind.BOOKING_INVITATION: "when someone is invited to book a call (by hand or through a hand-off)",
    EmailKind.BOOKING_REMINDER: "before a booked call, at the round's reminder times",
    EmailKind.INCENTIVE_THANKS: "after an interview or call that earns an incentive",
}
SAMPLE_VALUES = {"first_name": "Alex", "study": "Getting started with our app", "round": "Why teams stall in week one"}


def _sample_context(kind: str, workspace_name: str) -> dict:
    """The context each template needs, for the made-up participant Alex Example."""
    link = "https://example.com/i/sample-link"
    common = {"name": "Alex Example", "workspace_name": workspace_name, "public_title": SAMPLE_VALUES["study"],
              "public_description": "", "incentive": "", "link": link, "minutes": 10}  # fmt: skip
    if kind == EmailKind.BOOKING_INVITATION:
        return {**common, "minutes": 45}
    if kind == EmailKind.BOOKING_REMINDER:
        return {"participant_name": "Alex Example", "host_name": "Sam Host", "workspace_name": workspace_name,
                "study_title": SAMPLE_VALUES["study"], "when": "Tuesday 4 March, 15:00-15:45 (Europe/Berlin)",
                "minutes": 45, "location": "", "manage_link": link, "hours_left": 24, "minutes_left": 1440}  # fmt: skip
    if kind == EmailKind.INCENTIVE_THANKS:
        return {**common, "incentive": "a €25 gift card", "when": "within two weeks"}
    return common


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str


@dataclass(frozen=True)
class WordingRow:
    kind: str
    label: str
    when_sent: str
    builtin_subject: str
    subject: str
    opening: str
    preview: Preview


def email_wording_rows(*, workspace_name: str, drafts: dict[str, tuple[str, str]] | None = None) -> list[WordingRow]:
    """Every kind with its saved wording (or `drafts`, the form's unsaved values) and a preview of the email as the
    made-up participant would receive it. One query."""
    saved = {row.kind: (row.subject, row.opening) for row in EmailWording.objects.all()}
    rows = []
    for kind in EmailKind:
        subject, opening = (drafts or {}).get(kind, saved.get(kind, ("", "")))
        context = _sample_context(kind, workspace_name)
        builtin_subject = email_render(kind.value, context)[0]
        filled = render_wording(subject=subject, opening=opening, values=SAMPLE_VALUES)
        preview_subject, text, _ = email_render(kind.value, {**context, **filled})
        rows.append(WordingRow(kind=kind.value, label=kind.label, when_sent=WHEN_SENT[kind],
                               builtin_subject=builtin_subject, subject=subject, opening=opening,
                               preview=Preview(subject=preview_subject, text=text.strip())))  # fmt: skip
    return rows
