"""Sync interviews: hosts' availability, a sync round's booking rules, bookings and their reminders."""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now as timezone_now

from interviews.models import Session, Transcript, new_token
from studies.models import (
    ContactEvent,
    Participant,
    Round,
    RoundKind,
    validate_timezone,
)
from workspaces.models import account_reference


class HostSchedule(models.Model):
    """A host's weekly hours (in their own zone), date overrides, meeting URL and private calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_schedule", db_constraint=False
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    meeting_url = models.URLField(blank=True, help_text="Your video room; used when the round gives no location.")
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id"]

    def __str__(self):
        return f"Hours of {self.user}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyHours(models.Model):
    """One range of working hours on a weekday, in the host's zone; a day may have several."""

    schedule = models.ForeignKey(HostSchedule, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["schedule", "weekday", "start"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="weeklyhours_end_after_start"),
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6), name="weeklyhours_weekday"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self):
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": "The hours must end after they start."})


class DateOverride(models.Model):
    """A date whose hours replace the weekday's: no times is a day off, times are that day's hours."""

    schedule = models.ForeignKey(HostSchedule, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["schedule", "date", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")),
                name="dateoverride_day_off_or_range",
            ),
        ]

    def __str__(self):
        if self.start is None:
            return f"{self.date}: day off"
        return f"{self.date}: {self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def is_day_off(self) -> bool:
        return self.start is None

    def clean(self):
        if (self.start is None) != (self.end is None):
            raise ValidationError("Give both a start and an end time, or neither for a day off.")
        if self.start is not None and self.end <= self.start:
            raise ValidationError({"end": "The hours must end after they start."})


class RoomKind(models.TextChoices):
    NONE = "", "The location above (or each host's meeting URL)"
    JITSI = "jitsi", "A Jitsi Meet room per call"
    TEMPLATE = "template", "A room per call from a URL template"


class Assignment(models.TextChoices):
    SINGLE = "single", "One host"
    ROUND_ROBIN = "round_robin", "Round-robin among the hosts"


def default_reminder_offsets() -> list[int]:
    return [1440, 60]


class BookingRules(models.Model):
    """How participants book a sync round: duration, buffers, notice, caps, horizon, hosts and questions."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="booking_rules")
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(240)])
    buffer_after_minutes = models.PositiveSmallIntegerField(default=15, validators=[MaxValueValidator(240)])
    min_notice_hours = models.PositiveSmallIntegerField(default=12, validators=[MaxValueValidator(24 * 60)])
    max_per_host_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(48)],
        help_text="Empty for no cap.",
    )  # fmt: skip
    horizon_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    slot_interval_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    location = models.CharField(
        max_length=500, blank=True, help_text="An address or a video URL; empty uses each host's meeting URL."
    )
    room = models.CharField(max_length=8, choices=RoomKind.choices, default=RoomKind.NONE, blank=True)
    room_server = models.CharField(
        max_length=500, blank=True,
        help_text="Jitsi: the server (empty for https://meet.jit.si). Template: a URL with {booking} and/or {token}.",
    )  # fmt: skip
    assignment = models.CharField(max_length=12, choices=Assignment.choices, default=Assignment.ROUND_ROBIN)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hosted_booking_rules")
    min_change_notice_hours = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(24 * 30)])
    max_reschedules = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(20)])
    reminder_offsets_minutes = models.JSONField(default=default_reminder_offsets, blank=True)
    bookings_per_participant = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token)
    is_public = models.BooleanField(default=True, help_text="Anyone with the round's booking link may book.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "booking rules"
        constraints = [
            models.CheckConstraint(condition=models.Q(assignment__in=Assignment.values), name="rules_assignment_valid"),
        ]

    def __str__(self):
        return f"Booking rules of {self.round}"

    def clean(self):
        if self.round_id and self.round.kind != RoundKind.SYNC:
            raise ValidationError({"round": "Only a sync round takes bookings."})
        offsets = self.reminder_offsets_minutes
        if not isinstance(offsets, list) or not all(
            isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 60 * 24 * 14 for m in offsets
        ):
            raise ValidationError(
                {"reminder_offsets_minutes": "List minutes before the call, each between 1 and 20160 (14 days)."}
            )
        if len(set(offsets)) != len(offsets):
            raise ValidationError({"reminder_offsets_minutes": "Each reminder time may appear once."})
        self._clean_room()

    def _clean_room(self):
        from interviews.booking.rooms import room_problem  # the room rules live with the rooms

        problem = room_problem(self.room, self.room_server)
        if problem:
            raise ValidationError({"room_server": problem})


class QuestionKind(models.TextChoices):
    TEXT = "text", "Text"
    CHOICE = "choice", "Choice"


class BookingQuestion(models.Model):
    """A question the participant answers when booking."""

    rules = models.ForeignKey(BookingRules, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=6, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["rules", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["rules", "order"], name="bookingquestion_unique_order", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(condition=models.Q(kind__in=QuestionKind.values), name="bookingquestion_kind"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if not isinstance(self.choices, list) or not all(isinstance(c, str) and c.strip() for c in self.choices):
            raise ValidationError({"choices": "Give the choices as a list of non-empty texts."})
        if self.kind == QuestionKind.CHOICE and len(self.choices) < 2:
            raise ValidationError({"choices": "A choice question needs at least two choices."})
        if self.kind == QuestionKind.TEXT and self.choices:
            raise ValidationError({"choices": "A text question has no choices."})


class BookingInvite(models.Model):
    """A personal booking link for one participant of a sync round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="booking_invites")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="booking_invites")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    booking = models.ForeignKey("Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="bookinginvite_one_per_participant"),
        ]

    def __str__(self):
        return f"Booking invitation for {self.participant}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"


# The statuses that hold a host's time: a cancelled or no-show booking frees nothing retroactively but blocks nothing.
BLOCKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.COMPLETED)


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def new_booking_uid() -> str:
    return f"{uuid.uuid4()}@parley"


class Booking(models.Model):
    """A participant's call with a host in a sync round. PostgreSQL refuses two overlapping calls of one host."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bookings")
    host = account_reference(null=False, blank=False, on_delete=models.PROTECT)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    timezone = models.CharField(
        max_length=64, default="UTC", validators=[validate_timezone], help_text="The participant's zone."
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    uid = models.CharField(max_length=120, unique=True, default=new_booking_uid, help_text="The calendar event's UID.")
    sequence = models.PositiveIntegerField(default=0, help_text="The calendar event's SEQUENCE, +1 per change.")
    manage_token = models.CharField(max_length=64, unique=True, default=new_token)
    answers = models.JSONField(default=dict, blank=True)
    location = models.CharField(max_length=500, blank=True)
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    scheduled_at = models.DateTimeField(
        default=timezone_now, help_text="When this time was chosen: reminders due before it are not sent."
    )
    contact_event = models.OneToOneField(
        ContactEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="booking",
        help_text="The interview in the participant's contact history.",
    )  # fmt: skip
    invite = models.ForeignKey(BookingInvite, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings")
    transcript = models.OneToOneField(
        Transcript, null=True, blank=True, on_delete=models.SET_NULL, related_name="booking"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True, help_text="When staff marked it completed or no-show.")

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["host", "start"], name="booking_host_start_idx"),
            models.Index(fields=["round", "status", "start"], name="booking_round_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=models.Q(status__in=BookingStatus.values), name="booking_status_valid"),
            # int8range(host, host + 1) overlaps only the same host: range GiST opclasses are built in, so this
            # needs no btree_gist (which the demo's embedded PostgreSQL lacks).
            ExclusionConstraint(
                name="booking_no_host_overlap",
                expressions=[
                    (
                        models.Func(
                            models.F("host_id"),
                            models.F("host_id") + 1,
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=BLOCKING_STATUSES),
                violation_error_message="That time was just taken.",
            ),
        ]

    def __str__(self):
        return f"{self.participant} with {self.host} at {self.start:%Y-%m-%d %H:%M} UTC"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class BookingReminder(models.Model):
    """A reminder claimed before it is sent: the unique row makes each reminder go out once."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    offset_minutes = models.PositiveIntegerField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booking", "-offset_minutes"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "offset_minutes"], name="bookingreminder_once"),
        ]

    def __str__(self):
        return f"Reminder {self.offset_minutes} min before {self.booking}"


class Handoff(models.Model):
    """A completed async interview handed to the next sync round: the person gets a personal booking invitation."""

    from_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="handoffs_out")
    to_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="handoffs_in")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="handoffs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="handoffs")
    invite = models.ForeignKey(BookingInvite, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["to_round", "participant"], name="handoff_once_per_round")]

    def __str__(self):
        return f"{self.participant} from {self.from_round_id} to {self.to_round_id}"
