"""`/api/v1/rounds/{id}/shortlist/`: an async round's ranked shortlist for the sync round it hands to."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.models import Round, RoundKind
from synthesis.shortlist import selectors


class ShortlistPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    attributes = serializers.DictField()


class ShortlistEntrySerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    participant = ShortlistPersonSerializer()
    score = serializers.FloatField(help_text="The sum of the parts; the list is best first.")
    parts = serializers.DictField(
        child=serializers.FloatField(), help_text="richness, pain, distinct, contact, quota (see the docs)."
    )
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why this person is on the list.")
    quota = serializers.ListField(child=serializers.CharField(), help_text="Quota places filled, e.g. segment = smb.")
    waiting = serializers.SerializerMethodField(help_text="The contact rules say not yet (cooldown or cap).")
    waiting_code = serializers.CharField(source="decision.code", help_text="cooldown or cap when waiting, else empty.")

    def get_waiting(self, row) -> bool:
        return row.waiting


class QuotaFillSerializer(serializers.Serializer):
    attribute = serializers.CharField()
    value = serializers.CharField()
    wanted = serializers.IntegerField()
    filled = serializers.IntegerField()


class ShortlistSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    to_round = serializers.IntegerField(source="to_round.pk")
    since = serializers.DateTimeField(allow_null=True, help_text="Episodes: answers completed after this time.")
    considered = serializers.IntegerField(help_text="Completed interviews in the window.")
    quotas = QuotaFillSerializer(many=True, source="quota_fill")
    results = ShortlistEntrySerializer(many=True, source="rows")


class ShortlistView(APIView):
    """The completed interviews of an async round ranked for the sync round it hands to (the next round, or the
    episode it feeds), best first, with the score's parts and reasons. Only people who may be contacted are listed;
    those the contact rules hold back for now come last."""

    @extend_schema(responses={200: ShortlistSerializer}, summary="An async round's shortlist")
    def get(self, request, pk: int):
        round_ = Round.objects.filter(pk=pk).first()
        if round_ is None:
            raise NotFound()
        result = selectors.shortlist(round_) if round_.kind == RoundKind.ASYNC else None
        if result is None or result.to_round is None:
            raise NotFound("No sync round follows this round: it has no shortlist.")
        return Response(ShortlistSerializer(result).data)
