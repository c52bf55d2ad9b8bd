"""An access request: everything the workspace holds about one participant, as one JSON-ready document."""

from django.utils import timezone

from outbox.models import Email
from studies.audit.services import audit_record
from studies.models import Participant
from studies.privacy.registry import exporters, register_exporter
from studies.privacy.services import mentions


def rows(queryset, *fields: str) -> list[dict]:
    """The fields of each row, dates as ISO text: what an exporter returns."""
    return [
        {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}
        for row in queryset.values(*fields)
    ]


@register_exporter(order=0)
def export_participant(participant: Participant) -> dict[str, list]:
    person = Participant.objects.filter(pk=participant.pk)
    emails = Email.objects.filter(to__iexact=participant.email) | Email.objects.filter(
        mentions(participant, "subject", "body_text")
    )
    return {
        "participant": rows(
            person,
            "id",
            "name",
            "email",
            "timezone",
            "locale",
            "attributes",
            "consent_to_contact",
            "do_not_contact",
            "created_at",
            "updated_at",
        ),
        "contact_history": rows(
            participant.contacts.order_by("occurred_at"),
            "kind",
            "channel",
            "round__study__title",
            "round__purpose",
            "occurred_at",
            "note",
        ),
        "consent_history": rows(
            participant.changes.order_by("at"), "created", "consent_to_contact", "do_not_contact", "source", "at"
        ),
        "emails": rows(emails.distinct().order_by("created_at"), "to", "subject", "body_text", "status", "created_at"),
    }


def participant_export(participant: Participant, *, actor) -> dict:
    """Every app's rows about the participant, by section; the same sections whatever the person did."""
    # Reading everything about a person is a staff action on their data: the log says who took a copy.
    audit_record(actor=actor, action="participant.exported", obj=participant)
    document: dict = {"exported_at": timezone.now().isoformat()}
    for exporter in exporters():
        document.update(exporter(participant))
    return document
