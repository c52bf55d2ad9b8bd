"""A participant's async sessions, calls and transcripts: erased with them and exported on request
(studies.privacy.registry)."""

from django.db.models import Q, QuerySet

from interviews.models import (
    Booking,
    BookingInvite,
    IdempotencyKey,
    InterviewLink,
    Message,
    Recording,
    Role,
    Session,
    Transcript,
    Utterance,
)
from interviews.transcripts.recordings import recording_files_delete, recordings_purge
from studies.models import Participant
from studies.privacy.registry import (
    register_eraser,
    register_exporter,
    register_file_retainer,
    register_retainer,
)
from studies.privacy.selectors import rows
from studies.privacy.services import gone, mentions


def participant_sessions(participant: Participant) -> QuerySet[Session]:
    """Their sessions, and open-link sessions that left their address for “finish later”."""
    return Session.objects.filter(Q(participant=participant) | Q(email__iexact=participant.email))


def participant_transcripts(participant: Participant) -> QuerySet[Transcript]:
    return Transcript.objects.filter(
        Q(participant=participant)
        | Q(session__in=participant_sessions(participant))
        | Q(booking__participant=participant)
    ).distinct()


@register_eraser(order=10)
def erase_interviews(participant: Participant, *, dry_run: bool) -> dict[str, int]:
    sessions = participant_sessions(participant)
    transcripts = participant_transcripts(participant)
    counts = {
        "utterances": Utterance.objects.filter(transcript__in=transcripts).count(),
        "answers": Message.objects.filter(session__in=sessions, role=Role.PARTICIPANT).count(),
    }
    # Transcripts first: the bookings and sessions they came from only let go of them (SET_NULL).
    counts["transcripts"] = gone(transcripts, dry_run)
    counts["sessions"] = gone(sessions, dry_run)
    # Their calls' recordings go with the bookings; the files on disk are deleted first.
    recordings = Recording.objects.filter(booking__participant=participant)
    counts["recordings"] = recordings.count() if dry_run else recording_files_delete(recordings)
    counts["bookings"] = gone(Booking.objects.filter(participant=participant), dry_run)
    counts["booking_invitations"] = gone(BookingInvite.objects.filter(participant=participant), dry_run)
    counts["personal_links"] = gone(InterviewLink.objects.filter(participant=participant), dry_run)
    # An API call's stored reply (replayed on retry) may name them.
    counts["stored_api_replies"] = gone(IdempotencyKey.objects.filter(mentions(participant, "body")), dry_run)
    return counts


@register_exporter(order=10)
def export_interviews(participant: Participant) -> dict[str, list]:
    sessions = participant_sessions(participant).order_by("started_at")
    transcripts = participant_transcripts(participant).order_by("occurred_at")
    return {
        "async_sessions": rows(
            sessions,
            "id",
            "round__study__title",
            "round__purpose",
            "status",
            "email",
            "hidden_attributes",
            "consented_at",
            "followup_opt_in_at",
            "started_at",
            "completed_at",
        ),
        "async_messages": rows(
            Message.objects.filter(session__in=sessions).order_by("session", "order"),
            "session_id",
            "order",
            "role",
            "kind",
            "text",
            "created_at",
        ),
        "bookings": rows(
            Booking.objects.filter(participant=participant).order_by("start"),
            "id",
            "round__study__title",
            "round__purpose",
            "start",
            "end",
            "timezone",
            "status",
            "answers",
            "location",
            "cancel_reason",
            "created_at",
        ),
        "transcripts": rows(transcripts, "id", "kind", "title", "round__study__title", "occurred_at"),
        "utterances": rows(
            Utterance.objects.filter(transcript__in=transcripts).order_by("transcript", "order"),
            "transcript_id",
            "order",
            "speaker_role",
            "speaker_name",
            "text",
            "start_ms",
            "end_ms",
        ),
    }


@register_file_retainer(order=10)
def retain_recordings(*, now, rules) -> dict[str, int]:
    """Calls' audio and video files go after the workspace's recording retention; their transcripts stay."""
    return {"recording_files": recordings_purge(now=now, rules=rules)}


PSEUDONYMISED_TITLE = "Interview (pseudonymised by retention)"


def retention_deleted_utterances(*, cutoff, keep_highlights: bool) -> QuerySet[Utterance]:
    """The utterances `retain_interviews` deletes for this cutoff: every one of an old transcript, or, when the
    workspace keeps highlights, those no highlight covers (the highlighted ones stay, without a name). Other apps'
    retainers read it before it runs, to remove their copies of these words."""
    old = Utterance.objects.filter(transcript__occurred_at__lt=cutoff).exclude(transcript__title=PSEUDONYMISED_TITLE)
    return old.filter(highlights__isnull=True) if keep_highlights else old


@register_retainer(order=10)
def retain_interviews(*, cutoff, keep_highlights: bool) -> dict[str, int]:
    """Delete transcripts and async sessions (with their answers) older than the cutoff. A transcript with
    highlights, when the workspace keeps them, keeps only its highlighted utterances, with no name or link."""
    old = Transcript.objects.filter(occurred_at__lt=cutoff).exclude(title=PSEUDONYMISED_TITLE)
    counts = {"utterances": 0, "transcripts_pseudonymised": 0}
    if keep_highlights:
        kept = old.filter(utterances__highlights__isnull=False).distinct()
        raw = Utterance.objects.filter(transcript__in=kept, highlights__isnull=True)
        counts["utterances"] = gone(raw, dry_run=False)
        Utterance.objects.filter(transcript__in=kept).update(speaker_name="")
        counts["transcripts_pseudonymised"] = Transcript.objects.filter(pk__in=kept.values("pk")).update(
            participant=None, session=None, title=PSEUDONYMISED_TITLE
        )
        old = old.exclude(title=PSEUDONYMISED_TITLE)
    counts["utterances"] += Utterance.objects.filter(transcript__in=old).count()
    counts["transcripts"] = gone(old, dry_run=False)
    sessions = Session.objects.filter(last_activity_at__lt=cutoff)
    counts["answers"] = Message.objects.filter(session__in=sessions, role=Role.PARTICIPANT).count()
    counts["sessions"] = gone(sessions, dry_run=False)
    return counts
