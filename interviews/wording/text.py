"""The placeholders a workspace's wording may use, and the wording filled in for one participant.

Placeholders are replaced in one pass by a regular expression, never by `str.format` (which would let a template
reach attributes) and never twice (a participant named "{study}" stays "{study}"). What comes out is plain text: the
email templates show it as written in the subject and the text body and escape it in the HTML body.
"""

import re

from django.core.exceptions import ValidationError

from interviews.models.wording import OPENING_MAX_LENGTH, SUBJECT_MAX_LENGTH, EmailWording
from studies.models import Participant, Round

PLACEHOLDERS = {
    "first_name": "the participant's first name (empty when we do not know their name)",
    "study": "the study's title as participants see it (its public title)",
    "round": "the round's purpose, as written on the study page: participants read it",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
EMAIL_SUBJECT_MAX = 255  # outbox.Email.subject


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in `text` that are not ours, each once, in the order written."""
    found = [m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) not in PLACEHOLDERS]
    return list(dict.fromkeys(found))


def clean_subject(subject: str | None) -> str:
    """The subject as stored (one line), or ValidationError saying what is wrong with it."""
    subject = " ".join((subject or "").split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(f"Keep the subject to {SUBJECT_MAX_LENGTH} characters (it has {len(subject)}).")
    _check_placeholders(subject)
    return subject


def clean_opening(opening: str | None) -> str:
    opening = (opening or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(opening) > OPENING_MAX_LENGTH:
        raise ValidationError(f"Keep the paragraph to {OPENING_MAX_LENGTH} characters (it has {len(opening)}).")
    _check_placeholders(opening)
    return opening


def _check_placeholders(text: str) -> None:
    if unknown := unknown_placeholders(text):
        names = ", ".join("{" + name + "}" for name in unknown)
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        plural = "s" if len(unknown) > 1 else ""
        raise ValidationError(f"Unknown placeholder{plural} {names}: use {known}.")


def fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def render_wording(*, subject: str, opening: str, values: dict[str, str]) -> dict:
    """The email templates' `custom_subject` and `opening`, each only when the wording gives one that is not empty
    once filled (else the template's built-in wording stays)."""
    context = {}
    if subject and (filled := " ".join(fill(subject, values).split())[:EMAIL_SUBJECT_MAX]):
        context["custom_subject"] = filled
    if opening and (filled := fill(opening, values).strip()):
        context["opening"] = filled
    return context


def wording_for(kind: str) -> EmailWording | None:
    return EmailWording.objects.filter(kind=kind).first()


def wording_context(
    wording: EmailWording | None, *, participant: Participant, round: Round, workspace_name: str
) -> dict:
    """What an email to `participant` about `round` adds to its template context for this workspace's wording (call
    it inside the participant's language: the study's neutral title is translated)."""
    if wording is None:
        return {}
    names = (participant.name or "").split()
    values = {
        "first_name": names[0] if names else "",
        "study": round.study.participant_title(workspace_name),
        "round": round.purpose,
    }
    return render_wording(subject=wording.subject, opening=wording.opening, values=values)
