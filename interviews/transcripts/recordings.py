"""Recordings of sync calls: upload a file (or give its address), a Celery job cuts it into chunks with ffmpeg,
sends each to the transcription server and commits its segments with the progress, then the segments become the
booking's transcript: at once when the server said who spoke, otherwise after the researcher says who is who in the
import preview. Files live under the workspace's own media folder and go after its recording retention period.
"""

import logging
import math
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from interviews.models import Booking, BookingStatus, Recording, RecordingStatus, Role, Transcript
from interviews.transcripts import audio
from interviews.transcripts.services import transcript_import
from interviews.transcripts.speakers import OTHER, ROLE_LABELS, ROLES, propose_segment_roles
from interviews.transcripts.transcription import NOT_SET, TranscriptionError, transcribe_chunk, transcription_config
from studies.models import Governance
from workspaces import outbound
from workspaces.models import User

logger = logging.getLogger(__name__)

FETCH_SECONDS = 300  # a recording of an hour is ~60 MB; five minutes for any server worth fetching from
STALE_SECONDS = 600  # a running job without a committed chunk for this long was lost with its worker
UNKNOWN_SPEAKER = "Unknown speaker"
EXTENSIONS = (".mp3", ".m4a", ".mp4", ".mpeg", ".mpga", ".wav", ".webm", ".ogg", ".oga", ".opus", ".flac", ".mov",
              ".mkv", ".aac")  # fmt: skip


def max_bytes() -> int:
    return settings.PARLEY_RECORDING_MAX_MB * 1024 * 1024


def _check_booking(booking: Booking) -> None:
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError("This call was cancelled: there is no recording to transcribe.")
    if booking.start > timezone.now():
        raise ValidationError("The call has not taken place yet.")


def _check_upload(upload: UploadedFile) -> None:
    if upload.size > max_bytes():
        raise ValidationError({"file": f"The file is larger than {settings.PARLEY_RECORDING_MAX_MB} MB."})
    if Path(upload.name or "").suffix.lower() not in EXTENSIONS:
        raise ValidationError({"file": "Upload the call's audio or video: " + ", ".join(EXTENSIONS) + "."})


def _check_address(url: str) -> None:
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused as refused:
        raise ValidationError({"url": str(refused)}) from None


@transaction.atomic
def recording_add(*, booking: Booking, upload: UploadedFile | None = None, url: str = "",
                  actor: User | None) -> Recording:  # fmt: skip
    """Keep the call's recording (an upload, or an address the job fetches) and queue its transcription after
    commit. A refused file or address changes nothing."""
    url = (url or "").strip()
    if bool(upload) == bool(url):
        raise ValidationError({"file": "Upload the recording or give its address, one of the two."})
    booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
    _check_booking(booking)
    if booking.recordings.filter(status__in=[RecordingStatus.QUEUED, RecordingStatus.RUNNING]).exists():
        raise ValidationError("A recording of this call is being transcribed: wait for it to finish.")
    recording = Recording(booking=booking, source_url=url, created_by=actor)
    if upload:
        _check_upload(upload)
        recording.original_name, recording.size = (upload.name or "")[:200], upload.size
        recording.file.save(upload.name, upload, save=False)
    else:
        _check_address(url)
        recording.original_name = unquote(Path(urlsplit(url).path).name)[:200]
    recording.full_clean(exclude=["file"])
    recording.save()
    transaction.on_commit(lambda: _enqueue(recording.pk))
    return recording


def _enqueue(recording_id: int) -> None:
    from interviews.transcripts.tasks import transcribe_recording

    try:
        transcribe_recording.delay(recording_id)
    except Exception:  # the broker is down: the row is committed, `recordings_resume_stale` sends it again
        logger.exception("Could not enqueue the transcription of recording %s", recording_id)


@transaction.atomic
def recording_retry(*, recording: Recording, actor: User | None) -> Recording:
    """Try a failed transcription again from the chunk where it stopped."""
    recording = Recording.objects.select_for_update().get(pk=recording.pk)
    if recording.status != RecordingStatus.FAILED:
        raise ValidationError("Only a failed transcription can be tried again.")
    if recording.file_deleted_at:
        raise ValidationError("The recording's file was deleted by the retention rules.")
    recording.status, recording.error = RecordingStatus.QUEUED, ""
    recording.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: _enqueue(recording.pk))
    return recording


# The job ------------------------------------------------------------------------------------------------------------


def _claim(recording_id: int) -> Recording | None:
    """Take the job: a queued one, or a running one whose worker stopped committing chunks."""
    stale = timezone.now() - timedelta(seconds=STALE_SECONDS)
    with transaction.atomic():
        recording = Recording.objects.select_for_update(skip_locked=True).filter(pk=recording_id).first()
        if recording is None:
            return None
        running_elsewhere = recording.status == RecordingStatus.RUNNING and (
            recording.heartbeat_at and recording.heartbeat_at > stale
        )
        if recording.status in (RecordingStatus.DONE, RecordingStatus.FAILED) or running_elsewhere:
            return None
        recording.status, recording.heartbeat_at = RecordingStatus.RUNNING, timezone.now()
        recording.started_at = recording.started_at or recording.heartbeat_at
        recording.save(update_fields=["status", "heartbeat_at", "started_at"])
        return recording


def _fail(recording: Recording, message: str) -> None:
    Recording.objects.filter(pk=recording.pk).update(
        status=RecordingStatus.FAILED, error=message[:500], finished_at=timezone.now()
    )


def _fetch(recording: Recording, folder: Path) -> None:
    """Download the recording's address into the workspace's storage, through the outbound policy."""
    target = folder / ("download" + (Path(recording.original_name).suffix.lower()[:10] or ".bin"))
    limit = max_bytes()
    try:
        with (
            outbound.client(timeout=FETCH_SECONDS, follow_redirects=True, max_bytes=limit) as client,
            client.stream("GET", recording.source_url) as response,
        ):
            if response.status_code != 200:
                raise audio.AudioError(f"The recording's address answered HTTP {response.status_code}.")
            with target.open("wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    except outbound.ReplyTooLarge:
        raise audio.AudioError(f"The recording is larger than {settings.PARLEY_RECORDING_MAX_MB} MB.") from None
    except (outbound.ReplyTooSlow, httpx2.TimeoutException):
        raise audio.AudioError(f"The recording did not download within {FETCH_SECONDS} seconds.") from None
    except outbound.OutboundError as error:
        raise audio.AudioError(str(error)) from None
    except httpx2.HTTPError as error:
        raise audio.AudioError(f"The recording's address could not be read: {str(error)[:200]}.") from None
    with target.open("rb") as data:
        recording.file.save(target.name, File(data), save=False)
    recording.size = target.stat().st_size
    recording.save(update_fields=["file", "size"])


def recording_transcribe(recording_id: int) -> Recording | None:
    """The job: fetch when needed, cut into chunks, transcribe each, commit its segments and progress, then make
    the transcript. A failure is kept on the recording with its reason; the chunks done so far stay."""
    recording = _claim(recording_id)
    if recording is None:
        return None
    config = transcription_config()
    if config is None:
        _fail(recording, NOT_SET)
        return recording
    try:
        with tempfile.TemporaryDirectory(prefix="parley-recording-") as tmp:
            folder = Path(tmp)
            if not recording.file:
                _fetch(recording, folder)
            source = Path(recording.file.path)
            seconds = audio.duration_seconds(source)
            chunk = max(1, settings.PARLEY_RECORDING_CHUNK_SECONDS)
            total = max(1, math.ceil(seconds / chunk))
            Recording.objects.filter(pk=recording.pk).update(
                duration_ms=round(seconds * 1000), chunks_total=total, model=config.model
            )
            segments = list(recording.segments)
            for index in range(recording.chunks_done, total):
                start = index * chunk
                length = min(chunk, seconds - start)
                piece = audio.cut(source, start=start, seconds=length, into=folder / f"chunk-{index}.mp3",
                                  timeout=max(60, chunk))  # fmt: skip
                segments += transcribe_chunk(config, piece, offset_ms=round(start * 1000),
                                             length_ms=round(length * 1000))  # fmt: skip
                piece.unlink()
                Recording.objects.filter(pk=recording.pk).update(
                    segments=segments, chunks_done=index + 1, heartbeat_at=timezone.now()
                )
    except (audio.AudioError, TranscriptionError) as error:
        _fail(recording, str(error))
        return recording
    except Exception:
        logger.exception("Transcribing recording %s failed", recording.pk)
        _fail(recording, "Transcribing failed on the server; try again, or tell the operator.")
        raise
    return _finish(recording.pk)


def to_webvtt(segments: list[dict], labels: list[str] | None = None) -> str:
    """The segments as a WebVTT file, each with its speaker as a voice tag (`labels`, one per segment, else the
    server's speaker): the input of the import and its preview, so a transcribed recording goes through the same
    speaker checks as an uploaded transcript."""

    def stamp(ms: int) -> str:
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    blocks = ["WEBVTT"]
    for index, item in enumerate(segments):
        speaker = labels[index] if labels else (item.get("speaker") and f"Speaker {item['speaker']}")
        end = max(item["end_ms"], item["start_ms"] + 1)
        text = item["text"].replace("-->", "->").replace("&", "&amp;").replace("<", "&lt;")
        blocks.append(f"{stamp(item['start_ms'])} --> {stamp(end)}\n<v {speaker or UNKNOWN_SPEAKER}>{text}")
    return "\n\n".join(blocks) + "\n"


def recording_roles_proposed(recording: Recording) -> list[str]:
    """Who said each segment of a recording the server did not diarize, as proposed for the preview."""
    return propose_segment_roles([item["text"] for item in recording.segments])


def _role_names(booking: Booking) -> dict[str, str]:
    """The speaker name of each role in a transcript made from segment roles: the host's and the participant's
    names when they tell them apart, else the roles' own names."""
    names = {
        Role.INTERVIEWER.value: booking.host.get_full_name(),
        Role.PARTICIPANT.value: booking.participant.name,
        OTHER: "Someone else",
    }
    if not all(names.values()) or len(set(names.values())) < len(names):
        return {**ROLE_LABELS, OTHER: names[OTHER]}
    return names


@transaction.atomic
def _finish(recording_id: int) -> Recording:
    """Done, and (with speakers from the server) the transcript, in one commit: a reader who sees "done" sees the
    transcript too. Without speakers the researcher says who is who in the import preview first."""
    recording = Recording.objects.select_for_update().select_related("booking").get(pk=recording_id)
    recording.diarized = any(item.get("speaker") for item in recording.segments)
    recording.status, recording.finished_at = RecordingStatus.DONE, timezone.now()
    recording.error = "" if recording.segments else "The transcription server heard no speech in this recording."
    recording.save(update_fields=["diarized", "status", "finished_at", "error"])
    if recording.diarized and recording.booking.transcript_id is None:
        try:
            recording.transcript = recording_import(recording=recording, speakers=None, actor=None)
        except ValidationError as error:  # the booking changed meanwhile: the preview still offers it
            logger.info("Recording %s not imported at once: %s", recording.pk, error.messages)
    return recording


@transaction.atomic
def recording_import(*, recording: Recording, speakers: dict[str, str] | None = None, roles: list[str] | None = None,
                     replace: bool = False, actor: User | None) -> Transcript:  # fmt: skip
    """The recording's segments become the booking's transcript (through `transcript_import`): with the server's
    speakers and their roles (`speakers`, else proposed), or with a role for each segment (`roles`, one per
    segment, as the researcher set them in the preview) when the server did not say who spoke."""
    recording.refresh_from_db(fields=["status", "segments"])
    if recording.status != RecordingStatus.DONE or not recording.segments:
        raise ValidationError("This recording has no transcription to import.")
    labels = None
    if roles is not None:
        if len(roles) != len(recording.segments):
            raise ValidationError({"roles": f"Give one role for each of the {len(recording.segments)} segments "
                                            f"({len(roles)} given)."})  # fmt: skip
        wrong = sorted({str(role) for role in roles if role not in ROLES})
        if wrong:
            raise ValidationError({"roles": f"Not a role: {', '.join(wrong)} (use interviewer, participant or "
                                            "other)."})  # fmt: skip
        names = _role_names(recording.booking)
        labels = [names[role] for role in roles]
        speakers = {names[role]: role for role in set(roles)}
    transcript = transcript_import(booking=recording.booking, content=to_webvtt(recording.segments, labels).encode(),
                                   filename="recording.vtt", speakers=speakers, replace=replace,
                                   actor=actor)  # fmt: skip
    Recording.objects.filter(pk=recording.pk).update(transcript=transcript)
    return transcript


def recordings_resume_stale(*, now: datetime | None = None) -> int:
    """Queued recordings never taken (broker down) and running ones whose worker died go out again."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=STALE_SECONDS)
    ids = list(
        Recording.objects.filter(status__in=[RecordingStatus.QUEUED, RecordingStatus.RUNNING])
        .filter(created_at__lt=now - timedelta(seconds=60))
        .exclude(status=RecordingStatus.RUNNING, heartbeat_at__gt=stale)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)


# Retention ----------------------------------------------------------------------------------------------------------


def recording_files_delete(recordings) -> int:
    """Delete the files (not the rows, segments or transcripts) of these recordings."""
    deleted = 0
    for recording in recordings.exclude(file="").filter(file_deleted_at__isnull=True):
        recording.file.delete(save=False)
        Recording.objects.filter(pk=recording.pk).update(file="", file_deleted_at=timezone.now())
        deleted += 1
    return deleted


def recordings_purge(*, now: datetime | None = None, rules: Governance | None = None) -> int:
    """Delete recording files older than the workspace's recording retention (or its general retention, when
    shorter). Jobs still running keep theirs."""
    rules = rules or Governance.current()
    days = min(filter(None, [rules.recording_retention_days, rules.retention_days]))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Recording.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[RecordingStatus.QUEUED, RecordingStatus.RUNNING]
    )
    return recording_files_delete(old)
