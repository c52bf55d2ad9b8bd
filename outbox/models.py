"""Emails are written here, in the schema of the workspace that sends them, before any delivery is attempted."""

from django.db import models


class Email(models.Model):
    """One outgoing email. The row commits with the change that caused it; delivery happens afterwards."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    template = models.CharField(max_length=100)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True,
        help_text="Files sent with it: [{filename, mimetype, content}]; text/* content as text, other types base64.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_email_pending_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"
