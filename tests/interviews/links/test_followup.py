"""The done page's opt-in to a follow-up call: open links ask name, email and consent; personal links only consent."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from interviews.models import InterviewLink, LinkKind, Session, Transcript
from studies.models import ContactEvent, Participant
from synthesis.models import Highlight
from tests.interviews.funnel import RICH, funnel, interview
from tests.studies.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(world):
    """A visitor whose open-link interview is complete, and that session."""
    with schema_context(world.acme.schema_name):
        first, _ = funnel(host=world.owner)
        first.hidden_fields = ["segment"]
        first.save()
        session = interview(first, answers=RICH)
        Session.objects.filter(pk=session.pk).update(hidden_attributes={"segment": "enterprise"})
        session.link  # noqa: B018 (load it here, in the schema)
        transcript = session.transcript
        utterance = transcript.utterances.filter(speaker_role="participant").first()
        Highlight.objects.create(utterance=utterance, start=0, end=9, text=utterance.text[:9], transcript=transcript,
                                 round=first, study=first.study)  # fmt: skip
    client = Client(HTTP_HOST="acme.localhost")
    return client, session, f"/i/{session.link.token}/?resume={session.resume_token}"


def test_the_done_page_offers_a_follow_up_call_without_javascript(done):
    client, session, url = done
    page = client.get(url)
    assert page.status_code == 200 and "Would you talk to us for a follow-up call?" in page.text
    assert 'name="email"' in page.text and 'name="name"' in page.text and 'name="consent"' in page.text
    assert f'action="/i/{session.link.token}/followup/"' in page.text


def test_opting_in_creates_the_participant_and_attaches_the_interview(world, done):
    client, session, url = done
    client.get(url)  # sets the resume cookie, as a browser would
    response = client.post(f"/i/{session.link.token}/followup/",
                           {"name": "Ada Open", "email": "Ada@Example.com", "consent": "1"})  # fmt: skip
    assert response.status_code == 200 and "we may call you" in response.text
    with schema_context(world.acme.schema_name):
        person = Participant.objects.get(email="ada@example.com")
        assert person.consent_to_contact and not person.do_not_contact and person.name == "Ada Open"
        assert person.attributes == {"segment": "enterprise"}
        session.refresh_from_db()
        assert session.participant == person and session.followup_opt_in_at is not None
        transcript = Transcript.objects.get(session=session)
        assert transcript.participant == person and transcript.title.endswith("Ada Open")
        assert Highlight.objects.get(transcript=transcript).participant == person
        assert ContactEvent.objects.filter(participant=person, kind="interview").count() == 1
    assert "Would you talk to us" not in client.get(url).text  # asked once


def test_opting_in_never_lifts_do_not_contact(world, done):
    client, session, url = done
    with schema_context(world.acme.schema_name):
        ParticipantFactory(email="quiet@example.com", do_not_contact=True, consent_to_contact=False)
    client.get(url)
    client.post(f"/i/{session.link.token}/followup/", {"name": "Q", "email": "quiet@example.com", "consent": "1"})
    with schema_context(world.acme.schema_name):
        person = Participant.objects.get(email="quiet@example.com")
        assert person.do_not_contact
        session.refresh_from_db()
        assert session.participant == person


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "Ada", "email": "not-an-email", "consent": "1"}, "Enter an email address"),
        ({"name": "Ada", "email": "", "consent": "1"}, "Enter an email address"),
        ({"name": "", "email": "ada@example.com", "consent": "1"}, "Tell us your name."),
        ({"name": "Ada", "email": "ada@example.com"}, "Tick the box"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(world, done, form, message):
    client, session, url = done
    client.get(url)
    response = client.post(f"/i/{session.link.token}/followup/", form)
    assert response.status_code == 400 and message in response.text
    with schema_context(world.acme.schema_name):
        session.refresh_from_db()
        assert session.participant is None and session.followup_opt_in_at is None
        assert not Participant.objects.filter(email="ada@example.com").exists()


def test_a_personal_link_asks_only_for_consent_when_missing(world):
    with schema_context(world.acme.schema_name):
        first, _ = funnel(host=world.owner)
        session = interview(first, participant=ParticipantFactory(consent_to_contact=False), answers=RICH,
                            opt_in=False)  # fmt: skip
        consented = interview(first, participant=ParticipantFactory(consent_to_contact=True), answers=RICH,
                              opt_in=False)  # fmt: skip
        session.link, consented.link  # noqa: B018 (load them here, in the schema)
    client = Client(HTTP_HOST="acme.localhost")
    page = client.get(f"/i/{session.link.token}/")
    assert "Would you talk to us" in page.text and 'name="consent"' in page.text and 'name="email"' not in page.text
    assert client.post(f"/i/{session.link.token}/followup/", {"consent": "1"}).status_code == 200
    with schema_context(world.acme.schema_name):
        session.refresh_from_db()
        assert session.participant.consent_to_contact and session.followup_opt_in_at is not None
    assert "Would you talk to us" not in client.get(f"/i/{consented.link.token}/").text


def test_the_opt_in_is_rate_limited(world, done, settings):
    _, session, _ = done
    settings.PARLEY_RATE_LIMIT_PER_ADDRESS = 2
    limited = Client(HTTP_HOST="acme.localhost", REMOTE_ADDR="203.0.113.77")
    codes = [limited.post(f"/i/{session.link.token}/followup/", {"consent": "1"}).status_code for _ in range(3)]
    assert codes[-1] == 429


def test_an_unfinished_interview_cannot_opt_in(world):
    with schema_context(world.acme.schema_name):
        first, _ = funnel(host=world.owner)
        link = InterviewLink.objects.create(round=first, kind=LinkKind.OPEN)
        session = Session.objects.create(link=link, round=first)
    client = Client(HTTP_HOST="acme.localhost")
    response = client.post(f"/i/{link.token}/followup/?resume={session.resume_token}",
                           {"name": "A", "email": "a@example.com", "consent": "1"})  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.filter(email="a@example.com").exists()
