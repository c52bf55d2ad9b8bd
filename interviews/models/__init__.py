"""Interviews: async links, sessions and messages; sync hosts, booking rules and bookings; transcripts of both kinds."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models

from studies.models import GuideQuestion, GuideVersion, Participant, Round, RoundKind
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


# Sync interviews and hosts' own calendars: in their own modules, the same app (defined after what they refer to).
from interviews.models.booking import (  # noqa: E402, F401
    BLOCKING_STATUSES,
    Assignment,
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingReminder,
    BookingRules,
    BookingStatus,
    DateOverride,
    Handoff,
    HostSchedule,
    QuestionKind,
    RoomKind,
    TsTzRange,
    Weekday,
    WeeklyHours,
    default_reminder_offsets,
    new_booking_uid,
)
from interviews.models.calendars import BusyInterval, CalendarKind, HostCalendar  # noqa: E402, F401

# The ledger beside these (it needs Session and Booking): one `interviews.models`.
from interviews.models.incentives import INCENTIVE_TRANSITIONS, IncentiveEntry, IncentiveStatus  # noqa: E402, F401
from interviews.models.recordings import Recording, RecordingStatus  # noqa: E402, F401
from interviews.models.wording import EmailKind, EmailWording  # noqa: E402, F401
