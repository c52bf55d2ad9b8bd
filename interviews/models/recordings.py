"""Recordings of sync calls: an uploaded (or fetched) audio or video file, transcribed by a Celery job in chunks."""

import secrets
from pathlib import PurePath

from django.db import models

from workspaces.models import account_reference


def recording_path(recording: "Recording", filename: str) -> str:
    # The default storage (django-tenants' TenantFileSystemStorage) puts this under MEDIA_ROOT/<schema>/: one
    # workspace's recordings never share a folder with another's. A random name: the participant's name never
    # reaches the disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"recordings/{recording.booking_id}/{secrets.token_hex(16)}{suffix}"


class RecordingStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Transcribing"
    DONE = "done", "Transcribed"
    FAILED = "failed", "Failed"


class Recording(models.Model):
    """A call's audio or video. The job fills `segments` chunk by chunk (committed with `chunks_done`, so a lost
    worker resumes where it stopped); the file is deleted after the workspace's recording retention, the segments
    and the transcript they became stay."""

    booking = models.ForeignKey("interviews.Booking", on_delete=models.CASCADE, related_name="recordings")
    file = models.FileField(upload_to=recording_path, max_length=300, blank=True)
    source_url = models.URLField(max_length=2000, blank=True, help_text="Fetched by the job when given.")
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=RecordingStatus.choices, default=RecordingStatus.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    chunks_total = models.PositiveSmallIntegerField(default=0)
    chunks_done = models.PositiveSmallIntegerField(default=0)
    segments = models.JSONField(default=list, blank=True, help_text="[{start_ms, end_ms, text, speaker}], in order.")
    diarized = models.BooleanField(default=False, help_text="The server said who spoke each segment.")
    model = models.CharField(max_length=100, blank=True)
    transcript = models.ForeignKey(
        "interviews.Transcript", null=True, blank=True, on_delete=models.SET_NULL, related_name="recordings"
    )
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="recording_status_idx")]

    def __str__(self):
        return f"Recording {self.pk} of booking {self.booking_id}"

    @property
    def segment_count(self) -> int:
        return len(self.segments)

    @property
    def percent(self) -> int:
        return int(100 * self.chunks_done / self.chunks_total) if self.chunks_total else 0
