"""`/api/v1/webhook-endpoints/`: owners manage endpoints, send a test and read the delivery log."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from webhooks import selectors, services
from webhooks.events import SUBSCRIBABLE_EVENTS
from webhooks.models import WebhookDelivery, WebhookEndpoint
from workspaces.access import MANAGE_WORKSPACE
from workspaces.api import as_drf_error
from workspaces.permissions import WorkspaceRole, api_role


class OwnersOnly(WorkspaceRole):
    """Endpoints carry signing secrets: only owners may even read them. Outsiders still get 404."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and api_role(request) in MANAGE_WORKSPACE


class WebhookEndpointSerializer(serializers.ModelSerializer):
    # Plain fields: the service's full_clean() gives the messages, so the API and the pages say the same thing.
    url = serializers.CharField(max_length=2000)
    events = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        help_text=f"Events to receive, from: {', '.join(SUBSCRIBABLE_EVENTS)}. Empty: every event.",
    )
    active = serializers.BooleanField(default=True, help_text="Turned off, it receives nothing.")
    secret = serializers.CharField(read_only=True, help_text="Verify `Parley-Signature` with it.")

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "active", "secret", "created_at"]
        read_only_fields = ["id", "secret", "created_at"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "event", "event_id", "status", "attempts", "next_attempt_at", "last_status_code", "last_error",
            "last_response_excerpt", "payload", "created_at", "delivered_at",
        ]  # fmt: skip
        read_only_fields = fields


def _actor(request):
    return request.user if getattr(request.user, "pk", None) else None


class WebhookEndpointViewSet(viewsets.ModelViewSet):
    """This workspace's webhook endpoints (owners only): each receives signed POSTs of the events it subscribes to."""

    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.none()
    permission_classes = [OwnersOnly]
    write_roles = MANAGE_WORKSPACE

    def get_queryset(self):
        return selectors.endpoints_list()

    def perform_create(self, serializer):
        try:
            serializer.instance = services.endpoint_create(**serializer.validated_data, actor=_actor(self.request))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_update(self, serializer):
        try:
            serializer.instance = services.endpoint_update(
                endpoint=serializer.instance, **serializer.validated_data, actor=_actor(self.request)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_destroy(self, endpoint):
        services.endpoint_delete(endpoint=endpoint, actor=_actor(self.request))

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer}, summary="Send a ping event")
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        delivery = services.webhook_send_test(endpoint=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=WebhookEndpointSerializer, summary="Replace the signing secret")
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint = services.endpoint_rotate_secret(endpoint=self.get_object(), actor=_actor(request))
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(responses=WebhookDeliverySerializer(many=True), summary="The delivery log, newest first")
    @action(detail=True, methods=["get"], serializer_class=WebhookDeliverySerializer)
    def deliveries(self, request, pk=None):
        page = self.paginate_queryset(selectors.endpoint_deliveries(self.get_object()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
