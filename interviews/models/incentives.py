"""The incentive ledger: what each participant is owed for an interview, and where that stands."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.timezone import now as timezone_now

from interviews.models import Booking, Session
from studies.models import Participant, Round
from workspaces.models import account_reference

# The incentive ledger: what each participant is owed for an interview, and where that stands.


class IncentiveStatus(models.TextChoices):
    OWED = "owed", "Owed"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined"


# Where an incentive may go from each status: paid and declined are final.
INCENTIVE_TRANSITIONS: dict[str, frozenset[str]] = {
    IncentiveStatus.OWED: frozenset({IncentiveStatus.APPROVED, IncentiveStatus.DECLINED}),
    IncentiveStatus.APPROVED: frozenset({IncentiveStatus.PAID, IncentiveStatus.DECLINED, IncentiveStatus.OWED}),
    IncentiveStatus.PAID: frozenset(),
    IncentiveStatus.DECLINED: frozenset(),
}


class IncentiveEntry(models.Model):
    """An incentive owed to a participant for one completed async interview or held call.

    Parley pays nothing: this is the ledger finance or a payout service works from. Each status change keeps who
    made it and when."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="incentives")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="incentives")
    session = models.OneToOneField(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="incentive")
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="incentive")
    amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=200, blank=True, help_text="How it is paid, e.g. “a $25 gift card”.")
    status = models.CharField(max_length=8, choices=IncentiveStatus.choices, default=IncentiveStatus.OWED)
    note = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=200, blank=True, help_text="The payout's reference, when paid.")
    created_at = models.DateTimeField(default=timezone_now)
    created_by = account_reference()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = account_reference()
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = account_reference()
    paid_by_label = models.CharField(max_length=200, blank=True, help_text="The user's email or the API key's name.")
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = account_reference()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "incentive entries"
        indexes = [
            models.Index(fields=["status", "created_at"], name="incentive_status_idx"),
            models.Index(fields=["round", "status"], name="incentive_round_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=IncentiveStatus.values), name="incentive_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="incentive_amount_positive"),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency} for {self.participant} ({self.get_status_display()})"
