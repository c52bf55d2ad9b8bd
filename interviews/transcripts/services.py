"""Imported transcripts of sync calls: a parsed file becomes a `Transcript` of `Utterance`s on a booking, each
speaker given a role; `transcript_import` writes everything in one transaction, after the file parsed cleanly.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import Booking, BookingStatus, Role, Transcript, Utterance
from interviews.transcripts.parsers import parse_transcript
from studies.models import RoundKind
from workspaces.models import User

OTHER = "other"


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def speaker_roles(*, speakers: list[str], participant_name: str = "", participant_email: str = "",
                  host_names: tuple[str, ...] = (), participant_speaker: str = "") -> dict[str, str]:  # fmt: skip
    """Role of each speaker label: the participant is the label given, else the one matching the participant's name
    (or email's local part), else the only one who is not the host; hosts are interviewers; anyone else "other"."""
    by_norm = {_norm(s): s for s in speakers}
    hosts = {_norm(h) for h in host_names if h and h.strip()}
    participant = ""
    if participant_speaker.strip():
        participant = by_norm.get(_norm(participant_speaker), "")
        if not participant:
            listed = ", ".join(f"“{s}”" for s in speakers) or "none"
            raise ValidationError(
                {"participant_speaker": f"“{participant_speaker}” does not speak in this file (speakers: {listed})."}
            )
    if not participant and participant_name and _norm(participant_name) in by_norm:
        participant = by_norm[_norm(participant_name)]
    if not participant and participant_email:
        local = _norm(participant_email.split("@")[0].replace(".", " "))
        participant = by_norm.get(local, "")
    if not participant and participant_name:
        # Zoom shows the name people typed when joining: "Priya" for Priya Singh, "Priya Singh (she/her)".
        given = _norm(participant_name).split()
        matches = [s for s in speakers if _norm(s).split()[:1] == given[:1] and _norm(s) not in hosts]
        participant = matches[0] if len(matches) == 1 else ""
    if not participant:
        others = [s for s in speakers if _norm(s) not in hosts]
        participant = others[0] if len(others) == 1 else ""
    roles = {}
    for speaker in speakers:
        if speaker == participant:
            roles[speaker] = Role.PARTICIPANT
        elif _norm(speaker) in hosts:
            roles[speaker] = Role.INTERVIEWER
        else:
            roles[speaker] = OTHER
    return roles


def _host_names(host: User) -> tuple[str, ...]:
    """The labels a call's host may have in the file: full name, first name, email, or its local part."""
    names = [host.get_full_name(), host.get_short_name(), host.email, host.email.split("@")[0]]
    return tuple(dict.fromkeys(name for name in names if name))


@transaction.atomic
def transcript_import(*, booking: Booking, content: bytes, filename: str, participant_speaker: str = "",
                      replace: bool = False, actor: User | None) -> Transcript:  # fmt: skip
    """Turn an uploaded file into the booking's transcript. A booking that has one keeps it unless `replace`; a
    transcript with highlights is never replaced (they would be lost). Nothing is written when the file is bad."""
    cues = parse_transcript(content, filename)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("round__study", "participant", "host", "transcript")
        .get(pk=booking.pk)
    )
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError("This call was cancelled: there is no conversation to import.")
    if booking.start > timezone.now():
        raise ValidationError("The call has not taken place yet.")
    old = booking.transcript
    if old is not None:
        if not replace:
            raise ValidationError(
                {"file": "This booking already has a transcript. Replace it (“Replace it with another file”, or "
                         "replace=true in the API) to import another."}
            )  # fmt: skip
        if old.highlights.exists():
            raise ValidationError(
                {"file": "The booking's transcript has highlights from synthesis, which replacing it would delete. "
                         "Remove them on its coding page first."}
            )  # fmt: skip
    speakers = list(dict.fromkeys(cue.speaker for cue in cues if cue.speaker))
    participant = booking.participant
    roles = speaker_roles(
        speakers=speakers,
        participant_name=participant.name,
        participant_email=participant.email,
        host_names=_host_names(booking.host),
        participant_speaker=participant_speaker,
    )
    if old is not None:
        booking.transcript = None
        booking.save(update_fields=["transcript"])
        old.delete()
    who = participant.name or participant.email
    transcript = Transcript(
        kind=RoundKind.SYNC,
        round=booking.round,
        participant=participant,
        title=f"{booking.round.study.title} · {who} (call)"[: Transcript._meta.get_field("title").max_length],
        occurred_at=booking.start,
    )
    transcript.full_clean()
    transcript.save()
    Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript,
            order=order,
            speaker_role=roles.get(cue.speaker, OTHER),
            speaker_name=cue.speaker,
            text=cue.text,
            start_ms=cue.start_ms,
            end_ms=cue.end_ms,
        )
        for order, cue in enumerate(cues, start=1)
    )
    booking.transcript = transcript
    booking.save(update_fields=["transcript"])
    return transcript


@transaction.atomic
def transcript_participant_set(*, transcript: Transcript, speaker: str, actor: User | None) -> Transcript:
    """Say which speaker label is the participant, when the import guessed wrong or could not tell; the booking's
    host stays the interviewer. Highlights keep their spans: only the utterances' roles change."""
    booking = getattr(transcript, "booking", None)
    participant = transcript.participant
    utterances = list(transcript.utterances.select_for_update().order_by("order"))
    speakers = list(dict.fromkeys(u.speaker_name for u in utterances if u.speaker_name))
    roles = speaker_roles(
        speakers=speakers,
        participant_name=participant.name if participant else "",
        participant_email=participant.email if participant else "",
        host_names=_host_names(booking.host) if booking else (),
        participant_speaker=speaker,
    )
    changed = [u for u in utterances if u.speaker_name and u.speaker_role != roles[u.speaker_name]]
    for utterance in changed:
        utterance.speaker_role = roles[utterance.speaker_name]
    Utterance.objects.bulk_update(changed, ["speaker_role"])
    return transcript
