"""`/api/v1/insights/`: insights with their evidence profile and highlight ids; `POST {id}/highlights/` adds and
removes evidence; `GET export/?as=markdown|csv|highlights` downloads what the insight pages export.

Members read; owners and researchers (and API keys of those roles) write."""

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from synthesis.insights import exports
from synthesis.insights import services as insights
from synthesis.insights.services import STATEMENT_MAX_LENGTH
from synthesis.insights.views import transcript_link
from synthesis.models import Insight, InsightStatus
from workspaces.api import as_drf_error

EXPORT_KINDS = {"markdown": ("md", "text/markdown"), "csv": ("csv", "text/csv"), "highlights": ("csv", "text/csv")}


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class EvidenceProfileSerializer(serializers.Serializer):
    highlights = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Distinct participants quoted.")
    interviews = serializers.IntegerField()
    sync_interviews = serializers.IntegerField()
    async_interviews = serializers.IntegerField()
    segments = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Participant attribute -> value -> distinct participants.",
    )
    pain_scored = serializers.IntegerField(help_text="Quotes with a pain score (a person's, else the AI's).")
    pain_avg = serializers.FloatField(allow_null=True)
    pain_max = serializers.IntegerField(allow_null=True)
    latest = serializers.DateTimeField(allow_null=True, help_text="When the newest quoted interview happened.")
    validation_confirms = serializers.IntegerField(help_text="Validation answers confirming the insight.")
    validation_contradicts = serializers.IntegerField(help_text="Validation answers contradicting it.")
    validation_unclear = serializers.IntegerField(help_text="Validation answers that neither confirm nor contradict.")


class HighlightIdsField(serializers.ListField):
    """Highlight ids in; out, the ids the view fetched for the whole page at once (see `InsightViewSet`)."""

    child = serializers.IntegerField(min_value=1)

    def get_attribute(self, insight):
        return self.context["highlight_ids"].get(insight.pk, [])


class InsightSerializer(serializers.ModelSerializer):
    statement = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)
    status = serializers.ChoiceField(choices=InsightStatus.choices, default=InsightStatus.DRAFT)
    highlights = HighlightIdsField(
        required=False,
        help_text="Highlight ids. Set on create; afterwards add or remove with POST /insights/{id}/highlights/.",
    )
    author = serializers.EmailField(source="author.email", read_only=True, default=None, allow_null=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Insight
        fields = ["id", "statement", "status", "highlights", "evidence", "author", "created_at", "updated_at"]

    def validate(self, data):
        if self.instance is not None and "highlights" in data:
            message = "Add or remove evidence with POST /api/v1/insights/{id}/highlights/."
            raise serializers.ValidationError({"highlights": message})
        return data

    @extend_schema_field(EvidenceProfileSerializer)
    def get_evidence(self, insight) -> dict:
        return asdict(self.context["profiles"][insight.pk])


class InsightUpdateSerializer(InsightSerializer):
    """PUT and PATCH change the statement and status: `highlights` is read-only here (the document says so), and
    sending it is refused with the way to change evidence."""

    highlights = HighlightIdsField(
        read_only=True, help_text="Highlight ids; change with POST /insights/{id}/highlights/."
    )

    def validate(self, data):
        if isinstance(self.initial_data, dict) and "highlights" in self.initial_data:
            message = "Add or remove evidence with POST /api/v1/insights/{id}/highlights/."
            raise serializers.ValidationError({"highlights": message})
        return data


class EvidenceChangeSerializer(serializers.Serializer):
    add = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    remove = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)

    def validate(self, data):
        if not data["add"] and not data["remove"]:
            raise serializers.ValidationError({"add": "Give highlight ids to `add` and/or `remove`."})
        return data


class InsightFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=InsightStatus.choices, required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Words in the statement or a quote."
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, enum=InsightStatus.values),
            OpenApiParameter("q", str, required=False),
        ]
    )
)
class InsightViewSet(viewsets.ModelViewSet):
    """Insights, most recently changed first, each with its evidence profile (distinct participants, live vs async
    interviews, segments, pain) and the ids of its highlights. Filter with `?status=` and `?q=`."""

    serializer_class = InsightSerializer
    queryset = Insight.objects.none()
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]

    def get_queryset(self):
        if self.action != "list":
            return insights.insights_queryset()
        filters = InsightFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return insights.insights_queryset(**filters.validated_data)

    def _context_for(self, objects) -> dict:
        objects = [obj for obj in objects if obj is not None and obj.pk]
        ids = [obj.pk for obj in objects]
        highlight_ids = {pk: [] for pk in ids}
        through = Insight.highlights.through.objects.filter(insight_id__in=ids).order_by("highlight_id")
        for insight_id, highlight_id in through.values_list("insight_id", "highlight_id"):
            highlight_ids[insight_id].append(highlight_id)
        return {"profiles": insights.profiles_for(ids), "highlight_ids": highlight_ids}

    def get_serializer_class(self):
        return InsightUpdateSerializer if self.action in ("update", "partial_update") else InsightSerializer

    def get_serializer(self, *args, **kwargs):
        # The profiles and highlight ids of everything serialized come from two queries, whatever the page size.
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None and "data" not in kwargs:
            objects = list(instance) if isinstance(instance, list | tuple) else [instance]
            kwargs["context"] = {**self.get_serializer_context(), **self._context_for(objects)}
        return super().get_serializer(*args, **kwargs)

    def _respond(self, insight, status=200):
        insight = insights.insight_get(insight.pk)
        return Response(self.get_serializer(insight).data, status=status)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            insight = insights.insight_create(actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self._respond(insight, status=201)

    def update(self, request, *args, **kwargs):
        insight = self.get_object()
        serializer = self.get_serializer(insight, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            insights.insight_update(insight=insight, actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self._respond(insight)

    def perform_destroy(self, insight):
        insights.insight_delete(insight=insight, actor=_actor(self.request))

    @extend_schema(request=EvidenceChangeSerializer, responses=InsightSerializer)
    @action(detail=True, methods=["post"], url_path="highlights")
    def highlights(self, request, pk=None):
        """Add (`add`) and/or remove (`remove`) highlights by id; the highlights stay in their transcripts."""
        insight = self.get_object()
        change = EvidenceChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            if change.validated_data["add"]:
                insights.insight_add_highlights(
                    insight=insight, highlights=change.validated_data["add"], actor=_actor(request)
                )
            if change.validated_data["remove"]:
                insights.insight_remove_highlights(
                    insight=insight, highlights=change.validated_data["remove"], actor=_actor(request)
                )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self._respond(insight)

    @extend_schema(
        parameters=[OpenApiParameter("as", str, required=False, enum=list(EXPORT_KINDS))],
        responses={(200, "text/markdown"): OpenApiTypes.STR, (200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request):
        """The insights (filtered like the list) as Markdown or CSV, or every highlight as CSV (`?as=highlights`).
        Quotes are attributed by participant id and segment, never by name or email."""
        kind = request.query_params.get("as", "markdown")
        if kind not in EXPORT_KINDS:
            raise serializers.ValidationError({"as": f"Export as one of: {', '.join(EXPORT_KINDS)}."})
        filters = InsightFilters(data={k: v for k, v in request.query_params.items() if k != "as"})
        filters.is_valid(raise_exception=True)
        if kind == "highlights":
            lines = exports.highlights_csv(
                exports.highlights_for_export(), link=lambda h: request.build_absolute_uri(transcript_link(h))
            )
        else:
            rows = exports.insight_rows(insights.insights_queryset(**filters.validated_data))
            if kind == "csv":
                lines = exports.insights_csv(rows)
            else:
                lines = exports.insights_markdown(
                    rows,
                    title=f"{request.tenant.name}: insights",
                    link=lambda i: request.build_absolute_uri(reverse("insights:detail", args=[i.pk])),
                )
        extension, content_type = EXPORT_KINDS[kind]
        name = "highlights" if kind == "highlights" else "insights"
        return StreamingHttpResponse(
            lines,
            content_type=f"{content_type}; charset=utf-8",
            headers={
                "Content-Disposition": content_disposition_header(True, f"{request.tenant.slug}-{name}.{extension}")
            },
        )
