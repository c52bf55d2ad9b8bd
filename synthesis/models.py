"""Synthesis: the codebook (hierarchical tags), highlights (exact spans of utterances) and insights."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from interviews.models import Transcript, Utterance
from studies.models import Participant, Round, Study

PAIN_RUBRIC = {
    1: "Mild annoyance: noticed, shrugged off.",
    2: "Irritation: costs a little time now and then.",
    3: "Real cost: regular lost time or workarounds.",
    4: "Severe: blocks an important task or needs someone else's help.",
    5: "Blocks their work or makes them leave.",
}
pain_validators = [MinValueValidator(1), MaxValueValidator(5)]


class Tag(models.Model):
    """A code of the workspace's codebook; tags nest (parent/child)."""

    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description = models.TextField(blank=True)
    colour = models.CharField(
        max_length=7, default="#3452c7", validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #3452c7.")]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Siblings have distinct names (top-level tags too, hence two constraints).
            models.UniqueConstraint(fields=["parent", "name"], name="tag_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="tag_unique_root_name"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A tag cannot sit inside itself or one of its children."})
            ancestor = ancestor.parent


class Highlight(models.Model):
    """An exact character span [start, end) of one utterance, with its tags and pain intensity."""

    utterance = models.ForeignKey(Utterance, on_delete=models.CASCADE, related_name="highlights")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The quoted span, kept to show and to check the span still matches.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="highlights")
    # Denormalised for counting by participant, round and study without walking the transcript.
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="highlights")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators, help_text="By a person.")
    pain_ai = models.PositiveSmallIntegerField(null=True, blank=True, validators=pain_validators)
    pain_ai_reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript", "utterance__order", "start"]
        indexes = [models.Index(fields=["study", "round"], name="highlight_study_round_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="highlight_span_not_empty"),
            models.CheckConstraint(
                condition=models.Q(pain__gte=1, pain__lte=5) | models.Q(pain__isnull=True), name="highlight_pain_range"
            ),
            models.CheckConstraint(
                condition=models.Q(pain_ai__gte=1, pain_ai__lte=5) | models.Q(pain_ai__isnull=True),
                name="highlight_pain_ai_range",
            ),
        ]

    def __str__(self):
        return f"“{self.text[:60]}”"


class InsightStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Insight(models.Model):
    """A statement the team believes, backed by highlights from any rounds, sync and async."""

    statement = models.TextField()
    highlights = models.ManyToManyField(Highlight, blank=True, related_name="insights")
    status = models.CharField(max_length=10, choices=InsightStatus.choices, default=InsightStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.statement[:80]
