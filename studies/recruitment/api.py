"""`/api/v1/rounds/{id}/quotas/`: how full a round's quotas are, cell by cell."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.models import Round
from studies.recruitment.selectors import quota_fill


class RoundQuotaCellSerializer(serializers.Serializer):
    attribute = serializers.CharField()
    value = serializers.CharField()
    target = serializers.IntegerField()
    filled = serializers.IntegerField(help_text="People qualified (or waiting for review) with this value.")
    open = serializers.BooleanField(
        help_text="false once the cell is full: new people with this value are screened out."
    )


class RoundQuotasSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="The round's target: no one is let in once this many are.")
    filled = serializers.IntegerField()
    cells = RoundQuotaCellSerializer(many=True)


class RoundQuotasView(APIView):
    """The round's quota cells (attribute value, target, places taken) and its total. Members read it."""

    @extend_schema(responses={200: RoundQuotasSerializer}, summary="A round's quotas and how full they are")
    def get(self, request, pk: int):
        round_ = Round.objects.filter(pk=pk).first()
        if round_ is None:
            raise NotFound()
        return Response(quota_fill(round_).as_dict())
