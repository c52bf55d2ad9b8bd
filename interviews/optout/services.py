"""The opt-out link in every email to a participant: a signed token that sets do-not-contact without signing in.

The token names the workspace's schema and the participant, signed with the secret key under its own salt, and
never expires (an old email's link must still work). A token made for one workspace is refused on another's host.
"""

from django.core import signing
from django.db import connection, transaction
from django.urls import reverse

from studies.models import ChangeSource, Participant
from studies.participants.services import participant_save
from workspaces.selectors import current_workspace

SALT = "parley.opt-out"


def opt_out_token(participant: Participant) -> str:
    return signing.dumps({"w": connection.schema_name, "p": participant.pk}, salt=SALT, compress=True)


def opt_out_url(participant: Participant) -> str:
    return current_workspace().url.rstrip("/") + reverse("optout:page", kwargs={"token": opt_out_token(participant)})


def opt_out_participant(token: str) -> tuple[bool, Participant | None]:
    """(whether the token is ours, the participant it names if they are still here): a good token for someone
    since erased is still ours, and they are told they will not hear from us."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False, None
    if not isinstance(payload, dict) or payload.get("w") != connection.schema_name:
        return False, None
    return True, Participant.objects.filter(pk=payload.get("p")).first()


@transaction.atomic
def participant_opt_out(*, participant: Participant) -> Participant:
    """Set do-not-contact, recorded as coming from the opt-out link (no account acted). Doing it twice is harmless."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.do_not_contact:
        return participant
    return participant_save(participant=participant, actor=None, source=ChangeSource.OPT_OUT, do_not_contact=True)


def recipient_context(to: str) -> dict:
    """The opt-out link for an email to `to` when `to` is a participant of the current workspace (none for team
    members' emails, nor on the public schema)."""
    if connection.schema_name == "public":
        return {}
    participant = Participant.objects.filter(email__iexact=(to or "").strip()).first()
    if participant is None:
        return {}
    return {"opt_out_url": opt_out_url(participant), "opt_out_workspace": current_workspace().name}
