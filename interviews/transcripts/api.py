"""`POST /api/v1/bookings/{id}/transcript/`: import a call's transcript (WebVTT, SRT, SBV or plain text) into a
booking, with the speakers' roles given or proposed; `preview=true` shows the proposal without saving."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.models import Booking
from interviews.transcripts.parsers import MAX_BYTES, SPEAKER_MAX_LENGTH
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
        speakers = dict(transcript.utterances.order_by("order").values_list("speaker_name", "speaker_role"))
        body = {"transcript": transcript.pk, "booking": booking.pk, "utterances": transcript.utterances.count(),
                "speakers": speakers}  # fmt: skip
        return Response(TranscriptImportedSerializer(body).data, status=status.HTTP_201_CREATED)
