"""`POST /api/v1/segments/{id}/invite/`: invite a saved segment to a round through the contact rules."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.panel.services import segment_invite
from studies.models import Round, Segment
from workspaces.api import as_drf_error


class SegmentInviteSerializer(serializers.Serializer):
    round = serializers.IntegerField(help_text="The round to invite the segment to (async: interview links; sync: "
                                     "booking links).")  # fmt: skip


class SegmentInviteView(APIView):
    """Invite everyone in the segment now; answers who was invited and who the contact rules refused, and why."""

    @extend_schema(
        request=SegmentInviteSerializer,
        responses={200: inline_serializer("SegmentInvitation", {
            "invited": serializers.ListField(child=serializers.IntegerField()),
            "refused": serializers.ListField(child=serializers.DictField()),
        })},
    )  # fmt: skip
    def post(self, request, pk: int):
        segment = Segment.objects.filter(pk=pk).first()
        if segment is None:
            raise exceptions.NotFound()
        body = SegmentInviteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        round_ = Round.objects.filter(pk=body.validated_data["round"]).first()
        if round_ is None:
            raise exceptions.ValidationError({"round": ["No such round in this workspace."]})
        try:
            result = segment_invite(segment=segment, round=round_, actor=request.user)
        except ValidationError as error:
            raise as_drf_error(error) from None
        return Response({
            "invited": [p.pk for p in result.invited],
            "refused": [{"participant": p.pk, "email": p.email, "reason": reason} for p, reason in result.refused],
        })  # fmt: skip
