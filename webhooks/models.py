"""Webhook endpoints of a workspace and every delivery made to them, in that workspace's schema."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from webhooks.events import SUBSCRIBABLE_EVENTS
from workspaces import outbound
from workspaces.models import account_reference


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A URL of the customer's that Parley POSTs signed events to; no events chosen means every event."""

    url = models.URLField("URL", max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, blank=True, help_text="Event names; empty means every event.")
    secret = models.CharField(max_length=100, default=new_secret)
    active = models.BooleanField(default=True)
    created_by = account_reference(related_name=None)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.description or self.url

    def clean(self):
        errors = {}
        parts = urlsplit(self.url or "")
        # Payloads carry research data and the signature proves only origin, not confidentiality: https only,
        # except in development or for a receiver the operator allowed on their own network.
        plain_http_allowed = settings.DEBUG or outbound.allow_listed(self.url)
        if parts.scheme and not (parts.scheme == "https" or (parts.scheme == "http" and plain_http_allowed)):
            errors["url"] = "Use an https:// address."
        elif parts.scheme:
            try:
                outbound.check_url(self.url)  # checked again on every delivery, at connect time
            except outbound.OutboundRefused as refused:
                errors["url"] = str(refused)
        if not isinstance(self.events, list) or not all(isinstance(name, str) for name in self.events):
            errors["events"] = "Give a list of event names."
        elif unknown := [name for name in self.events if name not in SUBSCRIBABLE_EVENTS]:
            errors["events"] = f"Unknown event: {', '.join(unknown)}. Choose from {', '.join(SUBSCRIBABLE_EVENTS)}."
        if errors:
            raise ValidationError(errors)
        self.events = sorted(set(self.events))

    def receives(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint; `payload` is the exact JSON document POSTed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=64)
    event_id = models.UUIDField(default=uuid.uuid4, help_text="The same for every endpoint of one emission.")
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_response_excerpt = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The sweep: pending deliveries whose next attempt has come.
            models.Index(
                fields=["next_attempt_at"],
                name="webhooks_delivery_due_idx",
                condition=models.Q(status="pending"),
            ),
            # An endpoint's delivery log, newest first.
            models.Index(fields=["endpoint", "-created_at"], name="webhooks_delivery_log_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"
