"""Closing the loop: the webhook on a status change, the shipped email (once, only with consent), the validation
invitation through the contact rules."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import InterviewLink
from outbox.models import Email
from outbox.services import email_deliver
from roadmap import services
from roadmap.models import ShippedNotice
from studies.models import ContactEvent, ContactKind, Governance
from studies.participants.contact_rules import contact_record
from synthesis.insights.services import insight_create
from tests.roadmap.factories import ItemFactory
from tests.studies.factories import ParticipantFactory, RoundFactory
from tests.synthesis.insight_data import interview, quote
from tests.webhooks.factories import EndpointFactory
from webhooks.models import WebhookDelivery


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name):
        yield world.acme


@pytest.fixture
def people(acme):
    """Five participants behind one item: two through an insight, two through direct quotes, one both ways."""
    yes = ParticipantFactory(name="Yara", email="yara@example.com", consent_to_contact=True)
    also = ParticipantFactory(name="Abe", email="abe@example.com", consent_to_contact=True)
    twice = ParticipantFactory(name="Tess", email="tess@example.com", consent_to_contact=True)
    no_consent = ParticipantFactory(name="Nils", email="nils@example.com", consent_to_contact=False)
    blocked = ParticipantFactory(name="Dora", email="dora@example.com", consent_to_contact=True, do_not_contact=True)
    quotes = {
        p.pk: quote(interview(f"{p.name}: the export keeps failing.", participant=p), "export keeps failing")
        for p in (yes, also, twice, no_consent, blocked)
    }
    insight = insight_create(
        statement="Exports fail.", highlights=[quotes[yes.pk], quotes[twice.pk], quotes[blocked.pk]], actor=None
    )
    item = ItemFactory(title="Reliable exports", description="Exports now retry on their own.", status="in_progress")
    services.evidence_link(item=item, insight=insight, importance=3, actor=None)
    for p in (also, twice, no_consent):
        services.evidence_link(item=item, highlight=quotes[p.pk], importance=2, actor=None)
    # Someone quoted only on another item hears nothing about this one.
    other = ParticipantFactory(email="other@example.com", consent_to_contact=True)
    services.evidence_link(
        item=ItemFactory(), highlight=quote(interview("Search is slow.", participant=other), "slow"), importance=1,
        actor=None,
    )  # fmt: skip
    return item, {"yes": yes, "also": also, "twice": twice, "no_consent": no_consent, "blocked": blocked}


# Scoped to this test's people: other tests (browser ones) commit emails of their own.
PEOPLE = ["yara@example.com", "abe@example.com", "tess@example.com", "nils@example.com", "dora@example.com",
          "other@example.com"]  # fmt: skip


def shipped_emails():
    return Email.objects.filter(template="roadmap-shipped", to__in=PEOPLE)


def test_shipping_emails_each_consenting_participant_once(acme, world, people):
    item, who = people
    services.item_move(item=item, status="shipped", actor=world.pm)
    assert sorted(shipped_emails().values_list("to", flat=True)) == [
        "abe@example.com", "tess@example.com", "yara@example.com"
    ]  # fmt: skip
    assert set(ShippedNotice.objects.filter(item=item).values_list("participant__email", flat=True)) == {
        "abe@example.com", "tess@example.com", "yara@example.com"
    }  # fmt: skip
    # The status flips back and forth: nobody hears twice.
    for status in ("in_progress", "shipped", "planned", "shipped"):
        services.item_move(item=item, status=status, actor=world.pm)
    assert shipped_emails().count() == 3

    # A participant who gives consent later hears on the next ship, and only they do.
    who["no_consent"].consent_to_contact = True
    who["no_consent"].save()
    services.item_move(item=item, status="in_progress", actor=world.pm)
    services.item_move(item=item, status="shipped", actor=world.pm)
    assert shipped_emails().count() == 4 and shipped_emails().filter(to="nils@example.com").count() == 1
    # Not written to the contact history: it asks for nothing, so it must not start an invitation cooldown.
    assert not ContactEvent.objects.filter(participant__email__in=PEOPLE).exists()


def test_the_shipped_email_reads_well(acme, world, people):
    item, _ = people
    item.title = "Exports you don't babysit"
    item.save()
    services.item_move(item=item, status="shipped", actor=world.pm)
    email = email_deliver(email_id=shipped_emails().get(to="yara@example.com").pk)
    assert email.status == Email.Status.SENT
    message = mail.outbox[-1]
    assert message.to == ["yara@example.com"]
    assert message.subject == "Acme Corp shipped something you asked for: Exports you don't babysit"
    assert message.body.startswith("Hi Yara,")
    assert "“Exports you don't babysit” has shipped." in message.body
    assert "Exports now retry on their own." in message.body
    assert "Exports you don&#x27;t babysit" in message.alternatives[0][0]  # escaped in HTML only


def test_cooldown_and_cap_do_not_hold_back_the_thank_you(acme, world, people):
    item, who = people
    contact_record(participant=who["yes"], kind=ContactKind.INVITATION, channel="async")
    for _ in range(Governance.current().max_interviews_per_90_days):
        contact_record(participant=who["also"], kind=ContactKind.INTERVIEW, channel="async")
    services.item_move(item=item, status="shipped", actor=world.pm)
    assert set(shipped_emails().values_list("to", flat=True)) >= {"yara@example.com", "abe@example.com"}


def test_a_rolled_back_ship_sends_nothing(acme, world, people):
    item, _ = people
    with pytest.raises(RuntimeError), transaction.atomic():
        services.item_move(item=item, status="shipped", actor=world.pm)
        assert shipped_emails().count() == 3
        raise RuntimeError("the request failed after the move")
    assert not shipped_emails().exists() and not ShippedNotice.objects.filter(item=item).exists()
    services.item_move(item=item, status="shipped", actor=world.pm)  # the next real ship tells them
    assert shipped_emails().count() == 3


def test_status_change_emits_the_webhook_with_old_and_new_status(acme, world):
    endpoint = EndpointFactory(events=["roadmap_item.status_changed"])
    EndpointFactory(events=["interview.completed"])
    item = services.item_create(actor=world.pm, title="Bulk edit", external_url="https://tracker.example/1")
    services.item_move(item=item, horizon="now", position=3, actor=world.pm)
    ours = WebhookDelivery.objects.filter(event="roadmap_item.status_changed", payload__data__item__id=item.pk)
    assert not ours.exists()  # no status change, no event
    services.item_move(item=item, status="planned", actor=world.pm)
    delivery = ours.get()
    assert (delivery.endpoint_id, delivery.event, delivery.status) == (
        endpoint.pk, "roadmap_item.status_changed", WebhookDelivery.Status.PENDING
    )  # fmt: skip
    assert delivery.payload["workspace"] == "acme"
    assert delivery.payload["data"] == {
        "item": {
            "id": item.pk, "title": "Bulk edit", "status": "planned", "horizon": "now",
            "external_url": "https://tracker.example/1",
        },
        "old_status": "idea", "new_status": "planned", "changed_by": world.pm.email,
    }  # fmt: skip


def test_validation_invite_goes_through_the_contact_rules(acme, world, people):
    item, who = people
    round_ = RoundFactory(kind="async", purpose="Validate the new exports")
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        contact_record(participant=who["also"], kind=ContactKind.INVITATION, channel="async")
    result = services.validation_invite(item=item, round=round_, actor=world.pm)
    assert sorted(i.participant.email for i in result["invited"]) == ["tess@example.com", "yara@example.com"]
    refused = {r.participant.email: (r.code, r.reason) for r in result["refused"]}
    assert refused == {
        "abe@example.com": ("cooldown", refused["abe@example.com"][1]),
        "nils@example.com": ("no_consent", "Nils has not agreed to be contacted."),
        "dora@example.com": ("do_not_contact", "Dora asked not to be contacted."),
    }
    assert refused["abe@example.com"][1].startswith("Invited 3 days ago; this workspace waits 30 days")
    links = InterviewLink.objects.filter(round=round_)
    assert sorted(links.values_list("participant__email", flat=True)) == ["tess@example.com", "yara@example.com"]
    assert set(links.values_list("event", flat=True)) == {f"roadmap_item_{item.pk}"}
    assert Email.objects.filter(template="interview-invitation", to__in=PEOPLE).count() == 2
    # Inviting again refuses everyone invited a moment ago.
    again = services.validation_invite(item=item, round=round_, actor=world.pm)
    assert again["invited"] == [] and {r.code for r in again["refused"]} == {"cooldown", "no_consent", "do_not_contact"}


def test_validation_invite_needs_an_async_round(acme, world, people):
    item, _ = people
    with pytest.raises(ValidationError) as error:
        services.validation_invite(item=item, round=RoundFactory(kind="sync"), actor=world.pm)
    assert error.value.message_dict == {"round": ["Validation rounds are async: choose an async round."]}
    assert not InterviewLink.objects.filter(participant__email__in=PEOPLE).exists()
