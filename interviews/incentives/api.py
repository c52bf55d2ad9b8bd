"""`/api/v1/incentives/`: the incentive ledger for payout integrations. Members read; owners and researchers
approve and mark paid."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from interviews.incentives import selectors, services
from interviews.models import IncentiveEntry, IncentiveStatus


class IncentiveSerializer(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField()
    study = serializers.IntegerField(source="round.study_id", read_only=True)
    payout_reference = serializers.SerializerMethodField()

    class Meta:
        model = IncentiveEntry
        fields = [
            "id", "participant", "round", "study", "session", "booking", "amount", "currency", "method", "status",
            "note", "reference", "payout_reference", "created_at", "approved_at", "paid_at", "declined_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_participant(self, entry) -> dict:
        return {"id": entry.participant_id, "email": entry.participant.email, "name": entry.participant.name}

    def get_payout_reference(self, entry) -> str:
        return services.payout_reference(entry)


class IncentiveIdsSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=1000)


class MarkPaidSerializer(IncentiveIdsSerializer):
    reference = serializers.CharField(max_length=200, help_text="The payout's reference, e.g. a batch id.")


class TransitionResultSerializer(serializers.Serializer):
    updated = serializers.ListField(child=serializers.IntegerField(), help_text="The ids that changed.")
    refused = serializers.DictField(child=serializers.CharField(), help_text="id -> why it did not change.")


def _result(moved, refused) -> Response:
    return Response({"updated": [e.pk for e in moved], "refused": {str(k): v for k, v in refused.items()}})


class IncentiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Incentives owed for completed interviews and held calls, newest first (`?status=`, `?round=`)."""

    serializer_class = IncentiveSerializer
    queryset = IncentiveEntry.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status", "")
        round_id = params.get("round", "")
        if status and status not in IncentiveStatus.values:
            raise serializers.ValidationError({"status": f"One of: {', '.join(IncentiveStatus.values)}."})
        if round_id and not round_id.isdigit():
            raise serializers.ValidationError({"round": "A round's id, e.g. 12."})
        return selectors.incentives(status=status, round_id=int(round_id) if round_id else None)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=IncentiveStatus.values),
            OpenApiParameter("round", int, description="Only this round's incentives."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _transition(self, request, status: str, serializer_class):
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            moved, refused = services.incentives_transition(
                ids=data.validated_data["ids"], status=status, actor=request.user,
                reference=data.validated_data.get("reference", ""),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return _result(moved, refused)

    @extend_schema(request=MarkPaidSerializer, responses={200: TransitionResultSerializer},
                   summary="Mark approved incentives paid, with the payout's reference")  # fmt: skip
    @action(detail=False, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request):
        return self._transition(request, IncentiveStatus.PAID, MarkPaidSerializer)

    @extend_schema(request=IncentiveIdsSerializer, responses={200: TransitionResultSerializer},
                   summary="Approve owed incentives")  # fmt: skip
    @action(detail=False, methods=["post"])
    def approve(self, request):
        return self._transition(request, IncentiveStatus.APPROVED, IncentiveIdsSerializer)
