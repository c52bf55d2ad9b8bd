"""`/api/v1/` for studies and their rounds; a round's guide questions are listed, added and reordered here too, and
its guide versions listed."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from studies.guides import selectors as guide_selectors
from studies.guides import services as guide_services
from studies.guides.api import (
    CONFIRM,
    LIVE_CONFLICT,
    GuideVersionSerializer,
    QuestionSerializer,
    ReorderSerializer,
    confirmed,
    live_edit,
)
from studies.models import Round, RoundStatus, Study, StudyStatus
from studies.programme import selectors, services
from workspaces.api import ReadBackMixin, as_drf_error


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class StudySerializer(serializers.ModelSerializer):
    research_questions = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    owner = serializers.EmailField(source="owner.email", read_only=True, default=None, allow_null=True)
    status = serializers.ChoiceField(
        choices=StudyStatus.choices, required=False,
        help_text="Follows the rounds (running while one is live, synthesizing when all closed); by hand, allowed "
        "steps only.",
    )  # fmt: skip
    round_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Study
        fields = [
            "id", "title", "public_title", "public_description", "goal", "research_questions", "method",
            "programme_model", "status", "owner", "starts_on", "ends_on", "incentive_amount", "incentive_currency",
            "incentive_description", "round_count", "plan", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["plan", "created_at", "updated_at"]


class StudyViewSet(ReadBackMixin, viewsets.ModelViewSet):
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
    status = serializers.ChoiceField(
        choices=RoundStatus.choices, required=False,
        help_text="planned -> live with the first link, invitation, session or booking -> closed at the end date "
        "or by hand (`close/`, `reopen/`). Ignored on create: a round starts planned.",
    )  # fmt: skip

    class Meta:
        model = Round
        fields = [
            "id", "study", "order", "kind", "purpose", "target_participants", "starts_on", "ends_on", "status",
            "live_at", "closed_at", "time_budget_minutes", "incentive_amount", "incentive_currency",
            "incentive_description", "question_count", "guide_minutes",
        ]  # fmt: skip
        read_only_fields = ["order", "live_at", "closed_at"]

    def validate_study(self, study):
        if self.instance is not None and study.pk != self.instance.study_id:
            raise serializers.ValidationError("A round cannot move to another study.")
        return study


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class RoundViewSet(ReadBackMixin, viewsets.ModelViewSet):
    """Rounds of the workspace's studies (`?study=<id>`), with their discussion guides under `questions/`."""

    serializer_class = RoundSerializer
    queryset = Round.objects.none()

    def get_queryset(self):
        rounds = selectors.rounds_with_guides().order_by("study_id", "order")
        study = self.request.query_params.get("study", "")
        return rounds.filter(study_id=study) if study.isdigit() else rounds

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("status", None)  # a round starts planned
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

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the round: async links take no new sessions (started ones may finish), no new bookings."""
        round_ = services.round_close(round=self.get_object(), actor=_actor(request))
        return Response(RoundSerializer(self.get_queryset().get(pk=round_.pk)).data)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed round: live again if it had gone live, else planned."""
        try:
            round_ = services.round_reopen(round=self.get_object(), actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(RoundSerializer(self.get_queryset().get(pk=round_.pk)).data)

    @extend_schema(methods=["GET"], responses=QuestionSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=QuestionSerializer, parameters=[CONFIRM],
        responses={201: QuestionSerializer, 409: LIVE_CONFLICT},
    )  # fmt: skip
    # A guide's questions are answered whole, in order: not paginated, and the document says so.
    @action(detail=True, methods=["get", "post"], serializer_class=QuestionSerializer, pagination_class=None)
    def questions(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "GET":
            return Response(QuestionSerializer(round_.questions.order_by("order"), many=True).data)
        serializer = QuestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        question = live_edit(
            lambda: guide_services.question_add(
                round=round_, text=data.pop("text"), actor=_actor(request), confirm_live_edit=confirmed(request),
                **data,
            )
        )  # fmt: skip
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReorderSerializer, parameters=[CONFIRM],
        responses={200: QuestionSerializer(many=True), 409: LIVE_CONFLICT},
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="questions/reorder")
    def reorder(self, request, pk=None):
        serializer = ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        questions = live_edit(
            lambda: guide_services.questions_reorder(
                round=self.get_object(), question_ids=serializer.validated_data["order"], actor=_actor(request),
                confirm_live_edit=confirmed(request),
            )
        )  # fmt: skip
        return Response(QuestionSerializer(questions, many=True).data)

    @extend_schema(responses=GuideVersionSerializer(many=True), summary="The versions of a live round's guide")
    @action(detail=True, methods=["get"], url_path="guide-versions", pagination_class=None)
    def guide_versions(self, request, pk=None):
        """Newest first: each with its questions, what changed from the one before, and the interviews started on it.
        A round gets its first version when it is live and an interview starts or its guide changes."""
        round_ = self.get_object()
        return Response(GuideVersionSerializer(guide_selectors.guide_versions(round_.pk), many=True).data)
