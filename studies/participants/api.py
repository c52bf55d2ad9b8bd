"""`/api/v1/participants/`: participants, searched and filtered by attribute, and their CSV import."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from studies.models import ChangeSource, Erasure, Participant
from studies.participants import selectors, services
from studies.participants.importing import participants_import, participants_preview
from studies.privacy.selectors import participant_export
from studies.privacy.services import participant_erase
from workspaces.access import WRITE_RESEARCH
from workspaces.api import ReadBackMixin, as_drf_error
from workspaces.permissions import api_role


def _actor(request):
    """The member, or the API key's user (the audit log names the key); None only without a caller."""
    return request.user if request.user and request.user.is_authenticated else None


class ParticipantSerializer(serializers.ModelSerializer):
    attributes = serializers.DictField(child=serializers.CharField(max_length=200), required=False)
    contact_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Participant
        fields = [
            "id", "name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact",
            "contact_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness (case-insensitive) is the service's: it answers with a field message.
        extra_kwargs = {"email": {"validators": []}}


class ErasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Erasure
        fields = ["id", "erased_at", "via", "counts"]


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="The CSV file (multipart).")
    csv = serializers.CharField(required=False, help_text="Or the CSV as text (JSON).", trim_whitespace=False)
    dry_run = serializers.BooleanField(default=False, help_text="Preview only: nothing is saved.")
    skip_errors = serializers.BooleanField(default=False, help_text="Import the good rows even if some are bad.")

    def validate(self, data):
        if data.get("file"):
            data["data"] = data["file"].read()
        elif data.get("csv"):
            data["data"] = data["csv"]
        else:
            raise serializers.ValidationError({"file": "Send a CSV as `file` (multipart) or `csv` (text)."})
        return data


class ParticipantViewSet(ReadBackMixin, viewsets.ModelViewSet):
    """Participants; `?q=` searches name and email, `?attr=segment&value=smb` filters by an attribute."""

    serializer_class = ParticipantSerializer
    queryset = Participant.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        key, value = params.get("attr", ""), params.get("value", "")
        return selectors.participants_list(search=params.get("q", ""), attributes={key: value} if key else None)

    def _save(self, serializer, participant=None):
        try:
            participant = services.participant_save(
                participant=participant,
                actor=_actor(self.request),
                source=ChangeSource.API,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        serializer.instance = participant

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(request=ImportSerializer, responses={200: dict, 201: dict})
    @action(
        detail=False, methods=["post"], url_path="import", serializer_class=ImportSerializer,
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )  # fmt: skip
    def import_csv(self, request):
        """Preview (`dry_run`) or import a CSV; bad rows are reported by line, and nothing is saved if any is bad
        unless `skip_errors`."""
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            preview = participants_preview(data["data"])
            if data["dry_run"]:
                return Response(preview.as_dict())
            result = participants_import(data=data["data"], skip_errors=data["skip_errors"], actor=_actor(request))
        except DjangoValidationError as error:
            body = as_drf_error(error).detail
            if preview_errors := locals().get("preview"):
                body = {**body, "rows": preview_errors.as_dict()["errors"]}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        body = {"created": result.created, "updated": result.updated, "skipped_lines": result.skipped_lines,
                "errors": preview.as_dict()["errors"]}  # fmt: skip
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "erase", OpenApiTypes.BOOL, required=True,
                description="Must be true: deleting a participant erases everything the workspace holds about them.",
            )
        ],
        responses={200: ErasureSerializer, 400: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def destroy(self, request, *args, **kwargs):
        """Erase the participant: their answers, transcripts, highlights, bookings, contact history, emails and
        webhook deliveries go, in one transaction. The answer is the erasure record, which names nobody."""
        if request.query_params.get("erase") != "true":
            raise exceptions.ValidationError(
                {"erase": "Deleting a participant erases everything about them: send ?erase=true to confirm."}
            )
        participant = self.get_object()
        via = f"API key {request.auth.name}" if hasattr(request.auth, "name") else "API"
        erasure = participant_erase(participant=participant, actor=_actor(request), via=via)
        return Response(ErasureSerializer(erasure).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request, pk=None):
        """Everything the workspace holds about the participant, by section (an access request)."""
        if api_role(request) not in WRITE_RESEARCH:
            raise exceptions.PermissionDenied("Exports of personal data are for owners and researchers.")
        return Response(participant_export(self.get_object(), actor=request.user))
