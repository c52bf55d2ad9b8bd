"""`/api/v1/roadmap-items/`: items with their evidence profile and priority, and `{id}/evidence/` for their links.

Members read; owners, PMs and researchers write. Changing `status` through PATCH moves the item: the
`roadmap_item.status_changed` webhook fires and moving to `shipped` tells the consenting participants."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.response import Response

from roadmap import selectors, services
from roadmap.models import EvidenceLink, Horizon, ItemStatus, RoadmapItem
from studies.models import Round
from synthesis.models import Highlight, Insight
from workspaces.access import WRITE_ROADMAP
from workspaces.api import as_drf_error
from workspaces.models import User


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


# Representation ------------------------------------------------------------------------------------------------------


class ProfileSerializer(serializers.Serializer):
    highlights = serializers.IntegerField(help_text="Distinct quotes (a quote reached twice counts once).")
    participants = serializers.IntegerField()
    interviews = serializers.IntegerField()
    sync_interviews = serializers.IntegerField()
    async_interviews = serializers.IntegerField()
    segments = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Attribute → value → distinct participants.",
    )
    pain_scored = serializers.IntegerField(help_text="Quotes with a pain score (a person's, else the AI's).")
    pain_avg = serializers.FloatField(allow_null=True)
    pain_max = serializers.IntegerField(allow_null=True)
    latest = serializers.DateTimeField(allow_null=True, help_text="The most recent interview behind the item.")


class ConfidenceSerializer(serializers.Serializer):
    level = serializers.CharField(source="confidence", help_text="low, medium or high.")
    factor = serializers.FloatField(source="confidence_factor")
    rule = serializers.CharField(source="confidence_rule", help_text="Why this level, with the numbers.")


class PrioritySerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="reach * impact * confidence / effort.")
    reach = serializers.FloatField(help_text="Distinct participants, weighted by segment.")
    impact = serializers.FloatField(help_text="Pain / 5 * the strongest link's importance multiplier.")
    pain = serializers.FloatField(allow_null=True)
    importance = serializers.IntegerField(allow_null=True, help_text="The strongest link's importance (0-3).")
    confidence = ConfidenceSerializer(source="*")
    effort = serializers.FloatField()
    explanation = serializers.ListField(child=serializers.CharField(), help_text="The score in sentences.")


class ItemSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False)
    owner = serializers.EmailField(
        source="owner.email", allow_null=True, required=False, help_text="A member of this workspace, or null."
    )
    link_count = serializers.IntegerField(read_only=True, default=0)
    insight_count = serializers.IntegerField(read_only=True, default=0)
    highlight_count = serializers.IntegerField(read_only=True, default=0)
    evidence_profile = ProfileSerializer(source="profile", read_only=True)
    priority = PrioritySerializer(read_only=True)

    class Meta:
        model = RoadmapItem
        fields = [
            "id", "title", "description", "status", "horizon", "owner", "external_url", "effort", "position",
            "shipped_at", "created_at", "updated_at", "link_count", "insight_count", "highlight_count",
            "evidence_profile", "priority",
        ]  # fmt: skip
        read_only_fields = ["shipped_at", "created_at", "updated_at"]
        extra_kwargs = {"position": {"min_value": 0}}

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "owner" in values:
            email = values.pop("owner")["email"]
            owner = User.objects.filter(email__iexact=email).first() if email else None
            if email and owner is None:
                raise DrfValidationError({"owner": [f"{email} is not a member of this workspace."]})
            values["owner"] = owner
        return values


class QuoteSerializer(serializers.ModelSerializer):
    importance = serializers.IntegerField(source="link_importance", help_text="Of the link that reaches it.")
    pain = serializers.IntegerField(source="pain_shown", allow_null=True, help_text="A person's, else the AI's.")
    occurred_at = serializers.DateTimeField(source="transcript.occurred_at")

    class Meta:
        model = Highlight
        fields = ["id", "text", "importance", "pain", "transcript", "participant", "study", "occurred_at"]


class ItemDetailSerializer(ItemSerializer):
    quotes = QuoteSerializer(many=True, read_only=True, help_text="The strongest quotes: importance, then pain.")

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "quotes"]


class ItemFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False)
    owner = serializers.EmailField(required=False)
    segment = serializers.CharField(required=False, help_text="attribute=value, e.g. plan=enterprise.")
    study = serializers.IntegerField(required=False, min_value=1)
    q = serializers.CharField(required=False)
    sort = serializers.ChoiceField(choices=selectors.SORTS, required=False, default="priority")

    def validate_segment(self, segment):
        try:
            return selectors.parse_segment(segment)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


_FILTERS = [
    OpenApiParameter("status", str, enum=ItemStatus.values),
    OpenApiParameter("horizon", str, enum=Horizon.values),
    OpenApiParameter("owner", str, description="The owner's email."),
    OpenApiParameter("segment", str, description="attribute=value: items with evidence from that segment."),
    OpenApiParameter("study", int, description="Items with evidence from that study."),
    OpenApiParameter("q", str, description="Words in the title or description."),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS), description="priority (default) or position."),
]


# Evidence links ------------------------------------------------------------------------------------------------------


class LinkedInsightSerializer(serializers.ModelSerializer):
    class Meta:
        model = Insight
        fields = ["id", "statement", "status"]


class LinkedHighlightSerializer(serializers.ModelSerializer):
    class Meta:
        model = Highlight
        fields = ["id", "text", "transcript", "participant", "study", "pain", "pain_ai"]


class EvidenceLinkSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="insight or highlight.")
    insight = LinkedInsightSerializer(read_only=True, allow_null=True)
    highlight = LinkedHighlightSerializer(read_only=True, allow_null=True)
    added_by = serializers.EmailField(source="added_by.email", read_only=True, default=None, allow_null=True)

    class Meta:
        model = EvidenceLink
        fields = ["id", "kind", "insight", "highlight", "importance", "note", "added_by", "created_at"]


class EvidenceCreateSerializer(serializers.Serializer):
    insight = serializers.PrimaryKeyRelatedField(
        queryset=Insight.objects.all(), required=False, allow_null=True,
        error_messages={"does_not_exist": "No insight {pk_value} in this workspace."},
    )  # fmt: skip
    highlight = serializers.PrimaryKeyRelatedField(
        queryset=Highlight.objects.all(), required=False, allow_null=True,
        error_messages={"does_not_exist": "No highlight {pk_value} in this workspace."},
    )  # fmt: skip
    importance = serializers.IntegerField(min_value=0, max_value=3, help_text="0 context only … 3 critical.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceUpdateSerializer(serializers.Serializer):
    importance = serializers.IntegerField(min_value=0, max_value=3, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class ValidationInviteSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(
        queryset=Round.objects.all(), error_messages={"does_not_exist": "No round {pk_value} in this workspace."}
    )


class InvitedSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    email = serializers.EmailField(source="participant.email")


class RefusedSerializer(InvitedSerializer):
    code = serializers.CharField(help_text="do_not_contact, no_consent, cap or cooldown.")
    reason = serializers.CharField()


class ValidationInviteResultSerializer(serializers.Serializer):
    invited = InvitedSerializer(many=True)
    refused = RefusedSerializer(many=True)


# Views ---------------------------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class RoadmapItemViewSet(viewsets.GenericViewSet):
    """Roadmap items, highest priority first, each with its evidence profile and the priority's explanation."""

    serializer_class = ItemSerializer
    queryset = RoadmapItem.objects.none()  # typed path parameter for the schema; reads go through the selectors
    lookup_value_regex = r"\d+"
    write_roles = WRITE_ROADMAP

    def _item(self) -> RoadmapItem:
        item = selectors.item_get(self.kwargs["pk"])
        if item is None:
            raise NotFound("No such roadmap item in this workspace.")
        return item

    def _represent(self, pk, status_code=status.HTTP_200_OK) -> Response:
        detail = selectors.item_detail(pk)
        item = detail.item
        item.quotes = detail.quotes
        return Response(ItemDetailSerializer(item).data, status=status_code)

    def list(self, request):
        filters = ItemFilters(data={k: v for k, v in request.query_params.items() if v != ""})
        filters.is_valid(raise_exception=True)
        params = dict(filters.validated_data)
        items = []
        if "owner" in params:
            params["owner"] = User.objects.filter(email__iexact=params["owner"]).first()
        if params.get("owner", True) is not None:  # an unknown owner owns nothing
            items = selectors.items_list(**params)
        page = self.paginate_queryset(items)
        return self.get_paginated_response(ItemSerializer(page, many=True).data)

    @extend_schema(responses=ItemDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._represent(self._item().pk)

    @extend_schema(request=ItemSerializer, responses={201: ItemDetailSerializer})
    def create(self, request):
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.item_create(actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self._represent(item.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ItemSerializer, responses=ItemDetailSerializer)
    def update(self, request, pk=None, partial=False):
        """Change fields; a new `status` moves the item (webhook; to `shipped`: the participants are told)."""
        item = self._item()
        serializer = ItemSerializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {
            name: value
            for name, value in serializer.validated_data.items()
            if name not in ("status", "horizon", "position") or value != getattr(item, name)
        }
        try:
            services.item_update(item=item, actor=_actor(request), **data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self._represent(item.pk)

    @extend_schema(request=ItemSerializer, responses=ItemDetailSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def destroy(self, request, pk=None):
        services.item_delete(item=self._item(), actor=_actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=EvidenceLinkSerializer(many=True))
    @extend_schema(methods=["POST"], request=EvidenceCreateSerializer, responses={201: EvidenceLinkSerializer})
    # An item's links are one short list, answered whole: not paginated, and the document says so.
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def evidence(self, request, pk=None):
        """GET: the item's links, strongest first. POST: link one `insight` or one `highlight` with an `importance`
        (0 context only, 1 nice to have, 2 important, 3 critical) and an optional `note`."""
        item = self._item()
        if request.method == "GET":
            return Response(EvidenceLinkSerializer(selectors.item_links(item), many=True).data)
        serializer = EvidenceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            link = services.evidence_link(item=item, actor=_actor(request), **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(EvidenceLinkSerializer(link).data, status=status.HTTP_201_CREATED)

    def _link(self, item: RoadmapItem) -> EvidenceLink:
        link = item.links.select_related("insight", "highlight", "added_by").filter(pk=self.kwargs["link_id"]).first()
        if link is None:
            raise NotFound("No such evidence link on this item.")
        return link

    @extend_schema(methods=["PATCH"], request=EvidenceUpdateSerializer, responses=EvidenceLinkSerializer)
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(detail=True, methods=["patch", "delete"], url_path=r"evidence/(?P<link_id>\d+)")
    def evidence_link(self, request, pk=None, link_id=None):
        """PATCH: change a link's `importance` or `note`. DELETE: unlink."""
        link = self._link(self._item())
        if request.method == "DELETE":
            services.evidence_unlink(link=link, actor=_actor(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = EvidenceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            link = services.evidence_update(
                link=link, importance=data.get("importance", link.importance), note=data.get("note", link.note),
                actor=_actor(request),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(EvidenceLinkSerializer(link).data)

    @extend_schema(request=ValidationInviteSerializer, responses=ValidationInviteResultSerializer)
    @action(detail=True, methods=["post"], url_path="validation-invite")
    def validation_invite(self, request, pk=None):
        """Invite the item's participants to an async `round` to validate it; the contact rules apply and each
        refusal says why."""
        item = self._item()
        serializer = ValidationInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = services.validation_invite(
                item=item, round=serializer.validated_data["round"], actor=_actor(request)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(ValidationInviteResultSerializer(result).data)
