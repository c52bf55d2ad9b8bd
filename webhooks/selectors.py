"""Reads for the webhook pages and API, each with a fixed number of queries whatever the number of rows."""

from django.db.models import QuerySet

from webhooks.models import WebhookDelivery, WebhookEndpoint

DELIVERY_LOG_SIZE = 50


def endpoints_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("-created_at", "-id")


def endpoint_get(endpoint_id) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(pk=endpoint_id).first() if str(endpoint_id).isdigit() else None


def endpoint_deliveries(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's delivery log, newest first."""
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")
