"""What participants read about a study: its public title and description, never the team's internal title, and
the thank-you of the round they take part in (a call's, not the async interview's), on every page and email."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django_tenants.utils import schema_context

from interviews.booking import services as booking_services
from interviews.links import services as link_services
from interviews.models import Session
from outbox.models import Email
from studies.models import Round
from tests.interviews.factories import LinkFactory, sync_round_with_rules
from tests.studies.factories import ParticipantFactory, QuestionFactory, RoundFactory

NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)
INTERNAL = "Churn hypothesis B (internal)"


@pytest.fixture
def programme(world):
    """One study, an async round with its own $15 and a sync round with its own $75; the study says $5."""
    with time_machine.travel(NOW, tick=False), schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("09:00", "12:00"), duration_minutes=30, slot_interval_minutes=30,
            min_notice_hours=1, horizon_days=7, location="https://meet.example.com/acme",
        )  # fmt: skip
        study = rules.round.study
        study.title, study.incentive_description = INTERNAL, "Study-wide $5 voucher"
        study.public_title, study.public_description = "Your first month with Acme", "How your team got started."
        study.save()
        Round.objects.filter(pk=rules.round.pk).update(incentive_description="A $75 gift card for the call")
        rules.round.refresh_from_db()
        wide_net = RoundFactory(study=study, kind="async", incentive_description="A $15 gift card")
        QuestionFactory(round=wide_net, order=1, text="What happened in your first week?")
        return rules, LinkFactory(round=wide_net)


def visitor() -> Client:
    return Client(HTTP_HOST="acme.localhost")


def test_booking_pages_show_the_public_title_and_the_calls_incentive(world, programme):
    rules, _ = programme
    client = visitor()
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/book/{rules.public_token}/", {"tz": "UTC", "day": "2030-03-05"})
        assert "Your first month with Acme" in page.text and "How your team got started." in page.text
        assert "As a thank-you: A $75 gift card for the call" in page.text
        assert "$15" not in page.text and "$5 voucher" not in page.text
        data = {"start": "2030-03-05T09:00Z", "timezone": "UTC", "name": "Ada", "email": "ada@example.com",
                "consent": "1"}  # fmt: skip
        confirmed = client.post(f"/book/{rules.public_token}/", data, follow=True)
        manage = client.get(confirmed.redirect_chain[-1][0].replace("confirmed/", ""))
        ics = client.get(confirmed.redirect_chain[-1][0].replace("confirmed/", "invite.ics"))
    for response in (page, confirmed, manage, ics):
        assert response.status_code == 200
        assert INTERNAL not in response.content.decode()
    assert "Your first month with Acme" in confirmed.text + manage.text
    with schema_context(world.acme.schema_name):
        # The latest of each: browser tests book calls with the same host through a server that commits.
        participant_email = Email.objects.filter(to="ada@example.com").latest("pk")
        host_email = Email.objects.filter(to=world.owner.email).latest("pk")
    assert INTERNAL not in participant_email.subject + participant_email.body_text + participant_email.body_html
    assert "Your first month with Acme" in participant_email.body_text
    assert INTERNAL not in str(participant_email.attachments)
    assert INTERNAL in host_email.body_text  # the host knows the study by the team's title


def test_the_study_incentive_stands_in_for_a_round_without_one(world, programme):
    rules, _ = programme
    with schema_context(world.acme.schema_name):
        Round.objects.filter(pk=rules.round.pk).update(incentive_description="")
    with time_machine.travel(NOW, tick=False):
        page = visitor().get(f"/book/{rules.public_token}/")
    assert "As a thank-you: Study-wide $5 voucher" in page.text


def test_a_study_without_a_public_title_reads_neutrally(world, programme):
    rules, link = programme
    with schema_context(world.acme.schema_name):
        rules.round.study.__class__.objects.filter(pk=rules.round.study_id).update(public_title="")
    with time_machine.travel(NOW, tick=False):
        booking = visitor().get(f"/book/{rules.public_token}/")
    intro = visitor().get(f"/i/{link.token}/")
    for page in (booking, intro):
        assert "<h1>A conversation with Acme Corp</h1>" in page.text and INTERNAL not in page.text


def test_interview_pages_and_emails_show_the_public_title_and_the_rounds_incentive(world, programme):
    _, link = programme
    with schema_context(world.acme.schema_name):
        before = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client = visitor()
    intro = client.get(f"/i/{link.token}/")
    assert "Your first month with Acme" in intro.text and "How your team got started." in intro.text
    assert "As a thank-you: A $15 gift card" in intro.text and "$75" not in intro.text
    client.post(f"/i/{link.token}/", {"consent": "1"})
    chat = client.get(f"/i/{link.token}/")
    later = client.post(f"/i/{link.token}/later/", {"email": "ada@example.com"})
    with schema_context(world.acme.schema_name):
        link_services.session_complete(session=Session.objects.get(link=link))
    done = client.get(f"/i/{link.token}/")
    assert "A $15 gift card" in done.text
    with schema_context(world.acme.schema_name):
        link_services.link_disable(link=link, actor=None)
    closed = visitor().get(f"/i/{link.token}/")
    for page in (intro, chat, later, done, closed):
        assert page.status_code in (200, 410) and INTERNAL not in page.text
        assert "<title>Your first month with Acme</title>" in page.text

    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(email="kiran@example.com")
        link_services.invitation_create(round=link.round, email=person.email, actor=world.owner)
        booking_services.booking_invite_create(
            round=Round.objects.get(study=link.round.study, kind="sync"), participant=ParticipantFactory(),
            actor=world.owner,
        )  # fmt: skip
        # This test's: browser tests write to the same workspace through a server that commits.
        emails = list(Email.objects.filter(pk__gt=before).exclude(to=world.owner.email))
    assert {email.template for email in emails} == {"interview-resume", "interview-invitation", "booking-invitation"}
    for email in emails:
        assert INTERNAL not in email.subject + email.body_text + email.body_html, email.template
    invitations = {email.template: email.body_text for email in emails}
    assert "A $15 gift card" in invitations["interview-invitation"] and "$75" not in invitations["interview-invitation"]
    assert "A $75 gift card for the call" in invitations["booking-invitation"]
