"""Recruitment: screeners in front of a round's open link or booking page, and quotas on who takes part."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import now as timezone_now

from studies.models import Participant, Round
from workspaces.models import account_reference

# Recruitment: screeners in front of a round's open link or booking page, and quotas on who takes part.


class ScreenerOutcome(models.TextChoices):
    ACCEPT = "accept", "Accept"
    REJECT = "reject", "Screen out"
    ROUTE = "route", "Route to another round"


class Screener(models.Model):
    """Questions a stranger answers before a round's open link or public booking page lets them in.

    Rules are checked in order and the first that matches decides; when none matches, `default_outcome` does.
    Whoever is screened out reads `screen_out_message`, never the rule that screened them out."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="screener")
    intro = models.TextField(
        max_length=1000, blank=True, help_text="A sentence or two above the questions, e.g. why you ask them."
    )
    screen_out_message = models.TextField(
        max_length=1000, blank=True,
        help_text="What people who do not fit read. Empty: a kind standard thank-you in their language.",
    )  # fmt: skip
    default_outcome = models.CharField(
        max_length=6, choices=[(ScreenerOutcome.ACCEPT, "Accept"), (ScreenerOutcome.REJECT, "Screen out")],
        default=ScreenerOutcome.ACCEPT, help_text="What happens when no rule matches.",
    )  # fmt: skip
    review_required = models.BooleanField(
        default=False,
        help_text="Booking pages: a researcher approves each qualified person before they may book.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Screener of {self.round}"


class ScreenerQuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    NUMBER = "number", "Number"
    TEXT = "text", "Short text"


class ScreenerQuestion(models.Model):
    """One screener question; its answer becomes the participant's `attribute` when one is named."""

    screener = models.ForeignKey(Screener, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, choices=ScreenerQuestionKind.choices)
    choices = models.JSONField(default=list, blank=True)
    attribute = models.CharField(
        max_length=60, blank=True,
        help_text="The participant attribute the answer fills, e.g. plan. Empty: kept with the screener only.",
    )  # fmt: skip
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["screener", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["screener", "order"], name="screenerquestion_unique_order",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ScreenerQuestionKind.values), name="screenerquestion_kind_valid"
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.text[:80]

    @property
    def has_choices(self) -> bool:
        return self.kind in (ScreenerQuestionKind.SINGLE, ScreenerQuestionKind.MULTIPLE)

    def clean(self):
        if not isinstance(self.choices, list) or not all(isinstance(c, str) and c.strip() for c in self.choices):
            raise ValidationError({"choices": "Give the choices as a list of non-empty texts."})
        if self.has_choices and len(self.choices) < 2:
            raise ValidationError({"choices": "A choice question needs at least two choices, one a line."})
        if self.has_choices and len({c.strip().lower() for c in self.choices}) != len(self.choices):
            raise ValidationError({"choices": "Each choice may appear once."})
        if not self.has_choices and self.choices:
            raise ValidationError({"choices": "Only choice questions have choices."})
        if self.attribute and not self.attribute.isidentifier():
            raise ValidationError({"attribute": "Name the attribute with letters, digits and _, e.g. plan."})


class RuleOperator(models.TextChoices):
    IS = "is", "is"
    IS_NOT = "is_not", "is not"
    INCLUDES = "includes", "includes"
    EXCLUDES = "excludes", "does not include"
    LESS = "lt", "is less than"
    AT_MOST = "lte", "is at most"
    MORE = "gt", "is more than"
    AT_LEAST = "gte", "is at least"
    CONTAINS = "contains", "contains the words"


# Which conditions a researcher may pick for each kind of question.
OPERATORS_FOR: dict[str, tuple[str, ...]] = {
    ScreenerQuestionKind.SINGLE: (RuleOperator.IS, RuleOperator.IS_NOT),
    ScreenerQuestionKind.MULTIPLE: (RuleOperator.INCLUDES, RuleOperator.EXCLUDES),
    ScreenerQuestionKind.NUMBER: (
        RuleOperator.IS, RuleOperator.IS_NOT, RuleOperator.LESS, RuleOperator.AT_MOST, RuleOperator.MORE,
        RuleOperator.AT_LEAST,
    ),
    ScreenerQuestionKind.TEXT: (RuleOperator.CONTAINS, RuleOperator.IS, RuleOperator.IS_NOT),
}  # fmt: skip


class ScreenerRule(models.Model):
    """“When <question> <operator> <value>: accept / screen out / route to <round>”, picked from lists."""

    screener = models.ForeignKey(Screener, on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveSmallIntegerField()
    question = models.ForeignKey(ScreenerQuestion, on_delete=models.CASCADE, related_name="rules")
    operator = models.CharField(max_length=8, choices=RuleOperator.choices)
    value = models.CharField(max_length=200)
    outcome = models.CharField(max_length=6, choices=ScreenerOutcome.choices)
    route_to = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="routed_from")

    class Meta:
        ordering = ["screener", "order"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=ScreenerOutcome.values), name="rule_outcome_valid"),
            models.CheckConstraint(condition=models.Q(operator__in=RuleOperator.values), name="rule_operator_valid"),
            models.CheckConstraint(
                condition=models.Q(outcome="route", route_to__isnull=False) | ~models.Q(outcome="route"),
                name="rule_route_has_round",
            ),
        ]

    def __str__(self):
        return f"When “{self.question}” {self.get_operator_display()} {self.value}: {self.get_outcome_display()}"

    def clean(self):
        question = self.question if self.question_id else None
        if question is None:
            return
        if question.screener_id != self.screener_id:
            raise ValidationError({"question": "Pick a question of this screener."})
        if self.operator not in OPERATORS_FOR[question.kind]:
            allowed = ", ".join(RuleOperator(o).label for o in OPERATORS_FOR[question.kind])
            raise ValidationError({"operator": f"For this question pick one of: {allowed}."})
        if question.has_choices and self.value not in question.choices:
            raise ValidationError({"value": "Pick one of the question's choices."})
        if question.kind == ScreenerQuestionKind.NUMBER:
            try:
                Decimal(self.value)
            except ArithmeticError:
                raise ValidationError({"value": "Give a number, e.g. 10."}) from None
        if not str(self.value).strip():
            raise ValidationError({"value": "Give the value the answer is compared with."})
        if self.outcome == ScreenerOutcome.ROUTE:
            if self.route_to_id is None:
                raise ValidationError({"route_to": "Pick the round to send these people to."})
            if self.route_to_id == self.screener.round_id:
                raise ValidationError({"route_to": "Pick another round than this one."})
        elif self.route_to_id is not None:
            raise ValidationError({"route_to": "Only a routing rule names a round."})


class ScreeningStatus(models.TextChoices):
    QUALIFIED = "qualified", "Qualified"
    SCREENED_OUT = "screened_out", "Screened out"
    QUOTA_FULL = "quota_full", "Quota full"
    ROUTED = "routed", "Routed to another round"
    PENDING_REVIEW = "pending_review", "Waiting for review"
    REJECTED = "rejected", "Rejected after review"


# The statuses that hold a place in the round's quotas.
SEATED_STATUSES = (ScreeningStatus.QUALIFIED, ScreeningStatus.PENDING_REVIEW)


class ScreenerResponse(models.Model):
    """One person's screening for a round. The email's digest refuses a second screening in the round; the answers
    and the person are kept only when they qualified or agreed that we keep them."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="screenings")
    email_digest = models.CharField(max_length=64, help_text="SHA-256 of the lower-cased email.")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    status = models.CharField(max_length=14, choices=ScreeningStatus.choices)
    answers = models.JSONField(default=dict, blank=True, help_text="Question text to answer, when kept.")
    attributes = models.JSONField(default=dict, blank=True, help_text="The answers mapped to attributes.")
    keep_answers = models.BooleanField(default=False, help_text="Agreed that we keep the answers for later studies.")
    routed_to = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = account_reference()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone_now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["round", "status"], name="screening_round_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["round", "email_digest"], name="screening_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(status__in=ScreeningStatus.values), name="screening_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} for {self.round}"


class Quota(models.Model):
    """At most `target` people with `attribute` = `value` in a round; the round's target is the total."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    attribute = models.CharField(max_length=60)
    value = models.CharField(max_length=200)
    target = models.PositiveIntegerField(validators=[MaxValueValidator(100_000)])

    class Meta:
        ordering = ["round", "attribute", "value"]
        constraints = [
            models.UniqueConstraint(
                "round", "attribute", Lower("value"), name="quota_one_cell_per_value",
                violation_error_message="This value already has a quota in this round.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.attribute} = {self.value}: {self.target}"

    def clean(self):
        if not self.attribute.isidentifier():
            raise ValidationError({"attribute": "Name the attribute with letters, digits and _, e.g. plan."})
        if not self.value.strip():
            raise ValidationError({"value": "Give the attribute's value, e.g. team."})
