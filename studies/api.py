"""`/api/v1/` for study planning: studies, rounds and their guides, participants, the planner and the guide linter."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from studies import selectors, services
from studies.guide_lint import lint_guide
from studies.importing import participants_import, participants_preview
from studies.models import Goal, GuideQuestion, Participant, Round, RoundKind, Study, StudyStatus
from studies.planner import PlannerInput, Seniority, TimezoneSpread, recommend
from workspaces.api import as_drf_error
from workspaces.models import Role


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class StudySerializer(serializers.ModelSerializer):
    research_questions = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    owner = serializers.EmailField(source="owner.email", read_only=True, default=None)
    status = serializers.ChoiceField(choices=StudyStatus.choices, required=False, help_text="Allowed steps only.")
    round_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Study
        fields = [
            "id", "title", "goal", "research_questions", "method", "programme_model", "status", "owner",
            "starts_on", "ends_on", "incentive_amount", "incentive_currency", "incentive_description",
            "round_count", "plan", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["plan", "created_at", "updated_at"]


class StudyViewSet(viewsets.ModelViewSet):
    """Studies of this workspace; filter with `?status=` and `?goal=`. Owners and researchers write."""

    serializer_class = StudySerializer
    queryset = Study.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        return selectors.studies_list(status=params.get("status", ""), goal=params.get("goal", ""))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("status", None)  # a study starts as a draft
        try:
            serializer.instance = services.study_create(
                title=data.pop("title"), goal=data.pop("goal"), actor=_actor(self.request), **data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        new_status = data.pop("status", None)
        try:
            study = services.study_update(study=serializer.instance, actor=_actor(self.request), **data)
            if new_status and new_status != study.status:
                study = services.study_transition(study=study, status=new_status, actor=_actor(self.request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        serializer.instance = study


class RoundSerializer(serializers.ModelSerializer):
    study = serializers.PrimaryKeyRelatedField(queryset=Study.objects.all())
    question_count = serializers.IntegerField(read_only=True, default=None)
    guide_minutes = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, default=None)

    class Meta:
        model = Round
        fields = [
            "id", "study", "order", "kind", "purpose", "target_participants", "starts_on", "ends_on", "status",
            "time_budget_minutes", "incentive_amount", "incentive_currency", "incentive_description",
            "question_count", "guide_minutes",
        ]  # fmt: skip
        read_only_fields = ["order"]

    def validate_study(self, study):
        if self.instance is not None and study.pk != self.instance.study_id:
            raise serializers.ValidationError("A round cannot move to another study.")
        return study


class QuestionSerializer(serializers.ModelSerializer):
    lint = serializers.SerializerMethodField()

    class Meta:
        model = GuideQuestion
        fields = ["id", "round", "order", "text", "intent", "probing", "max_follow_ups", "estimated_minutes", "lint"]
        read_only_fields = ["round", "order"]

    def get_lint(self, question) -> list[dict]:
        from studies.guide_lint import lint_question

        return [issue.__dict__ for issue in lint_question(question.text)]


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), help_text="Every question id, in the new order.")


class RoundViewSet(viewsets.ModelViewSet):
    """Rounds of the workspace's studies (`?study=<id>`), with their discussion guides under `questions/`."""

    serializer_class = RoundSerializer
    queryset = Round.objects.none()

    def get_queryset(self):
        rounds = selectors.rounds_with_guides().order_by("study_id", "order")
        study = self.request.query_params.get("study", "")
        return rounds.filter(study_id=study) if study.isdigit() else rounds

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.round_add(
                study=data.pop("study"), kind=data.pop("kind"), purpose=data.pop("purpose"),
                target_participants=data.pop("target_participants"), actor=_actor(self.request), **data,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("study", None)
        try:
            serializer.instance = services.round_update(round=serializer.instance, actor=_actor(self.request), **data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_destroy(self, round_):
        services.round_delete(round=round_, actor=_actor(self.request))

    @extend_schema(request=MoveSerializer, responses=RoundSerializer(many=True))
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = self.get_object()
        services.round_move(round=round_, direction=serializer.validated_data["direction"], actor=_actor(request))
        return Response(RoundSerializer(self.get_queryset().filter(study_id=round_.study_id), many=True).data)

    @extend_schema(methods=["GET"], responses=QuestionSerializer(many=True))
    @extend_schema(methods=["POST"], request=QuestionSerializer, responses=QuestionSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=QuestionSerializer)
    def questions(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "GET":
            return Response(QuestionSerializer(round_.questions.order_by("order"), many=True).data)
        serializer = QuestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            question = services.question_add(round=round_, text=data.pop("text"), actor=_actor(request), **data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReorderSerializer, responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="questions/reorder")
    def reorder(self, request, pk=None):
        serializer = ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            questions = services.questions_reorder(
                round=self.get_object(), question_ids=serializer.validated_data["order"], actor=_actor(request)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(QuestionSerializer(questions, many=True).data)


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


class ParticipantViewSet(viewsets.ModelViewSet):
    """Participants; `?q=` searches name and email, `?attr=segment&value=smb` filters by an attribute."""

    serializer_class = ParticipantSerializer
    queryset = Participant.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        params = self.request.query_params
        key, value = params.get("attr", ""), params.get("value", "")
        return selectors.participants_list(search=params.get("q", ""), attributes={key: value} if key else None)

    def _save(self, serializer, participant=None):
        try:
            participant = services.participant_save(
                participant=participant, actor=_actor(self.request), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        serializer.instance = participant

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(request=ImportSerializer, responses={200: dict, 201: dict})
    @action(detail=False, methods=["post"], url_path="import", serializer_class=ImportSerializer)
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


class PlannerSerializer(serializers.Serializer):
    goal = serializers.ChoiceField(choices=Goal.choices)
    participants = serializers.IntegerField(min_value=1, max_value=100_000, help_text="Participants wanted.")
    timezone_spread = serializers.ChoiceField(choices=TimezoneSpread.choices)
    sensitive = serializers.BooleanField(default=False)
    seniority = serializers.ChoiceField(choices=Seniority.choices, default=Seniority.PROFESSIONALS)
    observe_product_use = serializers.BooleanField(default=False)
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True)
    deadline_days = serializers.IntegerField(min_value=1, max_value=3650, required=False, allow_null=True)


class PlannerView(APIView):
    """Recommend a method, programme model and rounds for a study's inputs, without saving anything."""

    write_roles = frozenset(Role.values)  # a POST that saves nothing: every member may ask

    @extend_schema(request=PlannerSerializer, responses={200: dict})
    def post(self, request):
        serializer = PlannerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(recommend(PlannerInput(**serializer.validated_data)).as_dict())


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
