"""Interviews: async links, sessions and messages; sync hosts, booking rules and bookings; transcripts of both kinds."""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now as timezone_now

from studies.models import (
    ContactEvent,
    GuideQuestion,
    GuideVersion,
    Participant,
    Round,
    RoundKind,
    validate_timezone,
)
from workspaces import outbound


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: unguessable, and short enough for an SMS or an email


class LinkKind(models.TextChoices):
    OPEN = "open", "Open link"
    PERSONAL = "personal", "Personal link"


class InterviewLink(models.Model):
    """How a participant reaches an async round: an open link anyone may use, or a personal one for one person."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=120, blank=True)
    max_responses = models.PositiveIntegerField(null=True, blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    event = models.SlugField(
        max_length=80, blank=True, help_text="What happened in the product, e.g. onboarding_completed."
    )
    attributes = models.JSONField(default=dict, blank=True, help_text="Hidden attributes given with the invitation.")
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=LinkKind.OPEN, participant__isnull=True)
                | models.Q(kind=LinkKind.PERSONAL, participant__isnull=False),
                name="link_personal_has_participant",
            ),
            models.UniqueConstraint(
                fields=["round", "participant"],
                condition=models.Q(kind=LinkKind.PERSONAL),
                name="link_one_personal_per_round",
            ),
        ]

    def __str__(self):
        return self.label or (f"Personal link for {self.participant}" if self.participant_id else "Open link")


class SessionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Session(models.Model):
    """One participant's run through a round's guide; resumable until it is completed."""

    link = models.ForeignKey(InterviewLink, on_delete=models.CASCADE, related_name="sessions")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sessions")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    resume_token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(max_length=12, choices=SessionStatus.choices, default=SessionStatus.IN_PROGRESS)
    hidden_attributes = models.JSONField(default=dict, blank=True)
    guide_version = models.ForeignKey(
        GuideVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions",
        help_text="The guide it asks: the round's version when it started (none for sessions older than versions).",
    )  # fmt: skip
    current_index = models.PositiveSmallIntegerField(default=0, help_text="Index in its guide version's questions.")
    probes_on_current = models.PositiveSmallIntegerField(default=0)
    minutes_elapsed = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    email = models.EmailField(blank=True, help_text="Given for “finish later”.")
    consented_at = models.DateTimeField(null=True, blank=True)
    followup_opt_in_at = models.DateTimeField(
        null=True, blank=True, help_text="When the participant agreed to be contacted for a follow-up call."
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["round", "status"], name="session_round_status_idx")]
        constraints = [
            # One person, one session per link: a personal link is one interview resumed from any device, and an
            # open-link respondent who opts in to a follow-up becomes a participant once.
            models.UniqueConstraint(
                fields=["link", "participant"],
                condition=models.Q(participant__isnull=False),
                name="session_one_per_person_and_link",
            ),
        ]

    def __str__(self):
        return f"Session {self.pk} on {self.round}"


class Role(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    PARTICIPANT = "participant", "Participant"


class MessageKind(models.TextChoices):
    QUESTION = "question", "Guide question"
    PROBE = "probe", "Follow-up probe"
    CLOSE = "close", "Closing"
    ANSWER = "answer", "Answer"


class Message(models.Model):
    """One turn of the conversation. Interviewer turns record how and why they were chosen."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    order = models.PositiveIntegerField()
    role = models.CharField(max_length=12, choices=Role.choices)
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    text = models.TextField()
    question = models.ForeignKey(GuideQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The participant's page sends a fresh token with each answer: a double submit or a resend carries the same one.
    client_token = models.CharField(max_length=64, blank=True)
    backend = models.CharField(max_length=20, blank=True)
    model = models.CharField(max_length=100, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    fallback_error = models.CharField(max_length=300, blank=True)
    audit = models.JSONField(default=dict, blank=True, help_text="Probe audit: lint codes, refers to the answer.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="message_unique_order"),
            models.UniqueConstraint(
                fields=["session", "client_token"], condition=~models.Q(client_token=""), name="message_one_per_token"
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.text[:60]}"


class Transcript(models.Model):
    """What was said in one interview, sync (imported) or async (from a session): the input of synthesis."""

    kind = models.CharField(max_length=5, choices=RoundKind.choices)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="transcripts")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="transcripts"
    )
    session = models.OneToOneField(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="transcript")
    title = models.CharField(max_length=200)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self):
        return self.title


class Utterance(models.Model):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="utterances")
    order = models.PositiveIntegerField()
    speaker_role = models.CharField(max_length=12, choices=[*Role.choices, ("other", "Other")])
    speaker_name = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    start_ms = models.PositiveIntegerField(null=True, blank=True)
    end_ms = models.PositiveIntegerField(null=True, blank=True)
    question = models.ForeignKey(GuideQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["transcript", "order"]
        constraints = [models.UniqueConstraint(fields=["transcript", "order"], name="utterance_unique_order")]

    def __str__(self):
        return f"{self.speaker_name or self.speaker_role}: {self.text[:60]}"


class LLMBackend(models.TextChoices):
    OFFLINE = "offline", "Offline interviewer (no network)"
    OPENAI = "openai", "OpenAI-compatible endpoint"


class LLMSettings(models.Model):
    """The workspace's interviewer: one row; without it, the server's OPENAI_* defaults (or offline) apply."""

    backend = models.CharField(max_length=10, choices=LLMBackend.choices, default=LLMBackend.OFFLINE)
    base_url = models.URLField(blank=True, help_text="Empty for api.openai.com; any OpenAI-compatible server.")
    model = models.CharField(max_length=100, blank=True)
    api_key_encrypted = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "LLM settings"
        verbose_name_plural = "LLM settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="llmsettings_single_row")]

    def __str__(self):
        return f"Interviewer: {self.get_backend_display()}"

    def clean(self):
        # Checked again on every call, at connect time; here the owner reads the reason when saving.
        if self.base_url:
            try:
                outbound.check_url(self.base_url)
            except outbound.OutboundRefused as refused:
                raise ValidationError({"base_url": str(refused)}) from None


class IdempotencyKey(models.Model):
    """The response to an API call made with an `Idempotency-Key` header, replayed when the call is retried."""

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request body.")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_unique_key")]

    def __str__(self):
        return f"{self.scope}: {self.key}"


# Sync interviews: hosts' availability, a sync round's booking rules, bookings and their reminders.


class HostSchedule(models.Model):
    """A host's weekly hours (in their own zone), date overrides, meeting URL and private calendar feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_schedule")
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
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["to_round", "participant"], name="handoff_once_per_round")]

    def __str__(self):
        return f"{self.participant} from {self.from_round_id} to {self.to_round_id}"


# The ledger beside these (it needs Session and Booking): one `interviews.models`.
from interviews.models.incentives import INCENTIVE_TRANSITIONS, IncentiveEntry, IncentiveStatus  # noqa: E402, F401
