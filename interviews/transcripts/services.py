"""Imported transcripts of sync calls: a parsed file becomes a `Transcript` of `Utterance`s on a booking, each
speaker given a role; `transcript_import` writes everything in one transaction, after the file parsed cleanly.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import Booking, BookingStatus, Transcript, Utterance
from interviews.transcripts.parsers import Cue, parse_transcript
from interviews.transcripts.speakers import OTHER, Person, SpeakerGuess, Turn, check_mapping, identify_speakers
from studies.models import RoundKind
from workspaces.models import User


def _host_people(host: User | None) -> list[Person]:
    return [Person(full_name=host.get_full_name(), email=host.email)] if host else []


def _participant_person(participant) -> Person | None:
    return Person(full_name=participant.name, email=participant.email) if participant else None


def _turns(cues: list[Cue]) -> list[Turn]:
    return [Turn(speaker=cue.speaker, text=cue.text) for cue in cues]


def booking_check_importable(booking: Booking, *, replace: bool) -> None:
    """Refuse, before anything is parsed or shown, what the booking cannot take: a cancelled or future call, a
    transcript it has unless replacing, a transcript with highlights ever."""
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


def transcript_preview(*, booking: Booking, content: bytes, filename: str, participant_speaker: str = "",
                       replace: bool = False) -> list[SpeakerGuess]:  # fmt: skip
    """What importing the file would do, without writing: each speaker with its lines, a sample and the proposed
    role. Raises the same ValidationErrors as the import."""
    cues = parse_transcript(content, filename)
    booking_check_importable(booking, replace=replace)
    return identify_speakers(
        turns=_turns(cues), hosts=_host_people(booking.host), participant=_participant_person(booking.participant),
        participant_speaker=participant_speaker,
    )  # fmt: skip


@transaction.atomic
def transcript_import(*, booking: Booking, content: bytes, filename: str, participant_speaker: str = "",
                      speakers: dict[str, str] | None = None, replace: bool = False,
                      actor: User | None) -> Transcript:  # fmt: skip
    """Turn an uploaded file into the booking's transcript. Each speaker's role is the one given in `speakers`
    ({label: role}, from the preview or the API), else the proposed one. A booking that has one keeps it unless
    `replace`; a transcript with highlights is never replaced (they would be lost). Nothing is written when the
    file is bad."""
    cues = parse_transcript(content, filename)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("round__study", "participant", "host", "transcript")
        .get(pk=booking.pk)
    )
    booking_check_importable(booking, replace=replace)
    old = booking.transcript
    guesses = identify_speakers(
        turns=_turns(cues), hosts=_host_people(booking.host), participant=_participant_person(booking.participant),
        participant_speaker=participant_speaker,
    )  # fmt: skip
    roles = {guess.name: guess.role for guess in guesses}
    roles.update(check_mapping(speakers or {}, list(roles)))
    participant = booking.participant
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
def transcript_speakers_set(*, transcript: Transcript, speakers: dict[str, str], actor: User | None) -> Transcript:
    """Give speakers of a transcript their roles ({label: role}), when the import guessed wrong or could not tell.
    Labels left out keep theirs. Highlights keep their spans: only the utterances' roles change."""
    utterances = list(transcript.utterances.select_for_update().order_by("order"))
    names = list(dict.fromkeys(u.speaker_name for u in utterances if u.speaker_name))
    roles = check_mapping(speakers, names)
    changed = [u for u in utterances if u.speaker_name in roles and u.speaker_role != roles[u.speaker_name]]
    for utterance in changed:
        utterance.speaker_role = roles[utterance.speaker_name]
    Utterance.objects.bulk_update(changed, ["speaker_role"])
    return transcript
