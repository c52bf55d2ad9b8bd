"""`/api/v1/links/`, `/api/v1/invitations/`, `/api/v1/sessions/`: async interviews for integrators."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.idempotency import idempotent
from interviews.links import selectors, services
from interviews.models import InterviewLink, LinkKind, Message, Session
from studies.models import Round, timezone_names
from workspaces.api import ReadBackMixin, as_drf_error


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class LinkSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    url = serializers.SerializerMethodField()
    participant = serializers.EmailField(source="participant.email", read_only=True, default=None, allow_null=True)
    # Empty on open links: the model's slug pattern holds only for a personal link's trigger event.
    event = serializers.CharField(read_only=True, help_text="The event that triggered a personal link; empty if none.")
    response_count = serializers.IntegerField(read_only=True, default=None)
    completed_count = serializers.IntegerField(read_only=True, default=None)
    disabled = serializers.BooleanField(required=False, write_only=True, help_text="true disables the link.")

    class Meta:
        model = InterviewLink
        fields = [
            "id", "round", "kind", "url", "label", "participant", "max_responses", "opens_at", "closes_at",
            "disabled_at", "disabled", "event", "response_count", "completed_count", "created_at",
        ]  # fmt: skip
        read_only_fields = ["kind", "disabled_at", "event", "created_at"]

    def get_url(self, link) -> str:
        return services.link_url(link)


class LinkViewSet(ReadBackMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Interview links (`?round=<id>`). POST creates an open link; PATCH `{"disabled": true}` disables one."""

    serializer_class = LinkSerializer
    queryset = InterviewLink.objects.none()

    def get_queryset(self):
        round_id = self.request.query_params.get("round", "")
        return selectors.links(round_id=int(round_id) if round_id.isdigit() else None)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("disabled", None)
        try:
            serializer.instance = services.link_create(
                round=data.pop("round"), kind=LinkKind.OPEN, actor=_actor(self.request), **data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        link = serializer.instance
        if data.pop("disabled", False):
            services.link_disable(link=link, actor=_actor(self.request))
        data.pop("round", None)
        for name, value in data.items():
            setattr(link, name, value)
        try:
            link.full_clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        link.save()


class InvitationParticipantSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    timezone = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    attributes = serializers.DictField(child=serializers.CharField(max_length=200), required=False, default=dict)

    def validate_timezone(self, value):
        if value and value not in timezone_names():
            raise serializers.ValidationError(f"“{value}” is not a time zone name such as Europe/Berlin.")
        return value


class InvitationSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    participant = InvitationParticipantSerializer()
    event = serializers.SlugField(max_length=80, required=False, allow_blank=True, default="")
    send_email = serializers.BooleanField(default=True)


class InvitationResponseSerializer(serializers.Serializer):
    link = serializers.IntegerField()
    url = serializers.URLField()
    participant = serializers.IntegerField()
    round = serializers.IntegerField()
    event = serializers.CharField()
    emailed = serializers.BooleanField()


class InvitationView(APIView):
    """Invite one participant to an async round, e.g. when something happens in your product. Send an
    `Idempotency-Key` header to make retries safe. 409 when the contact rules refuse (the reason says why)."""

    @extend_schema(
        request=InvitationSerializer,
        responses={201: InvitationResponseSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    def post(self, request):
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def invite() -> tuple[int, dict]:
            try:
                with transaction.atomic():
                    link = services.invitation_create(
                        round=data["round"], email=data["participant"]["email"], actor=_actor(request),
                        name=data["participant"]["name"], timezone_name=data["participant"]["timezone"],
                        attributes=data["participant"]["attributes"], event=data["event"],
                        send_email=data["send_email"],
                    )  # fmt: skip
            except services.InvitationRefused as refused:
                decision = refused.decision
                next_at = decision.next_possible_at.isoformat() if decision.next_possible_at else None
                body = {"detail": decision.reason, "code": decision.code, "next_possible_at": next_at}
                return status.HTTP_409_CONFLICT, body
            except DjangoValidationError as error:
                return status.HTTP_400_BAD_REQUEST, as_drf_error(error).detail
            body = {"link": link.pk, "url": services.link_url(link), "participant": link.participant_id,
                    "round": link.round_id, "event": link.event, "emailed": link.invited_at is not None}  # fmt: skip
            return status.HTTP_201_CREATED, body

        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            code, body = invite()
        elif len(key) > 200:
            code, body = 400, {"Idempotency-Key": ["Use at most 200 characters."]}
        else:
            code, body = idempotent(scope="invitations", key=key, body=request.data, compute=invite)
        return Response(body, status=code)


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["order", "role", "kind", "text", "question", "backend", "model", "latency_ms", "reason",
                  "fallback_error", "audit", "created_at"]  # fmt: skip


class SessionSerializer(serializers.ModelSerializer):
    participant = serializers.EmailField(source="participant.email", read_only=True, default=None, allow_null=True)
    state = serializers.SerializerMethodField()
    probe_count = serializers.IntegerField(read_only=True, default=None)
    guide_version = serializers.IntegerField(
        source="guide_version.number", read_only=True, default=None,
        help_text="The number of the round's guide version it asks (null if it started before guides had versions).",
    )  # fmt: skip

    class Meta:
        model = Session
        fields = ["id", "round", "link", "participant", "status", "state", "hidden_attributes", "probe_count",
                  "guide_version", "started_at", "last_activity_at", "completed_at"]  # fmt: skip

    def get_state(self, session) -> str:
        return selectors.session_state(session)


class SessionDetailSerializer(SessionSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "messages"]


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Interview sessions (`?round=<id>`, `?status=completed`); one session includes its messages."""

    queryset = Session.objects.none()

    def get_serializer_class(self):
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            # With the list's counts: an unannotated session would answer probe_count null.
            return selectors.sessions_list().prefetch_related("messages")
        params = self.request.query_params
        round_id = params.get("round", "")
        sessions = selectors.sessions_list(round_id=int(round_id) if round_id.isdigit() else None)
        if params.get("status") in ("in_progress", "completed"):
            sessions = sessions.filter(status=params["status"])
        return sessions
