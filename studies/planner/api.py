"""`/api/v1/planner/`: the planner's recommendation for a study's inputs."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.models import Goal
from studies.planner.rules import PlannerInput, Seniority, TimezoneSpread, recommend
from workspaces.models import Role


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
