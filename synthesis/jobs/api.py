"""`/api/v1/synthesis-jobs/` (start, progress, cancel), `/api/v1/suggestions/` (review auto-tagging's proposals) and
`/api/v1/bulk-acceptances/` (what a bulk accept made, and its undo).

Members read; owners and researchers start, cancel, accept, reject and undo. Accepting makes a highlight."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from studies.models import Round, Study
from synthesis.jobs import bulk, selectors, services
from synthesis.models import BulkAcceptance, JobKind, JobStatus, Suggestion, SuggestionStatus, SynthesisJob
from workspaces.api import as_drf_error


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class SynthesisJobSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=JobKind.choices)
    status = serializers.ChoiceField(choices=JobStatus.choices, read_only=True)
    study = serializers.PrimaryKeyRelatedField(
        queryset=Study.objects.all(), error_messages={"does_not_exist": "No study {pk_value} in this workspace."}
    )
    round = serializers.PrimaryKeyRelatedField(
        queryset=Round.objects.all(), allow_null=True, required=False,
        error_messages={"does_not_exist": "No round {pk_value} in this workspace."},
    )  # fmt: skip
    options = serializers.JSONField(
        required=False,
        help_text='Auto-tagging: {"threshold": 0.05-0.95, "batch_size": 1-500}. Clustering: {"source": "highlights" or '
        '"answers", "themes": 2-40 (empty: chosen by the job), "batch_size"}.',
    )
    percent = serializers.IntegerField(read_only=True)
    duration_seconds = serializers.SerializerMethodField()
    pending_suggestions = serializers.IntegerField(source="pending_count", read_only=True, default=0)

    class Meta:
        model = SynthesisJob
        fields = [
            "id", "kind", "status", "study", "round", "backend", "options", "total", "processed", "percent",
            "created_count", "pending_suggestions", "stats", "cancel_requested", "error", "created_at", "started_at",
            "heartbeat_at", "finished_at", "duration_seconds",
        ]  # fmt: skip
        read_only_fields = [
            "backend", "total", "processed", "created_count", "stats", "cancel_requested", "error", "created_at",
            "started_at", "heartbeat_at", "finished_at",
        ]  # fmt: skip

    def get_duration_seconds(self, job) -> float | None:
        return round(job.duration.total_seconds(), 3) if job.duration is not None else None


class JobFilters(serializers.Serializer):
    study = serializers.IntegerField(required=False, min_value=1)
    kind = serializers.ChoiceField(choices=JobKind.choices, required=False)
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("study", int, required=False),
            OpenApiParameter("kind", str, required=False, enum=JobKind.values),
            OpenApiParameter("status", str, required=False, enum=JobStatus.values),
        ]
    )
)
class SynthesisJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Auto-tagging and clustering jobs. Create starts one (it runs in a worker): poll it for `processed` of
    `total`; `POST {id}/cancel/` stops it after its current batch."""

    serializer_class = SynthesisJobSerializer
    queryset = SynthesisJob.objects.none()

    def get_queryset(self):
        if self.action != "list":
            return selectors.jobs_list()
        filters = JobFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.jobs_list(**filters.validated_data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            job = services.job_start(
                kind=data["kind"], study=data["study"], round=data.get("round"), options=data.get("options"),
                actor=_actor(self.request),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        serializer.instance = selectors.job_detail(job.pk) or job

    @extend_schema(request=None, responses=SynthesisJobSerializer, summary="Cancel a queued or running job")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = self.get_object()
        try:
            services.job_cancel(job=job, actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(SynthesisJobSerializer(selectors.job_detail(job.pk)).data)


class SuggestionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=SuggestionStatus.choices, read_only=True)
    transcript = serializers.IntegerField(source="utterance.transcript_id", read_only=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = [
            "id", "job", "utterance", "transcript", "start", "end", "text", "tags", "new_tag_names", "pain_ai",
            "reason", "score", "status", "highlight", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_tags(self, suggestion) -> list[str]:
        return [tag.name for tag in suggestion.tags.all()]


class SuggestionFilters(serializers.Serializer):
    job = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=SuggestionStatus.choices, required=False)


class BulkSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000)
    action = serializers.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])


class BulkResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    count = serializers.IntegerField()
    bulk_acceptance = serializers.IntegerField(
        allow_null=True, help_text="For an accept: the record to undo it with (`/api/v1/bulk-acceptances/{id}/`)."
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("job", int, required=False),
            OpenApiParameter("status", str, required=False, enum=SuggestionStatus.values),
        ]
    )
)
class SuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """Auto-tagging's proposals, in reading order. `POST {id}/accept/` makes the highlight (new tag names become
    tags); `POST {id}/reject/`; `POST bulk/` with `ids` and `action` decides many at once, all or none."""

    serializer_class = SuggestionSerializer
    queryset = Suggestion.objects.none()

    def get_queryset(self):
        if self.action != "list":
            return selectors.suggestions_list(status="")
        filters = SuggestionFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.suggestions_list(
            job=filters.validated_data.get("job"), status=filters.validated_data.get("status", "")
        )

    def _decide(self, request, verb):
        suggestion = self.get_object()
        try:
            verb(suggestion=suggestion, actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(SuggestionSerializer(selectors.suggestions_list(status="").get(pk=suggestion.pk)).data)

    @extend_schema(request=None, responses=SuggestionSerializer, summary="Accept: make the highlight")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, services.suggestion_accept)

    @extend_schema(request=None, responses=SuggestionSerializer, summary="Reject")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.suggestion_reject)

    @extend_schema(
        request=BulkSerializer, responses=BulkResultSerializer, summary="Accept or reject many",
        description="All or none. An accept is recorded as a bulk acceptance, which can be undone for 24 hours.",
    )  # fmt: skip
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        data = BulkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = services.suggestions_decide(**data.validated_data, actor=_actor(request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(BulkResultSerializer(result).data, status=status.HTTP_200_OK)


class BulkAcceptanceSerializer(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", default=None, read_only=True)
    undone_by = serializers.EmailField(source="undone_by.email", default=None, read_only=True)
    suggestions = serializers.SerializerMethodField()
    highlights = serializers.SerializerMethodField(help_text="The highlights it made that still exist.")
    undoable = serializers.SerializerMethodField()
    undo_blocked = serializers.CharField(read_only=True, help_text="Why undo is no longer possible, or empty.")
    undo_code = serializers.CharField(
        read_only=True, help_text="already_undone, undo_expired or highlights_in_use; empty while undo is possible."
    )
    undo_until = serializers.DateTimeField(read_only=True)

    class Meta:
        model = BulkAcceptance
        fields = [
            "id", "job", "min_score", "count", "created_by", "created_at", "undone_at", "undone_by", "suggestions",
            "highlights", "undoable", "undo_blocked", "undo_code", "undo_until",
        ]  # fmt: skip
        read_only_fields = fields

    def get_suggestions(self, record) -> list[int]:
        return sorted(s.pk for s in record.suggestions.all())

    def get_highlights(self, record) -> list[int]:
        return sorted(record.highlight_ids)

    def get_undoable(self, record) -> bool:
        return not record.undo_blocked


class BulkAcceptanceFilters(serializers.Serializer):
    job = serializers.IntegerField(required=False, min_value=1)


class UndoRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="already_undone, undo_expired or highlights_in_use.")


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("job", int, required=False)]))
class BulkAcceptanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Bulk accepts of suggestions, newest first (`?job=` those touching one job's suggestions): which suggestions
    they accepted, the highlights they made, and whether they can still be undone. `POST {id}/undo/` deletes the
    highlights and puts the suggestions back to pending, all or none: for 24 hours, and only while none of the
    highlights backs an insight, sits in a theme or supports a roadmap item (else 409 with the reason)."""

    serializer_class = BulkAcceptanceSerializer
    queryset = BulkAcceptance.objects.none()

    def get_queryset(self):
        if self.action != "list":
            return bulk.bulk_acceptances()
        filters = BulkAcceptanceFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return bulk.bulk_acceptances(job=filters.validated_data.get("job"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(BulkAcceptanceSerializer(bulk.with_undo_state(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(BulkAcceptanceSerializer(bulk.with_undo_state([self.get_object()])[0]).data)

    @extend_schema(
        request=None, responses={200: BulkAcceptanceSerializer, 409: UndoRefusedSerializer},
        summary="Undo: delete its highlights, suggestions back to pending",
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        record = self.get_object()
        try:
            bulk.bulk_acceptance_undo(bulk=record, actor=_actor(request))
        except bulk.UndoRefused as refused:
            return Response({"detail": str(refused), "code": refused.code}, status=status.HTTP_409_CONFLICT)
        fresh = bulk.with_undo_state([bulk.bulk_acceptances().get(pk=record.pk)])[0]
        return Response(BulkAcceptanceSerializer(fresh).data)
