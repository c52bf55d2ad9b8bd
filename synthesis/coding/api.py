"""`/api/v1/transcripts/` and `/api/v1/highlights/`: reading transcripts and coding them.

Highlight offsets count Unicode code points (Python `str` indices), not UTF-16 units: "🙂" is one character."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from interviews.models import Transcript, Utterance
from studies.models import RoundKind
from synthesis.coding import services as coding
from synthesis.models import Highlight
from workspaces.api import as_drf_error


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


def _raise(error: DjangoValidationError, rename: dict[str, str] | None = None):
    drf_error = as_drf_error(error)
    if rename and isinstance(drf_error.detail, dict):
        drf_error.detail = {rename.get(field, field): messages for field, messages in drf_error.detail.items()}
    raise drf_error from None


class TagNamesField(serializers.ListField):
    """Tags in: names or paths ("Pain > Export"), created when missing. Tags out: their names."""

    child = serializers.CharField(max_length=250)

    def to_representation(self, tags):
        return [tag.name for tag in tags.all()]


class HighlightSerializer(serializers.ModelSerializer):
    utterance = serializers.PrimaryKeyRelatedField(
        queryset=Utterance.objects.all(),
        error_messages={"does_not_exist": "No utterance {pk_value} in this workspace."},
    )
    start = serializers.IntegerField(
        min_value=0, help_text="First character, counted in Unicode code points; a span is widened to whole words."
    )
    end = serializers.IntegerField(min_value=0, help_text="One past the last character (code points).")
    tags = TagNamesField(required=False)
    pain = serializers.IntegerField(
        min_value=1, max_value=5, allow_null=True, required=False, help_text="A person's score on the pain rubric."
    )
    author = serializers.EmailField(source="author.email", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Highlight
        fields = [
            "id", "utterance", "start", "end", "text", "tags", "pain", "pain_ai", "pain_ai_reason", "note",
            "transcript", "participant", "round", "study", "author", "created_at",
        ]  # fmt: skip
        read_only_fields = ["text", "pain_ai", "pain_ai_reason", "transcript", "participant", "round", "study"]

    def validate(self, data):
        if self.instance is not None:
            moved = [name for name in ("utterance", "start", "end") if name in data]
            if moved:
                message = "A highlight's span cannot change: delete it and highlight again."
                raise serializers.ValidationError(dict.fromkeys(moved, message))
        return data


class HighlightFilters(serializers.Serializer):
    transcript = serializers.IntegerField(required=False, min_value=1)
    tag = serializers.IntegerField(required=False, min_value=1, help_text="Also finds the tag's children.")
    study = serializers.IntegerField(required=False, min_value=1)
    round = serializers.IntegerField(required=False, min_value=1)


_ID_FILTERS = [OpenApiParameter(name, int, required=False) for name in ("transcript", "tag", "study", "round")]


@extend_schema_view(list=extend_schema(parameters=_ID_FILTERS))
class HighlightViewSet(viewsets.ModelViewSet):
    """Highlights: exact spans of one utterance, with tags and pain. Filter with `?transcript=`, `?tag=`, `?study=`,
    `?round=`. Create with `utterance`, `start`, `end` and optionally `tags`, `pain`, `note`; the span never changes."""

    serializer_class = HighlightSerializer
    queryset = Highlight.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action != "list":
            return coding.highlights_list()
        filters = HighlightFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return coding.highlights_list(**filters.validated_data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = coding.highlight_create(
                utterance=data.pop("utterance"), start=data.pop("start"), end=data.pop("end"),
                actor=_actor(self.request), **data,
            )  # fmt: skip
        except DjangoValidationError as error:
            _raise(error, {"tag": "tags"})

    def perform_update(self, serializer):
        try:
            serializer.instance = coding.highlight_update(
                highlight=serializer.instance, actor=_actor(self.request), **serializer.validated_data
            )
        except DjangoValidationError as error:
            _raise(error, {"tag": "tags"})

    def perform_destroy(self, highlight):
        coding.highlight_delete(highlight=highlight, actor=_actor(self.request))


class UtteranceSerializer(serializers.ModelSerializer):
    highlights = HighlightSerializer(many=True, read_only=True)

    class Meta:
        model = Utterance
        fields = ["id", "order", "speaker_role", "speaker_name", "text", "start_ms", "end_ms", "highlights"]


class TranscriptSerializer(serializers.ModelSerializer):
    study = serializers.IntegerField(source="round.study_id", read_only=True)
    utterance_count = serializers.IntegerField(read_only=True, default=None)
    highlight_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Transcript
        fields = [
            "id", "title", "kind", "study", "round", "participant", "session", "occurred_at",
            "utterance_count", "highlight_count",
        ]  # fmt: skip


class PainAgreementSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Highlights of the round scored by both a person and the AI.")
    kappa = serializers.FloatField(allow_null=True, help_text="Quadratic-weighted Cohen's kappa; null if undefined.")


class TranscriptDetailSerializer(TranscriptSerializer):
    utterances = UtteranceSerializer(many=True, read_only=True)
    pain_agreement = serializers.SerializerMethodField()

    class Meta(TranscriptSerializer.Meta):
        fields = [*TranscriptSerializer.Meta.fields, "pain_agreement", "utterances"]

    @extend_schema_field(PainAgreementSerializer)
    def get_pain_agreement(self, transcript) -> dict:
        return coding.round_pain_agreement(transcript.round_id)


class TranscriptFilters(serializers.Serializer):
    study = serializers.IntegerField(required=False, min_value=1)
    round = serializers.IntegerField(required=False, min_value=1)
    kind = serializers.ChoiceField(choices=RoundKind.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("study", int, required=False),
            OpenApiParameter("round", int, required=False),
            OpenApiParameter("kind", str, required=False, enum=RoundKind.values),
        ]
    ),
    retrieve=extend_schema(responses=TranscriptDetailSerializer),
)
class TranscriptViewSet(viewsets.ReadOnlyModelViewSet):
    """Transcripts of sync and async interviews, newest first; filter with `?study=`, `?round=`, `?kind=`.
    One transcript comes with its utterances, their highlights, and its round's pain agreement."""

    serializer_class = TranscriptSerializer
    queryset = Transcript.objects.none()

    def get_serializer_class(self):
        return TranscriptDetailSerializer if self.action == "retrieve" else TranscriptSerializer

    def get_queryset(self):
        if self.action != "list":
            # The detail carries the list's counts too (an unannotated transcript would answer null).
            return coding.transcripts_list().prefetch_related(
                Prefetch("utterances", queryset=coding.utterances_for_coding())
            )
        filters = TranscriptFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return coding.transcripts_list(**filters.validated_data)
