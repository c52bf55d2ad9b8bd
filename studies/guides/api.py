"""`/api/v1/` for discussion guides: one question at a time, and the guide linter.

A round's questions are listed, added and reordered under `rounds/{id}/questions/` (studies.programme.api)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.guides import services
from studies.guides.lint import lint_guide, lint_question
from studies.models import GuideQuestion, RoundKind
from workspaces.api import as_drf_error
from workspaces.models import Role


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class QuestionSerializer(serializers.ModelSerializer):
    lint = serializers.SerializerMethodField()

    class Meta:
        model = GuideQuestion
        fields = ["id", "round", "order", "text", "intent", "probing", "max_follow_ups", "estimated_minutes", "lint"]
        read_only_fields = ["round", "order"]

    def get_lint(self, question) -> list[dict]:
        return [issue.__dict__ for issue in lint_question(question.text)]


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), help_text="Every question id, in the new order.")


class QuestionViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """One guide question: change or delete it (create and list them under `rounds/{id}/questions/`)."""

    serializer_class = QuestionSerializer
    queryset = GuideQuestion.objects.order_by("round_id", "order")

    def perform_update(self, serializer):
        try:
            serializer.instance = services.question_update(
                question=serializer.instance, actor=_actor(self.request), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_destroy(self, question):
        services.question_delete(question=question, actor=_actor(self.request))


class GuideLintSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="One question.")
    questions = serializers.ListField(child=serializers.CharField(), required=False, help_text="A whole guide.")
    minutes = serializers.ListField(child=serializers.FloatField(min_value=0), required=False)
    kind = serializers.ChoiceField(choices=RoundKind.choices, default=RoundKind.ASYNC)
    time_budget = serializers.FloatField(min_value=1, default=10)

    def validate(self, data):
        if "text" not in data and "questions" not in data:
            raise serializers.ValidationError({"text": "Send `text` (one question) or `questions` (a guide)."})
        if "minutes" in data and len(data["minutes"]) != len(data.get("questions", [])):
            raise serializers.ValidationError({"minutes": "Give one estimate per question."})
        return data


class GuideLintView(APIView):
    """Lint questions for survey-speak, leading and double-barrelled questions, yes/no openers, jargon, length."""

    write_roles = frozenset(Role.values)  # a POST that saves nothing: every member may ask

    @extend_schema(request=GuideLintSerializer, responses={200: dict})
    def post(self, request):
        serializer = GuideLintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        questions = data.get("questions") or [data["text"]]
        result = lint_guide(questions, kind=data["kind"], minutes=data.get("minutes"), time_budget=data["time_budget"])
        return Response(result.as_dict())
