"""`POST /api/v1/bookings/{id}/transcript/`: import a call's transcript (WebVTT, SRT, SBV or plain text) into a
booking, with the speakers' roles given or proposed; `preview=true` shows the proposal without saving.
`/api/v1/bookings/{id}/recording/`: upload (or give the address of) the call's recording, to be transcribed."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.models import Booking, Recording
from interviews.transcripts.parsers import MAX_BYTES, SPEAKER_MAX_LENGTH
from interviews.transcripts.recordings import recording_add, recording_import, recording_roles_proposed
from interviews.transcripts.services import transcript_import, transcript_preview
from interviews.transcripts.speakers import ROLES
from workspaces.api import as_drf_error


class TranscriptUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="WebVTT (Zoom, Teams, Google Meet), SRT, or plain “Speaker: text” lines.")
    participant_speaker = serializers.CharField(
        max_length=SPEAKER_MAX_LENGTH, required=False, allow_blank=True, default="",
        help_text="The participant's speaker label in the file; empty: the speaker named like the participant, "
        "else the one speaker who is not the host.",
    )  # fmt: skip
    speakers = serializers.JSONField(
        required=False, default=dict,
        help_text='Roles of speaker labels as the file spells them, e.g. {"Dana R": "interviewer", "Miguel": '
        '"participant"} (roles: interviewer, participant, other); speakers left out get the proposed role.',
    )  # fmt: skip
    replace = serializers.BooleanField(
        default=False, help_text="Replace the booking's transcript (refused when it has highlights)."
    )
    preview = serializers.BooleanField(
        default=False, help_text="Save nothing: answer 200 with each speaker's lines, sample and proposed role."
    )

    def validate_file(self, upload):
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class SpeakerProposalSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The speaker's label in the file.")
    lines = serializers.IntegerField()
    sample = serializers.CharField()
    role = serializers.ChoiceField(choices=ROLES, help_text="The proposed role.")
    scores = serializers.DictField(
        child=serializers.DictField(child=serializers.FloatField()),
        help_text="For each role, the score of each signal behind the proposal.",
    )


class TranscriptPreviewSerializer(serializers.Serializer):
    speakers = SpeakerProposalSerializer(many=True)


class TranscriptImportedSerializer(serializers.Serializer):
    transcript = serializers.IntegerField(help_text="The new transcript's id (see /api/v1/transcripts/).")
    booking = serializers.IntegerField()
    utterances = serializers.IntegerField(help_text="How many utterances the file became.")
    speakers = serializers.DictField(child=serializers.CharField(), help_text="Each speaker label and its role.")


def _imported_body(transcript, booking: Booking) -> dict:
    speakers = dict(transcript.utterances.order_by("order").values_list("speaker_name", "speaker_role"))
    return {"transcript": transcript.pk, "booking": booking.pk, "utterances": transcript.utterances.count(),
            "speakers": speakers}  # fmt: skip


class BookingTranscriptView(APIView):
    """Upload the transcript of a booking's call as multipart `file`. 201 with the transcript's id, utterance
    count and each speaker's role; 400 naming the file's line when it cannot be read, or the unknown speaker in
    `speakers` (nothing is saved); a booking that already has a transcript needs `replace=true`."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": TranscriptUploadSerializer},
                   responses={201: TranscriptImportedSerializer, 200: TranscriptPreviewSerializer})  # fmt: skip
    def post(self, request, pk: int):
        booking = Booking.objects.filter(pk=pk).first()
        if booking is None:
            raise NotFound("No such booking in this workspace.")
        serializer = TranscriptUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        content, filename = data["file"].read(), data["file"].name
        try:
            if data["preview"]:
                guesses = transcript_preview(
                    booking=booking, content=content, filename=filename,
                    participant_speaker=data["participant_speaker"], replace=data["replace"],
                )  # fmt: skip
                return Response(TranscriptPreviewSerializer({"speakers": guesses}).data)
            transcript = transcript_import(
                booking=booking, content=content, filename=filename, participant_speaker=data["participant_speaker"],
                speakers=data["speakers"], replace=data["replace"],
                actor=request.user if getattr(request.user, "pk", None) else None,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = _imported_body(transcript, booking)
        return Response(TranscriptImportedSerializer(body).data, status=status.HTTP_201_CREATED)


def booking_or_404(pk: int) -> Booking:
    booking = Booking.objects.select_related("host", "participant").filter(pk=pk).first()
    if booking is None:
        raise NotFound("No such booking in this workspace.")
    return booking


def latest_recording(pk: int) -> Recording:
    recording = booking_or_404(pk).recordings.order_by("-created_at").first()
    if recording is None:
        raise NotFound("This booking has no recording.")
    return recording


class RecordingUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="The call's audio or video (mp3, m4a, mp4, wav, webm...).")
    url = serializers.URLField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Or an address the job downloads it from (http or https, a public address, within the size limit).",
    )  # fmt: skip


class RecordingSegmentSerializer(serializers.Serializer):
    start_ms = serializers.IntegerField()
    end_ms = serializers.IntegerField()
    text = serializers.CharField()
    speaker = serializers.CharField(allow_blank=True, default="", help_text="The server's speaker, when it said.")


class RecordingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    booking = serializers.IntegerField(source="booking_id")
    status = serializers.CharField(help_text="queued, running, done or failed.")
    error = serializers.CharField(help_text="Why it failed (or that no speech was heard).")
    chunks_total = serializers.IntegerField()
    chunks_done = serializers.IntegerField(help_text="Progress: chunks transcribed so far.")
    duration_ms = serializers.IntegerField(allow_null=True)
    diarized = serializers.BooleanField(help_text="Speakers came from the transcription server.")
    segments = serializers.IntegerField(source="segment_count", help_text="Segments transcribed so far.")
    transcript = serializers.IntegerField(source="transcript_id", allow_null=True,
                                          help_text="The transcript it became, once imported.")  # fmt: skip
    file_deleted_at = serializers.DateTimeField(allow_null=True, help_text="When retention deleted the file.")
    created_at = serializers.DateTimeField()


class RecordingDetailSerializer(RecordingSerializer):
    transcription = RecordingSegmentSerializer(many=True, source="segments", help_text="Segments transcribed so far.")
    proposed_roles = serializers.SerializerMethodField(
        help_text="Without the server's speakers: who said each segment, as proposed (interviewer, participant)."
    )

    def get_proposed_roles(self, recording) -> list[str]:
        return [] if recording.diarized else recording_roles_proposed(recording)


class RecordingImportSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ROLES), required=False, allow_null=True, default=None,
        help_text="Who said each segment, one role per segment in order (interviewer, participant, other), for a "
        "recording the server did not diarize; left out: the proposed roles.",
    )  # fmt: skip
    speakers = serializers.DictField(
        child=serializers.ChoiceField(choices=ROLES), required=False, default=dict,
        help_text='With the server\'s speakers: their roles, e.g. {"Speaker A": "interviewer"}; left out: proposed.',
    )  # fmt: skip
    replace = serializers.BooleanField(
        default=False, help_text="Replace the booking's transcript (refused when it has highlights)."
    )


class BookingRecordingView(APIView):
    """A call's recording: POST uploads it as multipart `file` (or gives a `url` to fetch) and answers 202 while a
    worker transcribes it in chunks; GET shows the latest recording's progress. Speakers from a diarizing server make
    the transcript at once; otherwise import it with speaker roles from the booking's page. 400 names the refused
    file or address (nothing is saved)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses={200: RecordingDetailSerializer})
    def get(self, request, pk: int):
        return Response(RecordingDetailSerializer(latest_recording(pk)).data)

    @extend_schema(
        request={"multipart/form-data": RecordingUploadSerializer, "application/json": RecordingUploadSerializer},
        responses={202: RecordingSerializer},
    )
    def post(self, request, pk: int):
        booking = booking_or_404(pk)
        serializer = RecordingUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            recording = recording_add(booking=booking, upload=data.get("file"), url=data.get("url", ""),
                                      actor=request.user if getattr(request.user, "pk", None) else None)  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(RecordingSerializer(recording).data, status=status.HTTP_202_ACCEPTED)


class RecordingImportView(APIView):
    """Make the booking's latest transcribed recording its transcript: with `roles` (one per segment) when the
    server did not say who spoke, or `speakers` for the server's speaker labels; each left out takes the proposed
    roles (see GET `/recording/`). 201 as for an uploaded transcript; 400 naming the field (nothing is saved)."""

    @extend_schema(request=RecordingImportSerializer, responses={201: TranscriptImportedSerializer})
    def post(self, request, pk: int):
        recording = latest_recording(pk)
        serializer = RecordingImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        roles = data["roles"]
        if roles is None and not recording.diarized:
            roles = recording_roles_proposed(recording)
        try:
            transcript = recording_import(
                recording=recording, speakers=data["speakers"] or None, roles=roles, replace=data["replace"],
                actor=request.user if getattr(request.user, "pk", None) else None,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = _imported_body(transcript, recording.booking)
        return Response(TranscriptImportedSerializer(body).data, status=status.HTTP_201_CREATED)
