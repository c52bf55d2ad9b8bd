"""Every kind of email, sent through the service that really sends it, with names full of `'&<>"`: subjects and
text bodies carry them as written, HTML bodies escape them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from interviews.booking import notifications
from interviews.booking import services as booking
from interviews.links import reminders
from interviews.links import services as links
from interviews.screening import services as screening
from outbox.models import Email
from roadmap import services as roadmap
from studies.recruitment import services as recruitment
from tests.conftest import ACME_HOST
from tests.interviews.factories import async_round_with_guide, sync_round_with_rules
from tests.roadmap.factories import ItemFactory
from tests.studies.factories import ParticipantFactory
from tests.studies.recruitment.factories import answers, plan_screener
from tests.synthesis.insight_data import interview, quote
from workspaces import services as workspaces
from workspaces.models import Role, User, Workspace

HOSTILE = 'Seán O\'Brien & Co <b>"Ltd"</b>'
HOSTILE_EMAIL = "o'brien&co@example.com"  # the characters an address may hold
ENTITIES = ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;")
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)  # a Friday
CALL = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
EMAIL_KINDS = sorted(p.name.removesuffix("-subject.txt") for p in (settings.BASE_DIR / "templates" / "emails").glob(
    "*-subject.txt"
))  # fmt: skip


@pytest.fixture
def hostile_acme(world, in_schema):
    """Acme, its owner and its study named with every character HTML escapes."""
    Workspace.objects.filter(pk=world.acme.pk).update(name=HOSTILE)
    User.objects.filter(pk=world.owner.pk).update(first_name="Seán", last_name='O\'Brien & Co <b>"Ltd"</b>')
    world.owner.refresh_from_db()
    with in_schema(world.acme.schema_name):
        Email.objects.all().delete()  # browser tests commit emails of their own in acme
    Email.objects.all().delete()  # and on the public host
    with in_schema(world.acme.schema_name):
        yield world


def _send_every_kind(world) -> None:
    owner = world.owner
    with time_machine.travel(NOW, tick=False):
        # Async: an invitation, its reminder, and "finish later".
        round_ = async_round_with_guide(questions=1, reminder_after_days=1, study__title=HOSTILE,
                                        incentive_description=HOSTILE)  # fmt: skip
        link = links.invitation_create(round=round_, email="ada@example.com", name=HOSTILE, actor=owner)
        reminders.reminders_send(at=NOW + timedelta(days=2))
        session = links.session_start(link=links.link_create(round=round_, actor=owner))
        links.session_remember(session=session, email="ada@example.com")
        assert link.participant.name == HOSTILE

        # Sync: an invitation to book, then a call booked, moved, reminded of and cancelled.
        rules = sync_round_with_rules(hosts=[owner], hours=("09:00", "17:00"), min_notice_hours=0,
                                      duration_minutes=30, min_change_notice_hours=0, location=HOSTILE)  # fmt: skip
        rules.round.study.title = HOSTILE
        rules.round.study.save()
        person = ParticipantFactory(name=HOSTILE, email="bo@example.com")
        booking.booking_invite_create(round=rules.round, participant=person, actor=owner)
        call = booking.booking_create(round=rules.round, start=CALL, answers={},
                                      participant={"email": "bo@example.com", "name": HOSTILE})  # fmt: skip
        call = booking.booking_reschedule(booking=call, start=CALL + timedelta(hours=1), actor=owner)
    with time_machine.travel(CALL, tick=False):
        notifications.booking_reminders_send()
        booking.booking_cancel(booking=call, reason=HOSTILE, actor=owner)

    # Recruitment: the thank-you saying what is owed, a screener's way back in, and a kind no after review.
    paid = async_round_with_guide(questions=1, study__title=HOSTILE, incentive_amount=Decimal("25"),
                                  incentive_currency="EUR", incentive_description=HOSTILE)  # fmt: skip
    paid_link = links.invitation_create(round=paid, email="fay@example.com", name=HOSTILE, actor=owner,
                                        send_email=False)  # fmt: skip
    links.session_complete(session=links.session_start(link=paid_link))
    screened = async_round_with_guide(questions=1, study__title=HOSTILE)
    links.link_create(round=screened, actor=owner)
    _, questions = plan_screener(screened)
    came_in = recruitment.screening_submit(round=screened, email="gus@example.com", name=HOSTILE,
                                           answers=answers(questions))  # fmt: skip
    screening.screening_resend(response=came_in.response, email="gus@example.com")
    reviewed = sync_round_with_rules(hosts=[owner], hours=("09:00", "17:00"))
    _, questions = plan_screener(reviewed.round, review=True)
    waiting = recruitment.screening_submit(round=reviewed.round, email="hal@example.com", name=HOSTILE,
                                           answers=answers(questions))  # fmt: skip
    screening.screening_reject(response=waiting.response, actor=owner, note=HOSTILE)

    # The roadmap's thank-you to a participant whose words shaped a shipped item.
    consenting = ParticipantFactory(name=HOSTILE, email="cy@example.com", consent_to_contact=True)
    item = ItemFactory(title=HOSTILE, description=HOSTILE, status="in_progress")
    roadmap.evidence_link(item=item, highlight=quote(interview("Exports fail.", participant=consenting), "fail"),
                          importance=2, actor=None)  # fmt: skip
    roadmap.item_move(item=item, status="shipped", actor=owner)

    # An invitation to the workspace, and a password reset asked for on its sign-in page.
    workspaces.member_invite(workspace=world.acme, email="dee@example.com", role=Role.RESEARCHER, actor=owner)
    # A new workspace, from the public host (its email is written there).
    workspaces.workspace_create(slug="hostile", name=HOSTILE, owner_email="eve@example.com", actor=owner)
    User.objects.create_user(email=HOSTILE_EMAIL, password="correct-horse-battery")
    Client(HTTP_HOST=ACME_HOST).post("/accounts/password-reset/", {"email": HOSTILE_EMAIL})


def test_every_email_kind_keeps_names_as_written_in_text_and_escapes_them_in_html(hostile_acme, in_schema):
    _send_every_kind(hostile_acme)
    emails = []
    for schema in (hostile_acme.acme.schema_name, "public"):
        with in_schema(schema):
            emails += Email.objects.order_by("pk")

    assert sorted({e.template for e in emails}) == EMAIL_KINDS  # a new kind of email joins this test
    for email in emails:
        where = f"{email.template} to {email.to}"
        for entity in ENTITIES:
            assert entity not in email.subject, where
            assert entity not in email.body_text, where
        if email.template == "password-reset":
            assert HOSTILE_EMAIL in email.body_text, where
            assert "o&#x27;brien&amp;co@example.com" in email.body_html, where
            continue
        assert HOSTILE in email.subject or HOSTILE in email.body_text, where
        assert "<b>" not in email.body_html and "O'Brien" not in email.body_html, where
        if "Brien" in email.body_html:  # the short "finish later" email names nobody
            assert "O&#x27;Brien &amp; Co &lt;b&gt;&quot;Ltd&quot;&lt;/b&gt;" in email.body_html, where

    shipped = next(e for e in emails if e.template == "roadmap-shipped")
    assert shipped.subject == f"{HOSTILE} shipped something you asked for: {HOSTILE}"
    host_booked = next(e for e in emails if e.template == "booking-confirmed" and e.to == hostile_acme.owner.email)
    assert host_booked.subject.startswith(f"New call: {HOSTILE}, ")
