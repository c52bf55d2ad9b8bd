"""`POST /api/v1/insights/validate/` creates a validation round (one neutral question per insight, a fresh sample
invited under the contact rules); `GET /api/v1/insights/{id}/validation/` reads an insight's result.

Members read; owners and researchers (and API keys of those roles) write."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.models import Study
from synthesis.insights.services import insight_get
from synthesis.validation import selectors, services
from workspaces.api import as_drf_error


class ValidateSerializer(serializers.Serializer):
    insights = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False,
                                     max_length=services.MAX_INSIGHTS)  # fmt: skip
    study = serializers.PrimaryKeyRelatedField(
        queryset=Study.objects.all(), required=False, allow_null=True,
        help_text="Where the round goes; by default the study most of the insights' quotes come from.",
    )  # fmt: skip
    filters = serializers.DictField(
        child=serializers.CharField(), required=False, default=dict,
        help_text='Participant attributes the sample must have, e.g. {"segment": "smb"}.',
    )  # fmt: skip
    size = serializers.IntegerField(min_value=1, max_value=services.MAX_SIZE)
    send_email = serializers.BooleanField(default=True)


class ValidationQuestionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    insight = serializers.IntegerField()
    text = serializers.CharField()
    backend = serializers.CharField(help_text="offline or openai.")
    lint = serializers.ListField(child=serializers.CharField(), help_text="Lint codes the question still has.")
    note = serializers.CharField(help_text="Why the model's question was replaced, when it was.")


class SampledPersonSerializer(serializers.Serializer):
    participant = serializers.IntegerField()
    email = serializers.EmailField()


class SampleRefusedSerializer(SampledPersonSerializer):
    reason = serializers.CharField()
    code = serializers.CharField(help_text="do_not_contact, no_consent, cap or cooldown.")


class ValidateResponseSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    study = serializers.IntegerField()
    questions = ValidationQuestionOutSerializer(many=True)
    invited = SampledPersonSerializer(many=True)
    refused = SampleRefusedSerializer(many=True)
    excluded = serializers.IntegerField(help_text="Participants quoted in the insights, left out of the sample.")


class ValidateView(APIView):
    """Validate insights at scale: a new async round with one neutral question per insight, and up to `size`
    participants matching `filters` invited (those quoted in the insights left out; the contact rules refuse some,
    with reasons)."""

    @extend_schema(request=ValidateSerializer, responses={201: ValidateResponseSerializer})
    def post(self, request):
        serializer = ValidateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        study = data.get("study") or services.default_study(data["insights"])
        actor = request.user if getattr(request.user, "pk", None) else None
        try:
            result = services.validation_round_create(
                insights=data["insights"], study=study, filters=data["filters"], size=data["size"],
                send_email=data["send_email"], actor=actor,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = {
            "round": result.round.pk,
            "study": result.round.study_id,
            "questions": [
                {"id": q.pk, "insight": d.insight_id, "text": q.text, "backend": d.backend, "lint": d.lint,
                 "note": d.note}
                for q, d in result.questions
            ],
            "invited": [{"participant": p.pk, "email": p.email} for p in result.invited],
            "refused": [{"participant": r.participant.pk, "email": r.participant.email, "reason": r.reason,
                         "code": r.code} for r in result.refused],
            "excluded": result.excluded,
        }  # fmt: skip
        return Response(body, status=status.HTTP_201_CREATED)


class ValidationTallySerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Classified answers, unclear ones included.")
    confirms = serializers.IntegerField()
    contradicts = serializers.IntegerField()
    unclear = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="confirms / (confirms + contradicts).")
    interval = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="95% Wilson score interval of the share."
    )


class ContradictingAnswerSerializer(serializers.Serializer):
    quote = serializers.CharField(help_text="The answer's exact words that contradict the insight.")
    session = serializers.IntegerField()


class ValidationResultSerializer(ValidationTallySerializer):
    attribute = serializers.CharField(help_text="The participant attribute `by_segment` splits by.")
    by_segment = serializers.DictField(child=ValidationTallySerializer())
    contradicting = ContradictingAnswerSerializer(many=True)


class InsightValidationView(APIView):
    """An insight's validation result: answers by verdict, the share confirming with its 95% Wilson interval,
    split by a participant attribute (`?by=`, default segment), and the contradicting quotes."""

    @extend_schema(
        responses=ValidationResultSerializer,
        parameters=[OpenApiParameter("by", str, required=False, description="Attribute to split by (segment).")],
    )
    def get(self, request, pk: int):
        insight = insight_get(pk)
        if insight is None:
            raise Http404
        result = selectors.insight_validation(insight, attribute=request.query_params.get("by", ""))
        return Response(result.as_dict())
