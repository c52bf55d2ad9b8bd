"""Reminders to participants invited to an async round who have not started: once each, after the round's delay."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from interviews.links.services import link_url
from interviews.models import EmailKind, InterviewLink, LinkKind
from interviews.participant_pages import email_language, public_study
from interviews.wording.text import wording_context, wording_for
from outbox.services import email_queue
from workspaces.selectors import current_workspace


def reminders_send(*, at=None) -> int:
    """Remind each invited participant who has not started, once, after the round's reminder delay."""
    at = at or timezone.now()
    sent = 0
    workspace_name = current_workspace().name
    wording = wording_for(EmailKind.INTERVIEW_REMINDER)
    links = InterviewLink.objects.select_related("round__study", "participant").filter(
        kind=LinkKind.PERSONAL,
        invited_at__isnull=False,
        reminded_at__isnull=True,
        round__reminder_after_days__isnull=False,
        sessions__isnull=True,
        disabled_at__isnull=True,
    )
    for link in links:
        if link.invited_at + timedelta(days=link.round.reminder_after_days) > at:
            continue
        if link.participant.do_not_contact:
            continue  # asked not to be contacted since the invitation
        with transaction.atomic():
            if (
                InterviewLink.objects.select_for_update()
                .filter(pk=link.pk, reminded_at__isnull=True)
                .update(reminded_at=at)
            ):
                with translation.override(email_language(link.participant)):
                    email_queue(
                        template="interview-reminder",
                        to=link.participant.email,
                        context={"name": link.participant.name, "minutes": link.round.time_budget_minutes,
                                 "link": link_url(link), **public_study(link.round, workspace_name),
                                 **wording_context(wording, participant=link.participant, round=link.round,
                                                   workspace_name=workspace_name)},
                    )  # fmt: skip
                sent += 1
    return sent
