"""`/api/v1/participants/`: participants, searched and filtered by attribute, and their CSV import."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from studies.models import ChangeSource, Erasure, Participant, Segment
from studies.participants import selectors, services
from studies.participants.forms import SegmentFilterForm
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
    last_contacted_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)
    rounds_taken = serializers.IntegerField(read_only=True, default=None)
    rating_avg = serializers.DecimalField(
        max_digits=3, decimal_places=2, read_only=True, allow_null=True, default=None,
        help_text="The team's average rating of their calls (1-5); never shown to them.",
    )  # fmt: skip

    class Meta:
        model = Participant
        fields = [
            "id", "name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact",
            "contact_count", "last_contacted_at", "rounds_taken", "rating_avg", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness (case-insensitive) is the service's: it answers with a field message.
        extra_kwargs = {"email": {"validators": []}}


FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.INT if field.__class__.__name__ == "IntegerField" else OpenApiTypes.STR,
                     description=str(field.label))
    for name, field in SegmentFilterForm.base_fields.items()
]  # fmt: skip


def _filters(data) -> dict:
    """The panel's filters from a query string or a body, or a 400 naming the field."""
    form = SegmentFilterForm(data)
    if not form.is_valid():
        raise exceptions.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
    return form.filters()


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

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return selectors.participants_list()
        return selectors.participants_list(filters=_filters(self.request.query_params))

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


class SegmentSerializer(serializers.ModelSerializer):
    filters = serializers.DictField(
        required=False, default=dict,
        help_text="The panel's filters: q, attr and value, interviewed_within_days, not_interviewed_days, "
        "not_contacted_days, rounds_min, rounds_max, rating_min, contactable.",
    )  # fmt: skip

    class Meta:
        model = Segment
        fields = ["id", "name", "filters", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"name": {"validators": []}}

    def validate_filters(self, value):
        # Stored as SegmentFilterForm cleans them: `attributes` given back by a read is accepted too.
        return _filters(SegmentFilterForm.initial_from(value))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["filters"] = SegmentFilterForm.initial_from(instance.filters)
        return data


class SegmentViewSet(viewsets.ModelViewSet):
    """Saved segments of the panel; `GET …/{id}/participants/` lists who is in one now."""

    serializer_class = SegmentSerializer
    queryset = Segment.objects.none()

    def get_queryset(self):
        return selectors.segments_list()

    def _save(self, serializer, segment=None):
        data = serializer.validated_data
        try:
            serializer.instance = services.segment_save(
                segment=segment, name=data.get("name", segment.name if segment else ""),
                filters=data.get("filters", segment.filters if segment else {}), actor=_actor(self.request),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        services.segment_delete(segment=instance, actor=_actor(self.request))

    @extend_schema(responses={200: ParticipantSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def participants(self, request, pk=None):
        members = selectors.segment_members(self.get_object())
        page = self.paginate_queryset(members)
        if page is not None:
            return self.get_paginated_response(ParticipantSerializer(page, many=True).data)
        return Response(ParticipantSerializer(members, many=True).data)
