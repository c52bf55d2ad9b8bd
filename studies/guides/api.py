"""`/api/v1/` for discussion guides: one question at a time, the guide linter, and the versions of a live guide.

A round's questions are listed, added and reordered under `rounds/{id}/questions/` and its versions listed under
`rounds/{id}/guide-versions/` (studies.programme.api). A change to a live round's guide answers 409 (code
`live_round`, with the interviews in progress) unless the request says `confirm_live_edit=true`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.guides import services
from studies.guides.lint import lint_guide, lint_question
from studies.guides.selectors import VersionRow
from studies.guides.services import LiveEditNotConfirmed
from studies.models import GuideQuestion, RoundKind
from workspaces.api import as_drf_error
from workspaces.models import Role

CONFIRM = OpenApiParameter(
    "confirm_live_edit", OpenApiTypes.BOOL, required=False,
    description="Required (`true`) to change the guide of a live round: interviews in progress keep their version, "
    "participants who start afterwards get the new one. Also accepted in a JSON body.",
)  # fmt: skip
LIVE_CONFLICT = OpenApiResponse(
    description='The round is live and the change was not confirmed: `{"detail", "code": "live_round", "change", '
    '"guide_version", "sessions_in_progress", "calls_ahead"}`. Nothing changed.'
)


class LiveEditConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "live_round"

    def __init__(self, refusal: LiveEditNotConfirmed):
        # Kept as given: APIException would turn the numbers into strings.
        self.detail = {
            "detail": str(refusal),
            "code": refusal.code,
            "change": refusal.change,
            "guide_version": refusal.version,
            "sessions_in_progress": refusal.usage.in_progress,
            "calls_ahead": refusal.usage.calls_ahead,
        }


def confirmed(request) -> bool:
    """Whether the request confirms a change to a live guide (`?confirm_live_edit=true`, or in the body)."""
    value = request.query_params.get("confirm_live_edit")
    if value is None and isinstance(request.data, dict):
        value = request.data.get("confirm_live_edit")
    return value is True or str(value).lower() in ("true", "1")


def live_edit(call):
    """Run a guide service: a refused live change becomes the 409, a ValidationError the 400."""
    try:
        return call()
    except LiveEditNotConfirmed as refusal:
        raise LiveEditConflict(refusal) from None
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class QuestionSerializer(serializers.ModelSerializer):
    lint = serializers.SerializerMethodField()

    class Meta:
        model = GuideQuestion
        fields = ["id", "round", "order", "text", "intent", "probing", "max_follow_ups", "estimated_minutes", "lint"]
        read_only_fields = ["round", "order"]

    def get_lint(self, question) -> list[dict]:
        return [issue.__dict__ for issue in lint_question(question.text, learned=True)]


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), help_text="Every question id, in the new order.")


class GuideVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="version.number")
    change = serializers.CharField(source="version.change")
    created_by = serializers.EmailField(source="version.created_by.email", default=None)
    created_at = serializers.DateTimeField(source="version.created_at")
    questions = serializers.ListField(
        source="version.questions", child=serializers.DictField(),
        help_text="In order: id (of the question), text, intent, probing, max_follow_ups, estimated_minutes.",
    )  # fmt: skip
    changes = serializers.SerializerMethodField(
        help_text="What changed from the version before, each {kind: added, removed, reworded, edited or moved; "
        "position; text; old; new; field; summary}."
    )
    sessions = serializers.IntegerField(help_text="Interviews started on this version.")

    def get_changes(self, row: VersionRow) -> list[dict]:
        return [change.__dict__ | {"summary": change.summary} for change in row.changes]


WRITE_SCHEMA = {"parameters": [CONFIRM], "responses": {200: QuestionSerializer, 409: LIVE_CONFLICT}}


@extend_schema_view(
    update=extend_schema(**WRITE_SCHEMA),
    partial_update=extend_schema(**WRITE_SCHEMA),
    destroy=extend_schema(parameters=[CONFIRM], responses={204: None, 409: LIVE_CONFLICT}),
)
class QuestionViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """One guide question: change or delete it (create and list them under `rounds/{id}/questions/`). On a live
    round, confirm with `confirm_live_edit=true`, or get 409."""

    serializer_class = QuestionSerializer
    queryset = GuideQuestion.objects.order_by("round_id", "order")

    def perform_update(self, serializer):
        serializer.instance = live_edit(
            lambda: services.question_update(
                question=serializer.instance, actor=_actor(self.request), confirm_live_edit=confirmed(self.request),
                **serializer.validated_data,
            )
        )  # fmt: skip

    def perform_destroy(self, question):
        live_edit(
            lambda: services.question_delete(
                question=question, actor=_actor(self.request), confirm_live_edit=confirmed(self.request)
            )
        )


class GuideLintSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="One question.")
    questions = serializers.ListField(
        child=serializers.CharField(), required=False, allow_empty=False, help_text="A whole guide."
    )  # `[]` used to fall through to `text` and answer 500 when there was none
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
