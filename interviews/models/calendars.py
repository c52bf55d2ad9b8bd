"""Hosts' own calendars: busy times read from a feed or a CalDAV collection, so participants never book over them."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from workspaces import outbound
from workspaces.models import account_reference


class CalendarKind(models.TextChoices):
    ICS = "ics", "iCalendar address"
    CALDAV = "caldav", "CalDAV collection"


class HostCalendar(models.Model):
    """One of a host's own calendars, read every few minutes; its events (not their titles) become busy times."""

    schedule = models.ForeignKey("interviews.HostSchedule", on_delete=models.CASCADE, related_name="calendars")
    kind = models.CharField(max_length=6, choices=CalendarKind.choices, default=CalendarKind.ICS)
    url = models.URLField(max_length=2000, help_text="The calendar's secret iCal address or CalDAV collection URL.")
    username = models.CharField(max_length=200, blank=True)
    password_encrypted = models.TextField(blank=True)
    all_day_blocks = models.BooleanField(default=True, help_text="All-day events make the whole day busy.")
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True, help_text="When the calendar was last read fine.")
    expanded_until = models.DateTimeField(null=True, blank=True, help_text="How far ahead its events were expanded.")
    last_tried_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, help_text="Why the last read failed; empty when it worked.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["schedule", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CalendarKind.values), name="hostcalendar_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.schedule.user}"

    @property
    def display_url(self) -> str:
        """The address without its secret part: a feed's path is its password."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}/…" if self.kind == CalendarKind.ICS else self.url

    def clean(self):
        try:
            outbound.check_url(self.url)
        except outbound.OutboundRefused as refused:
            raise ValidationError({"url": str(refused)}) from None


class BusyInterval(models.Model):
    """A time a host's own calendar says they are busy (recurring events expanded); rewritten on every read."""

    calendar = models.ForeignKey(HostCalendar, on_delete=models.CASCADE, related_name="busy")
    host = account_reference(null=False, blank=False, on_delete=models.CASCADE)
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["host", "start"]
        indexes = [models.Index(fields=["host", "start"], name="busy_host_start_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="busy_end_after_start"),
        ]

    def __str__(self):
        return f"{self.host} busy {self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M} UTC"
