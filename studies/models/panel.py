"""The panel: the workspace's participants seen as a pool to recruit from, with saved segments and ratings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from studies.models import Participant, Round
from workspaces.models import account_reference


class Segment(models.Model):
    """A saved filter over the panel (attributes, activity, last contacted, rounds taken, rating), so a
    researcher can come back to "team-plan admins not contacted this quarter" and invite them in one action.
    `filters` holds what `studies.participants.forms.SegmentFilterForm` cleaned; the members are worked out when
    asked, never stored, so the segment follows the panel as it changes."""

    name = models.CharField(max_length=120)
    filters = models.JSONField(default=dict, blank=True)
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="segment_unique_name_ci",
                violation_error_message="A segment with this name already exists.",
            )
        ]  # fmt: skip

    def __str__(self):
        return self.name


class ParticipantRating(models.Model):
    """How a call with a participant went, for the team only (1 to 5 and a note). Never shown to the participant
    nor on any participant page; one per participant and round, re-rating changes it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.TextField(max_length=2000, blank=True)
    rated_by = account_reference()
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="rating_one_per_round"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"),
        ]

    def __str__(self):
        return f"{self.participant} {self.rating}/5"
