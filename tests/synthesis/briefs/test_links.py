"""Where the brief is linked: the staff booking page, the host's confirmation email and calendar invite (never the
participant's); the participant's timeline links both interviews and the brief; evidence counts one person across
methods."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import schema_context
from icalendar import Calendar

from interviews.booking import ics, services
from interviews.models import Booking
from outbox.models import Email
from synthesis.coding import services as coding
from synthesis.insights.evidence import evidence_profile
from synthesis.models import Highlight
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory, QuestionFactory, RoundFactory
from tests.synthesis.briefs.world import build, interview

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


def took_async(person):
    round_ = RoundFactory(kind="async")
    for i in range(3):
        QuestionFactory(round=round_, order=i + 1, max_follow_ups=1)
    return interview(round_, person, ["It was slow.", "We use a spreadsheet.", "Nothing else."], probe_first=False,
                     budget_after=None)  # fmt: skip


def description(email: Email) -> str:
    (event,) = Calendar.from_ical(email.attachments[0]["content"]).walk("VEVENT")
    return str(event["DESCRIPTION"])


@pytest.mark.parametrize("async_first", [True, False])
def test_the_hosts_email_and_invite_link_the_brief_never_the_participants(world, async_first):
    with schema_context(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        Email.objects.all().delete()
        person = ParticipantFactory(email="ada@example.com", name="Ada")
        if async_first:
            took_async(person)
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), min_notice_hours=1)
        booking = services.booking_create(round=rules.round, start=datetime(2030, 3, 4, 10, tzinfo=UTC),
                                          participant={"email": "ada@example.com"}, answers={})  # fmt: skip
        link = f"http://acme.localhost:8000/bookings/{booking.pk}/brief/"
        emails = {e.to: e for e in Email.objects.filter(template="booking-confirmed")}
        host, participant = emails[world.owner.email], emails["ada@example.com"]
        assert (link in host.body_text, link in host.body_html, link in description(host)) == (async_first,) * 3
        assert "/brief/" not in participant.body_text + participant.body_html + description(participant)
        # The host's calendar feed carries it too; the participant's download never does.
        assert (link in ics.host_feed_ics(world.owner).decode().replace("\r\n ", "")) == async_first
        assert b"/brief/" not in ics.booking_ics(booking)


def test_the_booking_page_links_the_brief_when_they_took_an_async_interview(world, client_for):
    with schema_context(world.acme.schema_name):
        bw = build(world.researcher, others=0)
        other = Booking.objects.create(round=bw.sync_round, host=world.owner, participant=ParticipantFactory(),
                                       start=bw.booking.end, end=bw.booking.end + timedelta(minutes=30))  # fmt: skip
    for user in (world.owner, world.viewer):
        html = client_for(user).get(f"/bookings/{bw.booking.pk}/").content.decode()
        assert f'href="/bookings/{bw.booking.pk}/brief/"' in html
    assert "/brief/" not in client_for(world.owner).get(f"/bookings/{other.pk}/").content.decode()


def test_the_participant_timeline_links_both_interviews_and_the_brief(world, client_for, django_assert_max_num_queries):
    from interviews.models import Transcript

    with schema_context(world.acme.schema_name):
        bw = build(world.researcher, others=0)
        call = Transcript.objects.create(kind="sync", round=bw.sync_round, participant=bw.person, title="Call",
                                         occurred_at=bw.booking.start)  # fmt: skip
        bw.booking.transcript = call
        bw.booking.save(update_fields=["transcript"])
    url = f"/participants/{bw.person.pk}/"
    client = client_for(world.viewer)
    with django_assert_max_num_queries(44):
        html = client.get(url).content.decode()
    entries = html[html.index('class="participant-timeline"') :].split('<li class="tl-entry')
    (completed,) = [e for e in entries if "Completed the async interview" in e]
    assert f'href="/sessions/{bw.session.pk}/"' in completed
    assert f'href="/transcripts/{bw.session.transcript.pk}/"' in completed and "2 highlights coded" in completed
    (held,) = [e for e in entries if 'data-kind="interview"' in e and 'channel="sync"' not in e and "/bookings/" in e]
    assert f'href="/bookings/{bw.booking.pk}/"' in held and f'href="/bookings/{bw.booking.pk}/brief/"' in held
    assert f'href="/transcripts/{call.pk}/"' in held and "not coded yet" in held
    assert client_for(world.outsider).get(url).status_code == 404


def test_evidence_counts_a_person_who_took_both_interviews_once(world):
    from interviews.models import Transcript, Utterance

    with schema_context(world.acme.schema_name):
        bw = build(world.researcher, others=0)
        call = Transcript.objects.create(kind="sync", round=bw.sync_round, participant=bw.person, title="Call",
                                         occurred_at=bw.booking.start)  # fmt: skip
        said = Utterance.objects.create(transcript=call, order=1, speaker_role="participant",
                                        text="The portal still cannot show our charts.")  # fmt: skip
        coding.highlight_create(utterance=said, start=0, end=len(said.text), actor=None)
        profile = evidence_profile(Highlight.objects.filter(participant=bw.person))
        assert (profile.participants, profile.interviews) == (1, 2)
        assert (profile.sync_interviews, profile.async_interviews) == (1, 1)
