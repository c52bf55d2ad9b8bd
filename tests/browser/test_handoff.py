"""A researcher opens an async round's shortlist, ticks two people and invites them to book the sync round; one of
them opens the personal booking link from the email on a phone and books a time; the host opens the call's brief
from the booking page and reads what she said in her async interview."""

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Booking, Handoff, HostSchedule
from outbox.models import Email
from studies.models import Participant, Study
from tests.conftest import PASSWORD
from tests.interviews.funnel import RICH, THIN, funnel, interview
from tests.processes import committed
from tests.studies.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
TITLE = "Browser: funnel hand-off"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "timezone_id": "Europe/Berlin"}  # fmt: skip


@pytest.fixture
def shortlisted(world):
    def make():
        with schema_context(world.acme.schema_name):
            HostSchedule.objects.filter(user=world.owner).delete()
            first, second = funnel(host=world.owner)
            Study.objects.filter(pk=first.study_id).update(title=TITLE)
            people = [
                interview(first, participant=ParticipantFactory(name=name, email=f"{name.lower()}@handoff.test",
                                                                consent_to_contact=True), answers=answers)
                for name, answers in (("Ada", RICH), ("Bo", RICH[:2]), ("Cy", THIN))
            ]  # fmt: skip
            return first.pk, second.pk, [s.pk for s in people]

    def remove():
        with schema_context(world.acme.schema_name):
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email__endswith="@handoff.test").delete()
            Email.objects.filter(to__endswith="@handoff.test").delete()
            HostSchedule.objects.filter(user=world.owner).delete()  # its hours would leak into later tests

    yield committed(make)
    committed(remove)


def test_shortlist_invite_and_book(live_parley, browser, page, world, shortlisted):
    first, second, (ada, bo, _) = shortlisted
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + f"/accounts/login/?next=/rounds/{first}/shortlist/")
    page.get_by_label("Email").fill(world.researcher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    rows = page.locator("table.shortlist tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Ada")
    expect(rows.first).to_contain_text("Rich answers")
    page.get_by_label("Invite Ada").check()
    page.get_by_label("Invite Bo").check()
    page.get_by_role("button", name="Invite to book").click()
    expect(page.get_by_role("heading", name="Invited 2")).to_be_visible()
    expect(page.locator("table.shortlist tbody tr")).to_have_count(1)  # the invited leave the list

    with schema_context(world.acme.schema_name):
        assert set(Handoff.objects.filter(to_round_id=second).values_list("session_id", flat=True)) == {ada, bo}
        email = Email.objects.get(to="ada@handoff.test", template="booking-invitation")
    link = re.search(r"https?://\S+/book/i/[\w-]+/", email.body_text).group(0)
    assert link.startswith(acme)

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(15_000)
    phone.goto(link)
    expect(phone.get_by_text("Hi Ada!")).to_be_visible()
    phone.locator("a.day").first.click()
    phone.locator("#times a.time").first.click()
    consent = phone.get_by_label("I agree")
    if consent.count():
        consent.check()
    phone.get_by_role("button", name="Book this time").click()
    expect(phone.get_by_role("heading", name="You are booked!")).to_be_visible()
    with schema_context(world.acme.schema_name):
        booking = Booking.objects.get(round_id=second)
        assert booking.participant.email == "ada@handoff.test" and booking.invite.participant == booking.participant

    host = browser.new_context().new_page()
    host.set_default_timeout(15_000)
    host.goto(acme + f"/accounts/login/?next=/bookings/{booking.pk}/")
    host.get_by_label("Email").fill(world.owner.email)
    host.get_by_label("Password").fill(PASSWORD)
    host.get_by_role("button", name="Sign in").click()
    host.get_by_role("link", name="Brief", exact=True).click()
    expect(host.get_by_role("heading", name="Brief: call with Ada")).to_be_visible()
    expect(host.get_by_role("heading", name="2. What they said")).to_be_visible()
    expect(host.get_by_text("the export to Excel broke again", exact=False).first).to_be_visible()
    expect(host.get_by_role("heading", name="4. This call's guide")).to_be_visible()
