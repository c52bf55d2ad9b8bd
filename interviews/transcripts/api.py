"""`POST /api/v1/bookings/{id}/transcript/`: import a call's transcript (WebVTT, SRT or plain text) into a booking."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.models import Booking
from interviews.transcripts.parsers import MAX_BYTES, SPEAKER_MAX_LENGTH
from interviews.transcripts.services import transcript_import
from workspaces.api import as_drf_error


class TranscriptUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="WebVTT (Zoom, Teams, Google Meet), SRT, or plain “Speaker: text” lines.")
    participant_speaker = serializers.CharField(
        max_length=SPEAKER_MAX_LENGTH, required=False, allow_blank=True, default="",
        help_text="The participant's speaker label in the file; empty: the speaker named like the participant, "
        "else the one speaker who is not the host.",
    )  # fmt: skip
    replace = serializers.BooleanField(
        default=False, help_text="Replace the booking's transcript (refused when it has highlights)."
    )

    def validate_file(self, upload):
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class TranscriptImportedSerializer(serializers.Serializer):
    transcript = serializers.IntegerField(help_text="The new transcript's id (see /api/v1/transcripts/).")
    booking = serializers.IntegerField()
    utterances = serializers.IntegerField(help_text="How many utterances the file became.")
    speakers = serializers.DictField(child=serializers.CharField(), help_text="Each speaker label and its role.")


class BookingTranscriptView(APIView):
    """Upload the transcript of a booking's call as multipart `file`. 201 with the transcript's id and utterance
    count; 400 naming the file's line when it cannot be read (nothing is saved); a booking that already has a
    transcript needs `replace=true`."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": TranscriptUploadSerializer},
                   responses={201: TranscriptImportedSerializer})  # fmt: skip
    def post(self, request, pk: int):
        booking = Booking.objects.filter(pk=pk).first()
        if booking is None:
            raise NotFound("No such booking in this workspace.")
        serializer = TranscriptUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            transcript = transcript_import(
                booking=booking, content=data["file"].read(), filename=data["file"].name,
                participant_speaker=data["participant_speaker"], replace=data["replace"],
                actor=request.user if getattr(request.user, "pk", None) else None,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        speakers = dict(transcript.utterances.order_by("order").values_list("speaker_name", "speaker_role"))
        body = {"transcript": transcript.pk, "booking": booking.pk, "utterances": transcript.utterances.count(),
                "speakers": speakers}  # fmt: skip
        return Response(TranscriptImportedSerializer(body).data, status=status.HTTP_201_CREATED)
