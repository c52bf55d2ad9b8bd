"""Studies, their programme of rounds, discussion guides, and the participants a workspace may contact."""

import functools
import re
import uuid
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import number_format
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext

from workspaces.models import account_reference


class Goal(models.TextChoices):
    EARLY_PROBLEM_DISCOVERY = "early_problem_discovery", "Early problem discovery"
    VALIDATING_PROBLEM = "validating_problem", "Validating a problem exists"
    UNDERSTANDING_WORKFLOWS = "understanding_workflows", "Understanding workflows"
    MEASURING_PAIN_INTENSITY = "measuring_pain_intensity", "Measuring pain intensity"
    PERSONA_DEVELOPMENT = "persona_development", "Persona development"
    USABILITY_TESTING = "usability_testing", "Usability testing"
    CONTINUOUS_FEEDBACK = "continuous_feedback", "Continuous feedback"
    WIN_LOSS_ANALYSIS = "win_loss_analysis", "Win/loss analysis"
    FEATURE_VALIDATION = "feature_validation", "Feature validation"


class Method(models.TextChoices):
    SYNC = "sync", "Sync (live calls)"
    ASYNC = "async", "Async (AI interviews)"
    BOTH = "both", "Both"


class ProgrammeModel(models.TextChoices):
    SINGLE = "single", "Single round"
    FUNNEL = "funnel", "Funnel: async wide net, sync deep dives, async validation"
    CONTINUOUS_EPISODIC = "continuous_episodic", "Continuous async + episodic sync"
    VALIDATION = "validation", "Validation: sync first, then async at scale"


class RoundKind(models.TextChoices):
    SYNC = "sync", "Sync"
    ASYNC = "async", "Async"


class StudyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECRUITING = "recruiting", "Recruiting"
    RUNNING = "running", "Running"
    SYNTHESIZING = "synthesizing", "Synthesizing"
    DONE = "done", "Done"


# The steps a person may take by hand. Rounds move the study too: the first live round makes it running, the last
# round closing makes it synthesizing (studies.programme.services.study_follow_rounds).
STUDY_TRANSITIONS: dict[str, frozenset[str]] = {
    StudyStatus.DRAFT: frozenset({StudyStatus.RECRUITING, StudyStatus.RUNNING}),
    StudyStatus.RECRUITING: frozenset({StudyStatus.RUNNING, StudyStatus.DRAFT}),
    StudyStatus.RUNNING: frozenset({StudyStatus.SYNTHESIZING}),
    StudyStatus.SYNTHESIZING: frozenset({StudyStatus.DONE, StudyStatus.RUNNING}),
    StudyStatus.DONE: frozenset(),
}


class Incentive(models.Model):
    """Amount, currency and a description a participant reads ("a $25 gift card")."""

    incentive_amount = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    incentive_currency = models.CharField(max_length=3, default="USD")
    incentive_description = models.CharField(max_length=200, blank=True)
    incentive_when = models.CharField(
        max_length=120, blank=True,
        help_text="When participants receive it, in their words, e.g. “within 5 working days”.",
    )  # fmt: skip

    class Meta:
        abstract = True

    def incentive_text(self) -> str:
        """What a participant reads as the thank-you: the description, else the amount ("25,00 EUR" in German)."""
        if self.incentive_description:
            return self.incentive_description
        if self.incentive_amount:
            return f"{number_format(self.incentive_amount, decimal_pos=2)} {self.incentive_currency}"
        return ""


class Study(Incentive):
    title = models.CharField(max_length=200, help_text="For your team; participants never see it.")
    # What participants read on booking and interview pages and in their emails: the internal title often names a
    # hypothesis ("Why teams churn") that would lead the answers or put people off.
    public_title = models.CharField(
        max_length=200, blank=True,
        help_text="The title participants see on their pages and in emails. "
        "Empty: “A conversation with <workspace>” (never the internal title).",
    )  # fmt: skip
    public_description = models.TextField(
        max_length=1000, blank=True,
        help_text="One or two sentences for participants: what the conversation is about, in their words.",
    )  # fmt: skip
    goal = models.CharField(max_length=40, choices=Goal.choices)
    research_questions = models.JSONField(default=list, blank=True, help_text="What the study must answer.")
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.ASYNC)
    programme_model = models.CharField(max_length=30, choices=ProgrammeModel.choices, default=ProgrammeModel.SINGLE)
    status = models.CharField(max_length=20, choices=StudyStatus.choices, default=StudyStatus.DRAFT)
    owner = account_reference()
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    plan = models.JSONField(default=dict, blank=True, help_text="The planner's inputs and recommendation when applied.")
    incentive_budget = models.DecimalField(
        max_digits=11, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
        help_text="What the study may spend on incentives, in its currency: the ledger warns when owed passes it.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "studies"
        constraints = [
            models.CheckConstraint(condition=models.Q(goal__in=Goal.values), name="study_goal_valid"),
            models.CheckConstraint(condition=models.Q(status__in=StudyStatus.values), name="study_status_valid"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="study_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def participant_title(self, workspace_name: str) -> str:
        """The title a participant reads: the public one, or a neutral phrase (in the active language)."""
        return self.public_title or gettext("A conversation with %(workspace)s") % {"workspace": workspace_name}

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The study cannot end before it starts."})
        if not isinstance(self.research_questions, list) or not all(
            isinstance(q, str) and q.strip() for q in self.research_questions
        ):
            raise ValidationError({"research_questions": "Give a list of questions, each a non-empty text."})


class RoundStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class Round(Incentive):
    """One sync or async phase of a study's programme, with its own discussion guide."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=5, choices=RoundKind.choices)
    purpose = models.CharField(max_length=200)
    target_participants = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    time_budget_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="How long an interview should take; async guides aim at 5-10 minutes.",
    )  # fmt: skip
    hidden_fields = models.JSONField(
        default=list, blank=True,
        help_text="Query parameters of an interview link kept on the session, e.g. plan, event.",
    )  # fmt: skip
    reminder_after_days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Remind invited participants who have not started after this many days (once).",
    )  # fmt: skip
    live_at = models.DateTimeField(null=True, blank=True, help_text="When its first link opened or call was booked.")
    closed_at = models.DateTimeField(null=True, blank=True)
    shortlist_quotas = models.JSONField(
        default=dict, blank=True,
        help_text='How many of each attribute value the shortlist should hold, e.g. {"segment": {"smb": 4}}.',
    )  # fmt: skip
    source_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="fed_rounds",
        help_text="The always-on async round whose answers this episodic sync round draws its shortlist from.",
    )  # fmt: skip

    class Meta:
        ordering = ["study", "order"]
        constraints = [
            # Deferred, so that a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["study", "order"], name="round_unique_order", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(condition=models.Q(kind__in=RoundKind.values), name="round_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=RoundStatus.values), name="round_status_valid"),
        ]

    def __str__(self):
        return f"{self.study} · round {self.order}: {self.purpose}"

    def participant_incentive(self) -> str:
        """This round's own thank-you (a call is usually worth more than an async interview), else the study's."""
        return self.incentive_text() or self.study.incentive_text()

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The round cannot end before it starts."})
        if not isinstance(self.hidden_fields, list) or not all(
            isinstance(name, str) and name.isidentifier() for name in self.hidden_fields
        ):
            raise ValidationError({"hidden_fields": "List parameter names such as plan, event (letters, digits, _)."})
        quotas = self.shortlist_quotas
        if not isinstance(quotas, dict) or not all(
            isinstance(values, dict) and all(isinstance(n, int) and n >= 0 for n in values.values())
            for values in quotas.values()
        ):
            raise ValidationError(
                {"shortlist_quotas": 'Give counts per attribute value, e.g. {"segment": {"smb": 4}}.'}
            )


class GuideQuestion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    intent = models.CharField(max_length=300, blank=True, help_text="What this question should teach us.")
    probing = models.TextField(blank=True, help_text="How to follow up: what to dig into, what to avoid.")
    max_follow_ups = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(5)])
    estimated_minutes = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(60))],
    )  # fmt: skip

    class Meta:
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "order"], name="question_unique_order", deferrable=models.Deferrable.DEFERRED
            ),
        ]

    def __str__(self):
        return self.text[:80]


class GuideVersion(models.Model):
    """A numbered snapshot of a live round's guide: the questions every interview started on it is asked.

    Each confirmed change to a live round's guide adds one (studies.guides.services); a session keeps the version it
    started with, so a question deleted or moved meanwhile never shifts an interview in progress."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="guide_versions")
    number = models.PositiveIntegerField()
    questions = models.JSONField(
        default=list, blank=True,
        help_text="The questions in order: id (of the GuideQuestion), text, intent, probing, max_follow_ups, "
        "estimated_minutes.",
    )  # fmt: skip
    change = models.CharField(max_length=300, blank=True, help_text="What changed, in words.")
    created_by = account_reference()
    created_at = models.DateTimeField(default=timezone_now)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="guideversion_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="guideversion_number_positive"),
        ]

    def __str__(self):
        return f"Guide v{self.number} of {self.round}"


@functools.cache
def timezone_names() -> frozenset[str]:
    # Reading the zone database takes tens of milliseconds: once per process is enough.
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(f"“{value}” is not a time zone name such as Europe/Berlin or America/New_York.")


LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def validate_locale(value: str) -> None:
    if value and not LOCALE_RE.match(value):
        raise ValidationError(f"“{value}” is not a language code such as en, de or pt-BR.")


class Participant(models.Model):
    """Someone the workspace may interview. Participants never log in.

    Consent to be contacted means the person agreed that this workspace may reach out to them on its own initiative
    again: a follow-up call, or hearing back when what they asked for ships. It comes from a CSV import, a team
    member, the API, or the participant opting in to a follow-up call after an async interview; every change is a
    ParticipantChange with its source and date. Agreeing to an interview's terms (`Session.consented_at`, the
    booking form's box) covers that one conversation only and is not consent to be contacted. Do-not-contact
    overrides everything. Whether they may be contacted now is `studies.participants.contact_rules`."""

    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    locale = models.CharField(
        max_length=35, blank=True, validators=[validate_locale],
        help_text="The language of their pages and emails, e.g. de or pt-BR. Empty: their browser's language.",
    )  # fmt: skip
    attributes = models.JSONField(default=dict, blank=True, help_text="Segment, plan, company...")
    consent_to_contact = models.BooleanField(
        default=False,
        help_text="Agreed to be contacted again (follow-up calls, hearing back); not the interview's terms.",
    )
    do_not_contact = models.BooleanField(default=False, help_text="Asked not to be contacted: overrides everything.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="participant_unique_email_ci",
                violation_error_message="This email is already a participant in this workspace.",
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="participant_created_idx")]

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()  # however it is created, compare emails as one spelling
        super().save(*args, **kwargs)

    def clean(self):
        self.email = (self.email or "").strip().lower()
        if not isinstance(self.attributes, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int | float | bool) for k, v in self.attributes.items()
        ):
            raise ValidationError({"attributes": "Attributes are names with simple values (text, number, yes/no)."})


class ChangeSource(models.TextChoices):
    STAFF = "staff", "a team member"
    IMPORT = "import", "a CSV import"
    API = "api", "the API"
    INVITATION = "invitation", "an invitation"
    BOOKING = "booking", "booking a call"
    OPT_IN = "opt_in", "opting in to a follow-up call"
    SCREENER = "screener", "answering a screener"
    OPT_OUT = "opt_out", "the opt-out link in an email"


class ParticipantChange(models.Model):
    """A participant added, or their consent to be contacted or do-not-contact wish changed: what, from where, when.

    `consent_to_contact` and `do_not_contact` hold the new value when this change set it (both on creation), None
    when it left it alone. The participant's page reads its consent's source and date here."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="changes")
    created = models.BooleanField(default=False)
    consent_to_contact = models.BooleanField(null=True, blank=True)
    do_not_contact = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=ChangeSource.choices)
    actor = account_reference()
    at = models.DateTimeField(default=timezone_now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["participant", "at"], name="participantchange_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(source__in=ChangeSource.values), name="participantchange_source")
        ]

    def __str__(self):
        return f"{self.participant_id} changed by {self.get_source_display()} at {self.at:%Y-%m-%d}"


class ContactKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    INTERVIEW = "interview", "Interview"


class ContactEvent(models.Model):
    """One contact with a participant, sync or async: the history governance reads."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=12, choices=ContactKind.choices)
    channel = models.CharField(max_length=5, choices=RoundKind.choices)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    occurred_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["participant", "kind", "occurred_at"], name="contact_history_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ContactKind.values), name="contact_kind_valid"),
            models.CheckConstraint(condition=models.Q(channel__in=RoundKind.values), name="contact_channel_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.channel}) with {self.participant} at {self.occurred_at:%Y-%m-%d}"


class Governance(models.Model):
    """The workspace's contact rules, applied to sync and async invitations alike. One row per workspace."""

    min_days_between_invitations = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(365)], help_text="Cooldown after an invitation to the same person."
    )
    max_interviews_per_90_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    retention_days = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Delete raw answers, transcripts and recordings older than this many days. Empty: keep them.",
    )  # fmt: skip
    recording_retention_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Delete calls' audio and video files this many days after upload; their transcripts stay.",
    )  # fmt: skip
    retention_keep_highlights = models.BooleanField(
        default=True,
        help_text="When old transcripts go, keep their highlights' words under a pseudonym instead of the person.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "governance"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="governance_single_row"),
            models.CheckConstraint(
                condition=models.Q(max_interviews_per_90_days__gte=1), name="governance_cap_positive"
            ),
        ]

    def __str__(self):
        return "Contact governance"

    @classmethod
    def current(cls) -> "Governance":
        """The workspace's rules; the defaults until an owner saves them (reading never writes)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Erasure(models.Model):
    """A participant was erased: when, by whom, how and how much went. Nothing here names the participant: the id
    is random, so the record cannot be joined back to them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    erased_at = models.DateTimeField(auto_now_add=True)
    erased_by = account_reference()
    via = models.CharField(max_length=60, help_text="The page, or the API key's name.")
    counts = models.JSONField(default=dict, help_text="How many rows of each kind went.")

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self):
        return f"Erasure {self.id} at {self.erased_at:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """One staff action on participant data or the workspace's settings: who, what, when, on which object.

    Append-only: PostgreSQL refuses UPDATE and DELETE on the table (a trigger, see the migration), except inside an
    erasure, which replaces the erased person's name in `object_repr` (studies.audit.services.audit_scrub)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = account_reference(on_delete=models.DO_NOTHING)  # the append-only table takes no SET NULL
    actor_label = models.CharField(max_length=200, help_text="Who, as they were called then: an email or an API key.")
    action = models.CharField(max_length=60, help_text="What, e.g. participant.erased, governance.changed.")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True, help_text="Field names and counts, never the values.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


# The recruitment models live beside these (they need Round and Participant above): one `studies.models`.
from studies.models.panel import ParticipantRating, Segment  # noqa: E402
from studies.models.recruitment import (  # noqa: E402
    OPERATORS_FOR,
    SEATED_STATUSES,
    Quota,
    RuleOperator,
    Screener,
    ScreenerOutcome,
    ScreenerQuestion,
    ScreenerQuestionKind,
    ScreenerResponse,
    ScreenerRule,
    ScreeningStatus,
)

__all__ = [
    "OPERATORS_FOR",
    "SEATED_STATUSES",
    "ParticipantRating",
    "Quota",
    "RuleOperator",
    "Screener",
    "ScreenerOutcome",
    "ScreenerQuestion",
    "ScreenerQuestionKind",
    "ScreenerResponse",
    "ScreenerRule",
    "ScreeningStatus",
    "Segment",
]  # fmt: skip
