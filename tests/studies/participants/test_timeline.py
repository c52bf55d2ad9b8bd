"""The participant page: one chronological timeline of everything with the person, each entry linking to where it
happened (contributed by interviews, synthesis and the roadmap through studies' registry), one consent state with
its source and date, every reason they can or cannot be contacted now, and a query budget that does not grow with
their history."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django_tenants.utils import schema_context

from interviews.booking import handoffs
from interviews.booking import services as booking
from interviews.links import reminders
from interviews.links import services as links
from interviews.models import (
    Booking,
    BookingStatus,
    InterviewLink,
    LinkKind,
    Message,
    MessageKind,
    Role,
    Session,
    Transcript,
    Utterance,
)
from roadmap.models import RoadmapItem, ShippedNotice
from studies.models import ChangeSource, ContactEvent, Participant, ParticipantChange
from studies.participants.importing import participants_import
from synthesis.coding import services as coding
from synthesis.insights import services as insights
from synthesis.models import Highlight
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import async_round_with_guide, sync_round_with_rules
from tests.queries import reads
from tests.studies.factories import ParticipantFactory, RoundFactory

T0 = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)  # a Monday
ANSWER = "Nobody has time to clean the export before the board meeting."


def _page(client, person) -> str:
    response = client.get(f"/participants/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _answer(html: str, dd_id: str) -> str:
    """The answer the page gives in `<dd id=...>`, from its first tag."""
    found = html[html.index(f'id="{dd_id}">') + len(f'id="{dd_id}">') :]
    return found[: found.index("</dd>")].strip()


def _timeline(html: str) -> str:
    return html[html.index('class="participant-timeline"') :]


def _answer_and_finish(session: Session, text: str = ANSWER) -> Session:
    Message.objects.create(session=session, order=2, role=Role.PARTICIPANT, kind=MessageKind.ANSWER, text=text)
    links.session_complete(session=session)
    return Session.objects.get(pk=session.pk)


def test_the_story_of_one_person_in_order_with_links_and_consent(world, client_for):
    with schema_context(world.acme.schema_name):
        with time_machine.travel(T0, tick=False):
            participants_import(data="email,name,consent\nmia@example.com,Mia,no\n", actor=world.researcher)
            mia = Participant.objects.get(email="mia@example.com")
            wide = async_round_with_guide(questions=1, reminder_after_days=1)
            link = links.invitation_create(round=wide, email=mia.email, actor=world.researcher)
        with time_machine.travel(T0 + timedelta(days=2), tick=False):
            assert reminders.reminders_send() == 1
        with time_machine.travel(T0 + timedelta(days=3), tick=False):
            started = links.session_start(link=link)
        with time_machine.travel(T0 + timedelta(days=3, minutes=2), tick=False):
            session = _answer_and_finish(started)

    # Interviewed, consent not given: the page says so and gives every reason, not only the cooldown.
    with time_machine.travel(T0 + timedelta(days=3, hours=1), tick=False):
        html = _page(client_for(world.viewer), mia)
    consent = html[html.index('id="consent-state"') :]
    assert (
        "Not given</strong>" in consent[:200]
        and "source: a CSV import (researcher@acme.test), 4 Mar 2030" in consent[:300]
    )
    reasons = html[html.index('id="contact-reasons"') : html.index("Every rule") + 2000]
    assert 'data-code="no_consent"' in reasons and 'data-code="cooldown"' in reasons
    assert "Mia has not agreed to be contacted." in reasons and "Invited 3 days ago" in reasons
    assert _answer(html, "may-invite").startswith("<strong>No</strong>") and "Invited 3 days ago" in html
    assert _answer(html, "may-follow-up").startswith("<strong>No</strong>")
    assert "Mia has not agreed" in _answer(html, "may-follow-up") and "Mia has not agreed" in _answer(
        html, "may-hear-back"
    )

    with schema_context(world.acme.schema_name), time_machine.travel(T0 + timedelta(days=3, minutes=5), tick=False):
        session = links.session_followup_opt_in(session=session, consent=True)
    # Her opt-in is consent, and for a follow-up call it lifts the cooldown; an uninvited interview still waits.
    with time_machine.travel(T0 + timedelta(days=3, minutes=10), tick=False):
        html = _page(client_for(world.viewer), mia)
    assert _answer(html, "may-invite").startswith("<strong>No</strong>")
    assert _answer(html, "may-follow-up").startswith("<strong>Yes</strong>") and "opted in on 7 Mar 2030" in html
    assert _answer(html, "may-hear-back").startswith("<strong>Yes</strong>")
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner], hours=("09:00", "17:00"), min_notice_hours=1)
        rules.round.study = wide.study
        rules.round.save()
        with time_machine.travel(T0 + timedelta(days=4), tick=False):
            result = handoffs.handoff_create(from_round=wide, to_round=rules.round, sessions=[session],
                                             actor=world.researcher)  # fmt: skip
            assert not result.refused, result.refused
            ((_, invite),) = result.invited
        call_start = T0 + timedelta(days=7, hours=1)  # the next Monday, 10:00
        with time_machine.travel(T0 + timedelta(days=4, hours=2), tick=False):
            call = booking.booking_create(round=rules.round, start=call_start, participant={}, answers={},
                                          invite=invite)  # fmt: skip
        with time_machine.travel(call_start + timedelta(hours=1), tick=False):
            booking.booking_mark(booking=call, status=BookingStatus.COMPLETED, actor=world.owner)
            recorded = Transcript.objects.create(kind="sync", round=rules.round, participant=mia, title="Call with Mia",
                                                 occurred_at=call_start)  # fmt: skip
            said = Utterance.objects.create(transcript=recorded, order=1, speaker_role="participant", text=ANSWER)
            Booking.objects.filter(pk=call.pk).update(transcript=recorded)
            async_said = session.transcript.utterances.get(text=ANSWER)
            quote = coding.highlight_create(utterance=async_said, start=0, end=9, actor=world.researcher,
                                            tags=["Export"])  # fmt: skip
            coding.highlight_create(utterance=said, start=0, end=6, actor=world.researcher)
            insight = insights.insight_create(statement="Exports need cleaning before meetings.", highlights=[quote],
                                              actor=world.researcher)  # fmt: skip
        with time_machine.travel(call_start + timedelta(days=30), tick=False):
            item = RoadmapItem.objects.create(title="Clean exports")
            ShippedNotice.objects.create(item=item, participant=mia)

    with time_machine.travel(call_start + timedelta(days=31), tick=False):
        html = _page(client_for(world.viewer), mia)
    timeline = _timeline(html)
    # Everything, in the order it happened, each pointing at its exact place.
    expected = [
        "Added by a CSV import by researcher@acme.test",
        "Invited to the async interview",
        "Reminded of the async interview",
        "Started the async interview",
        "Completed the async interview",
        "Quoted from",
        "Opted in to a follow-up call",
        "Agreed to be contacted (opting in to a follow-up call)",
        "Handed off from",
        "Invited to book a call",
        "Booked a call",
        "Call held with",
        "Quoted from Call with Mia",
        "Cited in the insight",
        "Told that “Clean exports” shipped",
    ]
    positions = [timeline.find(text) for text in expected]
    assert -1 not in positions, [text for text, at in zip(expected, positions, strict=True) if at == -1]
    assert positions == sorted(positions), expected
    assert f'href="/sessions/{session.pk}/"' in timeline  # the invitation, the session and the opt-in
    assert f'href="/transcripts/{session.transcript.pk}/#h-{quote.pk}"' in timeline
    assert f'href="/bookings/{call.pk}/"' in timeline and f'href="/transcripts/{recorded.pk}/"' in timeline
    assert f'href="/bookings/{call.pk}/brief/"' in timeline  # she took an async interview first
    assert f'href="/insights/{insight.pk}/"' in timeline and f'href="/roadmap/{item.pk}/"' in timeline
    assert timeline.count("1 highlight coded") == 2  # the async interview and the call
    assert "took it" in timeline  # the invitation says it was taken, and links the session
    # One consent state, with its source and date.
    consent = html[html.index('id="consent-state"') :][:400]
    assert "<strong>Given</strong>" in consent and "source: opting in to a follow-up call, 7 Mar 2030" in consent
    # Each contact the rules count appears once: claimed by the interview it stands for, never twice.
    with schema_context(world.acme.schema_name):
        assert ContactEvent.objects.filter(participant=mia).count() == 4
    assert timeline.count("Completed the async interview") == 1 and timeline.count("Invited to the async") == 1
    assert timeline.count("Call held with") == 1 and timeline.count("Invited to book a call") == 1
    assert client_for(world.outsider).get(f"/participants/{mia.pk}/").status_code == 404
    assert client_for(world.outsider, host=GLOBEX_HOST).get(f"/participants/{mia.pk}/").status_code == 404


def test_consent_changes_are_recorded_with_their_source(world, client_for):
    def post(days: int, url: str, data: dict) -> None:
        with time_machine.travel(T0 + timedelta(days=days), tick=False):
            assert client_for(world.researcher).post(url, data).status_code == 302

    post(0, "/participants/new/", {"email": "ola@example.com", "timezone": "UTC", "locale": "en"})
    with schema_context(world.acme.schema_name):
        ola = Participant.objects.get(email="ola@example.com")
    edit = {"email": ola.email, "timezone": "UTC", "locale": "en", "consent_to_contact": "on"}
    post(1, f"/participants/{ola.pk}/edit/", edit)
    post(1, f"/participants/{ola.pk}/edit/", edit)  # nothing changed: nothing recorded
    post(2, f"/participants/{ola.pk}/edit/", {**edit, "do_not_contact": "on"})
    with schema_context(world.acme.schema_name):
        changes = list(ParticipantChange.objects.filter(participant=ola).values_list(
            "created", "consent_to_contact", "do_not_contact", "source", "actor_id"))  # fmt: skip
    researcher = world.researcher.pk
    assert changes == [(True, False, False, ChangeSource.STAFF, researcher), (False, True, None, "staff", researcher),
                       (False, None, True, "staff", researcher)]  # fmt: skip
    html = _page(client_for(world.viewer), ola)
    consent = html[html.index('id="consent-state"') :][:300]
    assert "<strong>Given</strong>" in consent and "source: a team member (researcher@acme.test), 5 Mar 2030" in consent
    reasons = html[html.index('id="contact-reasons"') :][:1500]
    assert "asked not to be contacted" in reasons and 'data-code="no_consent"' not in reasons
    timeline = _timeline(html)
    assert timeline.index("Added by researcher@acme.test") < timeline.index("Agreed to be contacted")
    assert timeline.index("Agreed to be contacted") < timeline.index("Asked not to be contacted")


def _history(person, host, n: int, start: datetime):
    """n of every kind of thing with `person`, written directly: rounds, invitations, sessions with transcripts,
    quotes and insights, hand-offs' bookings, calls with transcripts, notices."""
    for i in range(n):
        when = start + timedelta(days=i)
        wide = RoundFactory(kind="async")
        link = InterviewLink.objects.create(round=wide, kind=LinkKind.PERSONAL, participant=person, invited_at=when,
                                            reminded_at=when + timedelta(hours=1))  # fmt: skip
        ContactEvent.objects.create(participant=person, kind="invitation", channel="async", round=wide,
                                    occurred_at=when)  # fmt: skip
        session = Session.objects.create(link=link, round=wide, participant=person, consented_at=when,
                                         followup_opt_in_at=when + timedelta(hours=3))  # fmt: skip
        _answer_and_finish(session, f"Answer {i} about exports.")
        transcript = Transcript.objects.get(session=session)
        utterance = transcript.utterances.get(order=2)
        quote = coding.highlight_create(utterance=utterance, start=0, end=6, actor=None, tags=[f"Tag {i}"])
        insights.insight_create(statement=f"Insight {i}.", highlights=[quote], actor=None)
        deep = RoundFactory(kind="sync", study=wide.study)
        call = Booking.objects.create(round=deep, host=host, participant=person, start=when + timedelta(hours=5),
                                      end=when + timedelta(hours=6), status=BookingStatus.COMPLETED,
                                      transcript=Transcript.objects.create(kind="sync", round=deep, participant=person,
                                                                           title="Call", occurred_at=when))  # fmt: skip
        call.contact_event = ContactEvent.objects.create(participant=person, kind="interview", channel="sync",
                                                         round=deep, occurred_at=call.start)  # fmt: skip
        call.save(update_fields=["contact_event"])
        ShippedNotice.objects.create(item=RoadmapItem.objects.create(title=f"Item {i}"), participant=person)


def test_the_timeline_query_budget_does_not_grow_with_the_history(world, client_for, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        one, many = ParticipantFactory(), ParticipantFactory()
        _history(one, world.owner, 1, T0)
        _history(many, world.owner, 6, T0 + timedelta(days=30))
        assert Highlight.objects.filter(participant=many).count() == 6
    client = client_for(world.viewer)
    with django_assert_max_num_queries(44) as small:
        html = _page(client, one)
    assert html.count('class="tl-entry') >= 10
    with django_assert_max_num_queries(44) as large:
        html = _page(client, many)
    assert len(re.findall(r'data-kind="quote"', html)) == 6 and len(re.findall(r'data-kind="notice"', html)) == 6
    assert len(reads(small)) == len(reads(large))


def test_an_opt_in_by_someone_who_already_consented_is_recorded(world):
    with schema_context(world.acme.schema_name):
        ada = ParticipantFactory(consent_to_contact=True)
        link = links.invitation_create(round=async_round_with_guide(questions=1), email=ada.email, actor=None)
        session = _answer_and_finish(links.session_start(link=link))
        links.session_followup_opt_in(session=session, consent=True)
        change = ParticipantChange.objects.filter(participant=ada).latest("pk")
        assert (change.source, change.consent_to_contact, change.created) == (ChangeSource.OPT_IN, True, False)
