"""`POST /api/v1/ask/` `{question, scope}`: an answer whose sentences cite numbered quotes (offline: the quotes
grouped by tag, no generated prose), saved for the asker; `POST /api/v1/ask/{id}/insight/` makes it an insight.
Every member asks; owners and researchers make insights."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from synthesis.ask import services
from synthesis.ask.forms import scope_study
from synthesis.models import Question
from workspaces.access import WRITE_RESEARCH
from workspaces.api import as_drf_error
from workspaces.models import Role


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class AskSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=services.QUESTION_MAX_LENGTH)
    scope = serializers.CharField(default="workspace", help_text='"workspace" or a study id.')

    def validate_scope(self, value):
        from django import forms

        try:
            return scope_study(value)
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class CitationSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["highlight", "utterance"])
    id = serializers.IntegerField()
    quote = serializers.CharField(help_text="The stored words, exactly.")
    url = serializers.CharField(help_text="The quote in its transcript.")


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="text")
    scope = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True)
    groups = serializers.JSONField(source="content.groups", help_text="Quotes by tag, with counts per segment.")
    insight = serializers.IntegerField(source="insight_id", allow_null=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "question",
            "scope",
            "answer",
            "citations",
            "groups",
            "backend",
            "model",
            "dropped",
            "fallback",
            "insight",
            "created_at",
        ]

    def get_scope(self, question) -> str:
        return str(question.study_id) if question.study_id else "workspace"


class AskView(APIView):
    write_roles = frozenset(Role.values)  # asking reads the research; the answer is saved for the asker

    @extend_schema(request=AskSerializer, responses={201: AnswerSerializer}, summary="Ask a question, get cited quotes")
    def post(self, request):
        data = AskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            question = services.question_ask(
                text=data.validated_data["question"], study=data.validated_data["scope"], actor=_actor(request)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(AnswerSerializer(question).data, status=201)


class StatementSerializer(serializers.Serializer):
    statement = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AskInsightView(APIView):
    write_roles = WRITE_RESEARCH

    @extend_schema(
        request=StatementSerializer,
        responses={201: AnswerSerializer},
        summary="Make an answer an insight with its cited quotes as evidence",
    )
    def post(self, request, pk: int):
        question = Question.objects.filter(pk=pk, asked_by=_actor(request)).first() if _actor(request) else None
        if question is None and _actor(request) is None:
            question = Question.objects.filter(pk=pk, asked_by=None).first()  # a key's own questions
        if question is None:
            return Response({"detail": "No such question of yours."}, status=404)
        data = StatementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.question_make_insight(
                question=question, actor=_actor(request), statement=data.validated_data.get("statement", "")
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        question.refresh_from_db()
        return Response(AnswerSerializer(question).data, status=201)
