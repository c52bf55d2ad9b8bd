"""A workspace's own wording for the emails participants receive: a subject and an opening paragraph per kind."""

from django.core.exceptions import ValidationError
from django.db import models

from workspaces.models import account_reference


class EmailKind(models.TextChoices):
    """The participant emails whose wording a workspace may write; each value names its templates in emails/."""

    INTERVIEW_INVITATION = "interview-invitation", "Async interview invitation"
    INTERVIEW_REMINDER = "interview-reminder", "Async interview reminder"
    BOOKING_INVITATION = "booking-invitation", "Invitation to book a call"
    BOOKING_REMINDER = "booking-reminder", "Call reminder"
    INCENTIVE_THANKS = "incentive-thanks", "Thank-you with the incentive"


SUBJECT_MAX_LENGTH = 150
OPENING_MAX_LENGTH = 2000


class EmailWording(models.Model):
    """One kind of email as this workspace words it. Blank fields keep Parley's built-in (translated) wording; the
    text may hold the placeholders {first_name}, {study} and {round}, filled for each participant when sent."""

    kind = models.CharField(max_length=40, choices=EmailKind.choices, unique=True)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH, blank=True)
    opening = models.TextField(max_length=OPENING_MAX_LENGTH, blank=True, help_text="Replaces the first paragraph.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = account_reference()

    class Meta:
        ordering = ["kind"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=EmailKind.values), name="wording_kind")]

    def __str__(self):
        return f"Wording of the {self.get_kind_display().lower()}"

    def clean(self):
        # The placeholder rules live with the page that explains them; the admin goes through them too.
        from interviews.wording.text import clean_opening, clean_subject

        errors = {}
        for name, check in (("subject", clean_subject), ("opening", clean_opening)):
            try:
                setattr(self, name, check(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
