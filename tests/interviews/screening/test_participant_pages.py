"""Strangers on an open link or a public booking page with a screener: in, out politely, full, waiting for review,
refused a second try (a qualified person gets the way back by email), resumed where they stopped."""

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from interviews.models import BookingInvite, Session
from outbox.models import Email
from studies.models import Participant, ScreenerResponse
from studies.recruitment import services as recruitment
from tests.interviews.factories import LinkFactory, async_round_with_guide, sync_round_with_rules
from tests.studies.recruitment.factories import answers, plan_screener


def visitor(host="acme.localhost") -> Client:
    return Client(HTTP_HOST=host)


@pytest.fixture
def screened_link(world):
    with schema_context(world.acme.schema_name):
        round_ = async_round_with_guide(questions=2, target_participants=5)
        link = LinkFactory(round=round_)
        _, questions = plan_screener(round_)
        recruitment.quota_save(round=round_, attribute="plan", value="Business", target=1, actor=None)
        return link, questions


def test_a_qualified_stranger_goes_from_the_screener_to_the_interview_and_resumes_elsewhere(world, screened_link):
    link, questions = screened_link
    client = visitor()
    page = client.get(f"/i/{link.token}/")
    assert page.status_code == 200 and "Which plan is your team on?" in page.text and 'name="consent"' not in page.text
    response = client.post(f"/i/{link.token}/screener/", {"email": "mia@example.org", "name": "Mia Koch",
                                                          **answers(questions)})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/i/{link.token}/"
    intro = client.get(f"/i/{link.token}/")
    assert 'name="consent"' in intro.text
    assert client.post(f"/i/{link.token}/", {"consent": "1"}).status_code == 302
    assert "Tell me about step 1" in client.get(f"/i/{link.token}/").text
    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
        assert session.participant.email == "mia@example.org"
        assert session.participant.attributes["plan"] == "Team"
    # On another device the same email is not screened again: the way back comes by email, to that address only.
    other = visitor()
    again = other.post(f"/i/{link.token}/screener/", {"email": "MIA@example.org", **answers(questions, size="1")})
    assert again.status_code == 200 and "already answered" in again.text and "Tell me about" not in again.text
    with schema_context(world.acme.schema_name):
        sent = Email.objects.get(to="mia@example.org", template="screening-continue")
        assert ScreenerResponse.objects.filter(round=link.round).count() == 1
    back = re.search(r"http://acme.localhost:8000(/i/\S+)", sent.body_text).group(1)
    resumed = other.get(back)
    assert resumed.status_code == 200 and "Tell me about step 1" in resumed.text


def test_a_stranger_who_does_not_fit_reads_the_researchers_ending_not_the_rule(world, screened_link):
    link, questions = screened_link
    client = visitor()
    response = client.post(f"/i/{link.token}/screener/", {"email": "leo@example.org",
                                                          **answers(questions, role="student")})  # fmt: skip
    assert response.status_code == 200
    assert "looking for someone else this time" in response.text and "student" not in response.text
    # No way around the screener: the consent form refuses without a pass.
    assert 'name="consent"' not in client.get(f"/i/{link.token}/").text
    assert client.post(f"/i/{link.token}/", {"consent": "1"}).status_code == 200
    with schema_context(world.acme.schema_name):
        assert not Session.objects.filter(link=link).exists()
        assert not Participant.objects.filter(email="leo@example.org").exists()


def test_a_full_cell_closes_while_others_stay_open(world, screened_link):
    link, questions = screened_link
    first = visitor().post(f"/i/{link.token}/screener/", {"email": "b1@example.org",
                                                           **answers(questions, plan="Business")})  # fmt: skip
    assert first.status_code == 302
    full = visitor().post(f"/i/{link.token}/screener/", {"email": "b2@example.org",
                                                          **answers(questions, plan="Business")})  # fmt: skip
    assert full.status_code == 200 and "enough people like you" in full.text
    other = visitor().post(f"/i/{link.token}/screener/", {"email": "f1@example.org", **answers(questions, plan="Free")})
    assert other.status_code == 302


def test_bad_answers_come_back_with_field_messages_in_the_participants_language(world, screened_link):
    link, questions = screened_link
    response = visitor().post(f"/i/{link.token}/screener/?lang=de", {"email": "nope", f"q{questions['size'].pk}": "x"})
    assert response.status_code == 400
    assert "Bitte" in response.text or "E-Mail" in response.text
    with schema_context(world.acme.schema_name):
        assert not ScreenerResponse.objects.exists()


def test_another_workspace_does_not_know_the_link(world, screened_link):
    link, _ = screened_link
    assert visitor("globex.localhost").get(f"/i/{link.token}/").status_code == 404
    assert visitor("globex.localhost").post(f"/i/{link.token}/screener/", {}).status_code == 404


@pytest.fixture
def screened_booking(world):
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.researcher], hours=("09:00", "17:00"))
        _, questions = plan_screener(rules.round)
        return rules, questions


def test_a_qualified_stranger_books_on_their_own_link(world, screened_booking):
    rules, questions = screened_booking
    client = visitor()
    page = client.get(f"/book/{rules.public_token}/")
    assert "Which plan is your team on?" in page.text
    response = client.post(f"/book/{rules.public_token}/screener/", {"email": "kai@example.org", "name": "Kai",
                                                                       **answers(questions)})  # fmt: skip
    with schema_context(world.acme.schema_name):
        invite = BookingInvite.objects.get(round=rules.round, participant__email="kai@example.org")
    assert response.status_code == 302 and response["Location"] == f"/book/i/{invite.token}/"
    # The same device goes back to the public page: straight to their own link.
    assert client.get(f"/book/{rules.public_token}/")["Location"] == f"/book/i/{invite.token}/"


def test_review_mode_says_we_will_get_back_and_approval_sends_the_link(world, screened_booking):
    rules, questions = screened_booking
    with schema_context(world.acme.schema_name):
        screener = rules.round.screener
        screener.review_required = True
        screener.save()
    response = visitor().post(f"/book/{rules.public_token}/screener/", {"email": "rae@example.org",
                                                                         **answers(questions)})  # fmt: skip
    assert response.status_code == 200 and "get back to you" in response.text
    from interviews.screening import services

    with schema_context(world.acme.schema_name):
        waiting = ScreenerResponse.objects.get(round=rules.round)
        assert not BookingInvite.objects.exists()
        invite = services.screening_approve(response=waiting, actor=world.researcher)
        email = Email.objects.get(to="rae@example.org", template="booking-invitation")
        assert invite.token in email.body_text


def test_an_open_links_hidden_fields_are_carried_through_the_screener_into_the_session(world, screened_link):
    link, questions = screened_link
    with schema_context(world.acme.schema_name):
        link.round.hidden_fields = ["campaign"]
        link.round.save(update_fields=["hidden_fields"])
    client = visitor()
    page = client.get(f"/i/{link.token}/?campaign=spring-newsletter&secret=no")
    assert f'action="/i/{link.token}/screener/?campaign=spring-newsletter"' in page.text
    response = client.post(f"/i/{link.token}/screener/?campaign=spring-newsletter",
                           {"email": "ida@example.org", **answers(questions)})  # fmt: skip
    assert response["Location"] == f"/i/{link.token}/?campaign=spring-newsletter"
    intro = client.get(response["Location"])
    assert 'name="campaign" value="spring-newsletter"' in intro.text
    client.post(f"/i/{link.token}/", {"consent": "1", "campaign": "spring-newsletter"})
    with schema_context(world.acme.schema_name):
        assert Session.objects.get(link=link).hidden_attributes == {"campaign": "spring-newsletter"}
