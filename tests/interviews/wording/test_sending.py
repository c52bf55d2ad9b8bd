"""Emails sent after a workspace words them carry its subject and opening paragraph: the subject exactly as written
(never HTML-escaped), the placeholders filled once per participant, and the HTML body escaping whatever it shows.
Another workspace, and the kinds left empty, keep the built-in wording."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from interviews.booking import notifications
from interviews.booking import services as booking
from interviews.links import reminders
from interviews.links import services as links
from interviews.wording.services import email_wording_save
from outbox.models import Email
from outbox.services import email_deliver
from tests.interviews.factories import async_round_with_guide, sync_round_with_rules
from tests.studies.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)  # a Friday
CALL = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
HTML_NAME = "<i>Bob</i> Smith"


def _sent(to: str, template: str) -> Email:
    return Email.objects.filter(to=to, template=template).latest("pk")


def test_an_invitation_carries_the_workspace_wording(world, in_schema):
    with in_schema(world.acme.schema_name):
        email_wording_save(actor=world.owner, wordings={"interview-invitation": {
            "subject": "Seán O'Brien & Co: {first_name}, a word about {study}?",
            "opening": "We are asking about {round}.\nIt takes <10 minutes & {first_name} <script>x()</script>",
        }})  # fmt: skip
        round_ = async_round_with_guide(questions=1, purpose="Exports that fail", study__public_title="Exporting")
        links.invitation_create(round=round_, email="bob@example.com", name=HTML_NAME, actor=world.owner)
        email = _sent("bob@example.com", "interview-invitation")
        assert email.subject == "Seán O'Brien & Co: <i>Bob</i>, a word about Exporting?"
        text = "We are asking about Exports that fail.\nIt takes <10 minutes & <i>Bob</i> <script>x()</script>"
        assert text in email.body_text
        assert "is learning from people like you" not in email.body_text  # the built-in paragraph is replaced
        html = "fail.<br>It takes &lt;10 minutes &amp; &lt;i&gt;Bob&lt;/i&gt; &lt;script&gt;x()&lt;/script&gt;"
        assert html in email.body_html and "<i>" not in email.body_html and "<script>" not in email.body_html
        assert "Start the interview" in email.body_html  # the rest of the email stays

        mail.outbox.clear()
        email_deliver(email_id=email.pk)
        (message,) = mail.outbox
        assert message.subject == "Seán O'Brien & Co: <i>Bob</i>, a word about Exporting?"
        assert "We are asking about Exports that fail." in message.body
        assert "&lt;10 minutes &amp;" in message.alternatives[0][0]


def test_placeholders_fill_once_and_an_empty_fill_falls_back(world, in_schema):
    with in_schema(world.acme.schema_name):
        email_wording_save(actor=None, wordings={"interview-invitation": {"subject": "{first_name}", "opening": ""}})
        round_ = async_round_with_guide(questions=1, study__public_title="{round}")
        links.invitation_create(round=round_, email="anon@example.com", actor=None)
        email = _sent("anon@example.com", "interview-invitation")
        # No name: the subject would be empty, so the built-in one is sent.
        assert email.subject == "Acme Corp would like to hear from you (10 minutes)"
        email_wording_save(actor=None, wordings={"interview-invitation": {"subject": "About {study}", "opening": ""}})
        links.invitation_create(round=round_, email="cy@example.com", name="{study}", actor=None)
        assert _sent("cy@example.com", "interview-invitation").subject == "About {round}"  # not filled twice


def test_reminders_and_booking_emails_use_their_own_wording(world, in_schema):
    with in_schema(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        email_wording_save(actor=world.owner, wordings={
            "interview-reminder": {"subject": "Still keen, {first_name}?", "opening": ""},
            "booking-invitation": {"subject": "", "opening": "Pick a slot for {study}, {first_name}."},
            "booking-reminder": {"subject": "See you soon, {first_name} & co", "opening": "About {round}."},
        })  # fmt: skip
        round_ = async_round_with_guide(questions=1, reminder_after_days=1, study__public_title="Exports")
        links.invitation_create(round=round_, email="ada@example.com", name="Ada Lovelace", actor=world.owner)
        reminders.reminders_send(at=NOW + timedelta(days=2))
        assert _sent("ada@example.com", "interview-reminder").subject == "Still keen, Ada?"
        assert _sent("ada@example.com", "interview-invitation").subject.startswith("Acme Corp would like")

        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), min_notice_hours=0,
                                      duration_minutes=30)  # fmt: skip
        rules.round.study.public_title = "Calls"
        rules.round.study.save(update_fields=["public_title"])
        person = ParticipantFactory(name="Bo Diddley", email="bo@example.com")
        booking.booking_invite_create(round=rules.round, participant=person, actor=world.owner)
        invited = _sent("bo@example.com", "booking-invitation")
        assert invited.subject == "Acme Corp would like to talk with you (30 minutes)"  # no subject of its own
        assert "Pick a slot for Calls, Bo." in invited.body_text and "Choose a time that suits" not in invited.body_text
        booking.booking_create(round=rules.round, start=CALL, answers={},
                               participant={"email": "bo@example.com", "name": "Bo Diddley"})  # fmt: skip
    with in_schema(world.acme.schema_name), time_machine.travel(CALL - timedelta(hours=23), tick=False):
        assert notifications.booking_reminders_send() == 1
        reminded = _sent("bo@example.com", "booking-reminder")
        assert reminded.subject == "See you soon, Bo & co"
        assert "About Deep dives." in reminded.body_text and "When:" in reminded.body_text


def test_another_workspace_keeps_the_built_in_wording(world, in_schema):
    with in_schema(world.acme.schema_name):
        email_wording_save(actor=None, wordings={"interview-invitation": {"subject": "Acme's own", "opening": "Ours."}})
    with in_schema(world.globex.schema_name):
        round_ = async_round_with_guide(questions=1)
        links.invitation_create(round=round_, email="dee@example.com", name="Dee", actor=None)
        email = _sent("dee@example.com", "interview-invitation")
        assert email.subject == "Globex would like to hear from you (10 minutes)"
        assert "Ours." not in email.body_text and "is learning from people like you" in email.body_text
