"""The roadmap: items, the evidence (insights or single highlights) behind them, and the people told they shipped."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from studies.models import Participant
from synthesis.models import Highlight, Insight
from workspaces.models import account_reference


class ItemStatus(models.TextChoices):
    IDEA = "idea", "Idea"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    SHIPPED = "shipped", "Shipped"
    DECLINED = "declined", "Declined"


class Horizon(models.TextChoices):
    NOW = "now", "Now"
    NEXT = "next", "Next"
    LATER = "later", "Later"


class Importance(models.IntegerChoices):
    NONE = 0, "Context only"
    LOW = 1, "Nice to have"
    MEDIUM = 2, "Important"
    HIGH = 3, "Critical"


class RoadmapItem(models.Model):
    """Something the team may build, with the evidence that argues for it."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.IDEA)
    horizon = models.CharField(max_length=6, choices=Horizon.choices, default=Horizon.LATER)
    owner = account_reference()
    external_url = models.URLField(max_length=500, blank=True, help_text="E.g. the issue in your tracker.")
    effort = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text="Estimate in person-weeks.",
    )
    position = models.IntegerField(default=0, help_text="Order within its board column.")
    shipped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(effort__gt=0), name="roadmapitem_effort_positive"),
            models.CheckConstraint(condition=models.Q(status__in=ItemStatus.values), name="roadmapitem_status_valid"),
            models.CheckConstraint(condition=models.Q(horizon__in=Horizon.values), name="roadmapitem_horizon_valid"),
        ]
        indexes = [models.Index(fields=["status", "position"], name="roadmapitem_status_pos_idx")]

    def __str__(self):
        return self.title


class EvidenceLink(models.Model):
    """One insight or one highlight (exactly one) backing an item, with how much it matters."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="links")
    insight = models.ForeignKey(Insight, null=True, blank=True, on_delete=models.CASCADE, related_name="roadmap_links")
    highlight = models.ForeignKey(
        Highlight, null=True, blank=True, on_delete=models.CASCADE, related_name="roadmap_links"
    )
    importance = models.PositiveSmallIntegerField(
        choices=Importance.choices,
        default=Importance.MEDIUM,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
    )
    note = models.TextField(blank=True)
    added_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-importance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(insight__isnull=False) & models.Q(highlight__isnull=True))
                | (models.Q(insight__isnull=True) & models.Q(highlight__isnull=False)),
                name="evidencelink_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=0, importance__lte=3), name="evidencelink_importance_range"
            ),
            models.UniqueConstraint(
                fields=["item", "insight"],
                condition=models.Q(insight__isnull=False),
                name="evidencelink_unique_insight",
            ),
            models.UniqueConstraint(
                fields=["item", "highlight"],
                condition=models.Q(highlight__isnull=False),
                name="evidencelink_unique_highlight",
            ),
        ]

    def __str__(self):
        return f"{self.item} ← {self.insight or self.highlight}"

    @property
    def kind(self) -> str:
        return "insight" if self.insight_id else "highlight"

    def clean(self):
        if bool(self.insight_id) == bool(self.highlight_id):
            raise ValidationError("Link exactly one insight or one highlight.")


class SegmentWeight(models.Model):
    """How much a participant of a segment counts in reach (a participant counts their highest matching weight)."""

    attribute = models.CharField(max_length=100)
    value = models.CharField(max_length=200)
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["attribute", "value"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "value"], name="segmentweight_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="segmentweight_positive"),
        ]

    def __str__(self):
        return f"{self.attribute}={self.value}: weight {self.weight}"


def new_share_token() -> str:
    return secrets.token_urlsafe(32)


class RoadmapShare(models.Model):
    """A read-only link to the roadmap for clients: no participant names or emails behind it."""

    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    attributes = models.JSONField(
        default=list, blank=True,
        help_text="Participant attributes the shared page counts by (segment, plan...). Attributes that name people or "
        "companies are shown only when chosen here; empty: the attributes that have segment weights.",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share {self.token[:6]}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ShippedNotice(models.Model):
    """A participant was told the item shipped; the unique pair makes it at most once, whatever the status does."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="shipped_notices")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    # outbox.Email also lives in the public schema, where this table does not: deleting public emails must not
    # reach for it, so no cascade and no database constraint. The notice is the record; the email is a pointer.
    email = models.ForeignKey(
        "outbox.Email", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["item", "participant"], name="shippednotice_unique")]

    def __str__(self):
        return f"{self.item} → {self.participant}"
