"""Participant pages and emails in English, German, French, Spanish and Portuguese: every page a participant can
reach, and every email they get, rendered in each language with no English left beyond names and data; the
language chosen from the page's links, the participant's record, or the browser, in that order; staff pages stay
English; and every string of the catalogues is translated."""

import importlib.util
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from interviews.booking import services as booking_services
from interviews.booking.notifications import booking_reminders_send
from interviews.links import reminders
from interviews.links import services as link_services
from interviews.models import BookingQuestion, Session
from outbox.models import Email
from tests.interviews.factories import LinkFactory, sync_round_with_rules
from tests.studies.factories import ParticipantFactory, QuestionFactory, RoundFactory

LANGUAGES = ["de", "fr", "es", "pt"]
NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)  # a Monday
TUESDAY = "2030-03-05"
# Words of English that none of the other four languages writes: one of them in a page means a string was missed.
ENGLISH = re.compile(
    r"\b(the|your|you|please|choose|with|and|time|times|call|calls|book|booked|we|our|this|that|here|will|free|"
    r"day|days|answer|answers|thank|thanks|cancel|cancelled|reschedule|move|moved|email|later|send|agree|may|hours|"
    r"when|where|now|what|would|like|about|change|reminder)\b",
    re.IGNORECASE,
)
# The data of these pages, which stays as written whatever the language.
DATA = ["Acme Corp", "Acme 2030", "Olive Owner", "Mia Müller", "Kiran", "Europe/Berlin", "Q-1?", "Q-2?"]
SPOKEN = {  # a phrase each language's pages show, so a page that falls back to English whole is caught too
    "de": "Ihre Zeitzone", "fr": "Votre fuseau horaire", "es": "Su zona horaria", "pt": "O seu fuso horário",
}  # fmt: skip


class VisibleText(HTMLParser):
    """What a participant reads or hears: text outside scripts and the zone list (zone names are data), and the
    attributes shown or read aloud (labels, placeholders, the answer counter's words)."""

    SHOWN = {"aria-label", "placeholder", "title", "alt", "data-search-label", "data-count-upto", "data-count-left",
             "data-count-over"}  # fmt: skip

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "select"):
            self.skip += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "select"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_left(text: str, *, html: bool = True) -> list[str]:
    if html:
        parser = VisibleText()
        parser.feed(text)
        text = "\n".join(parser.parts)
    text = re.sub(r"https?://\S+|\S+@\S+", " ", text)
    for value in DATA:
        text = text.replace(value, " ")
    return sorted({match.group(0) for match in ENGLISH.finditer(text)})


def assert_in(language: str, response, *, status: int = 200) -> None:
    assert response.status_code == status, response.status_code
    assert f'<html lang="{language}">' in response.text
    assert response["Content-Language"] == language
    assert english_left(response.text) == [], english_left(response.text)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules(world):
    with schema_context(world.acme.schema_name):
        rules = sync_round_with_rules(
            hosts=[world.owner], hours=("09:00", "12:00"), tz="UTC", duration_minutes=30, slot_interval_minutes=30,
            min_notice_hours=2, horizon_days=7, min_change_notice_hours=4, max_reschedules=2,
            location="https://meet.example.com/acme",
        )  # fmt: skip
        study = rules.round.study
        study.title, study.public_title, study.public_description = "Churn hypothesis B", "Acme 2030", "Acme 2030"
        study.save()
        rules.round.incentive_description = "Acme 2030"
        rules.round.save()
        first = BookingQuestion.objects.create(rules=rules, order=1, label="Q-1?", required=True)
        BookingQuestion.objects.create(rules=rules, order=2, label="Q-2?", kind="choice", choices=["1", "2"])
        rules.first_question = f"question_{first.pk}"
        return rules


@pytest.fixture
def link(world):
    with schema_context(world.acme.schema_name):
        round_ = RoundFactory(kind="async", study__title="Churn hypothesis B", study__public_title="Acme 2030",
                              incentive_description="Acme 2030")  # fmt: skip
        for order in (1, 2):
            QuestionFactory(round=round_, order=order, text=f"Q-{order}?")
        return LinkFactory(round=round_)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_booking_pages_speak_the_browsers_language(world, rules, frozen, language):
    client = Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    url = f"/book/{rules.public_token}/"
    days = client.get(url, {"tz": "Europe/Berlin"})
    assert_in(language, days)
    assert SPOKEN[language] in days.text
    assert_in(language, client.get(url, {"tz": "Europe/Berlin", "day": TUESDAY}))
    chosen = client.get(url, {"tz": "Europe/Berlin", "day": TUESDAY, "start": f"{TUESDAY}T09:00Z"})
    assert_in(language, chosen)
    assert "Acme 2030" in chosen.text and "Churn hypothesis" not in chosen.text
    refused = client.post(url, {"start": f"{TUESDAY}T09:00Z", "timezone": "Europe/Berlin", "email": "x"})
    assert_in(language, refused, status=400)
    unknown = client.get(url, {"tz": "Mars/Base"})
    assert_in(language, unknown)

    data = {"start": f"{TUESDAY}T09:00Z", "timezone": "Europe/Berlin", "name": "Mia Müller",
            "email": "mia@example.com", rules.first_question: "Excel", "consent": "1"}  # fmt: skip
    booked = client.post(url, data, follow=True)
    assert_in(language, booked)
    manage = re.search(r'href="(/booking/[\w-]+/)"', booked.text).group(1)
    assert_in(language, client.get(manage))
    assert_in(language, client.get(manage, {"reschedule": "1", "tz": "Europe/Berlin", "day": TUESDAY}))
    assert_in(language, client.get(manage, {"reschedule": "1", "tz": "Europe/Berlin", "start": f"{TUESDAY}T10:00Z"}))
    moved = client.post(manage, {"start": f"{TUESDAY}T10:00Z", "tz": "Europe/Berlin"}, follow=True)
    assert_in(language, moved)
    assert_in(language, client.post(f"{manage}cancel/", {"reason": "x" * 600}), status=400)
    assert_in(language, client.post(f"{manage}cancel/", {"reason": ""}, follow=True))
    with schema_context(world.acme.schema_name):
        rules.is_public = False
        rules.save()
    assert_in(language, client.get(url), status=410)

    # Booking on a page in this language makes it the participant's: their emails follow it.
    with schema_context(world.acme.schema_name):
        emails = list(Email.objects.filter(to="mia@example.com").order_by("pk"))
    assert [email.template for email in emails] == ["booking-confirmed", "booking-rescheduled", "booking-cancelled"]
    for email in emails:
        assert english_left(email.subject + "\n" + email.body_text, html=False) == [], email.template
        assert english_left(email.body_html) == [], email.template


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_interview_pages_speak_the_language_chosen_on_the_page(world, link, language):
    client = Client(HTTP_HOST="acme.localhost")  # an English browser: the page's links choose
    intro = client.get(f"/i/{link.token}/", {"lang": language})
    assert_in(language, intro)
    assert intro.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert_in(language, client.post(f"/i/{link.token}/", {}), status=400)  # no consent
    client.post(f"/i/{link.token}/", {"consent": "1"})
    chat = client.get(f"/i/{link.token}/")
    assert_in(language, chat)
    assert_in(language, client.post(f"/i/{link.token}/answer/", {"text": " "}), status=400)
    assert_in(language, client.post(f"/i/{link.token}/later/", {"email": "nope"}), status=400)
    assert_in(language, client.post(f"/i/{link.token}/later/", {"email": "mia@example.com"}))
    with schema_context(world.acme.schema_name):
        session = Session.objects.get(link=link)
        link_services.session_complete(session=session)
    assert_in(language, client.get(f"/i/{link.token}/"))
    assert_in(language, client.post(f"/i/{link.token}/followup/", {"consent": "1"}), status=400)  # name missing
    assert_in(language, client.post(f"/i/{link.token}/followup/", {"consent": "1", "name": "Mia Müller",
                                                                 "email": "mia@example.com"}))  # fmt: skip
    with schema_context(world.acme.schema_name):
        link_services.link_disable(link=link, actor=None)
        resume = Email.objects.get(to="mia@example.com", template="interview-resume")
    assert_in(language, Client(HTTP_HOST="acme.localhost").get(f"/i/{link.token}/", {"lang": language}), status=410)
    assert english_left(resume.subject + "\n" + resume.body_text, html=False) == []
    assert english_left(resume.body_html) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitations_and_reminders_come_in_the_participants_language(world, rules, link, frozen, language):
    with schema_context(world.acme.schema_name):
        caller = ParticipantFactory(name="Kiran", email="kiran@example.com", locale=language)
        invite = booking_services.booking_invite_create(round=rules.round, participant=caller, actor=world.owner)
        booking_services.booking_create(
            round=rules.round, start=datetime(2030, 3, 5, 9, 0, tzinfo=UTC), participant={}, invite=invite,
            answers={"Q-1?": "Excel"},
        )  # fmt: skip
        booking_reminders_send(at=datetime(2030, 3, 4, 9, 5, tzinfo=UTC))
        ParticipantFactory(name="Mia Müller", email="mia@example.com", locale=f"{language}-XX")
        link.round.reminder_after_days = 2
        link.round.save()
        link_services.invitation_create(round=link.round, email="mia@example.com", actor=world.owner)
        reminders.reminders_send(at=NOW + timedelta(days=3))
        emails = {email.template: email for email in Email.objects.filter(to__in=["kiran@example.com",
                                                                                   "mia@example.com"])}  # fmt: skip
        # Kiran's call: browser tests book calls with the same host through a server that commits.
        host = Email.objects.get(to=world.owner.email, template="booking-confirmed", body_text__contains="Kiran")
    assert set(emails) == {"booking-invitation", "booking-confirmed", "booking-reminder", "interview-invitation",
                           "interview-reminder"}  # fmt: skip
    for email in emails.values():
        assert english_left(email.subject + "\n" + email.body_text, html=False) == [], email.template
        assert english_left(email.body_html) == [], email.template
        assert "Acme 2030" in email.body_text and "Churn hypothesis" not in email.body_text + email.subject
    # The host reads English, with the internal title.
    assert host.subject.startswith("New call: Kiran") and "Churn hypothesis B" in host.body_text


def test_the_language_comes_from_the_page_then_the_record_then_the_browser(world, rules, frozen):
    with schema_context(world.acme.schema_name):
        french = ParticipantFactory(name="Kiran", email="kiran@example.com", locale="fr-CA")
        invite = booking_services.booking_invite_create(round=rules.round, participant=french, actor=world.owner)
    german_browser = Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    url = f"/book/i/{invite.token}/"
    assert '<html lang="fr">' in german_browser.get(url).text  # the participant's record beats the browser
    assert '<html lang="es">' in german_browser.get(url, {"lang": "es"}).text  # the page's link beats both
    assert '<html lang="es">' in german_browser.get(url).text  # and is remembered
    assert '<html lang="es">' in german_browser.get(f"/book/{rules.public_token}/").text  # on every page
    # A browser asking for a language we do not speak gets the next one it accepts, else English.
    assert (
        '<html lang="pt">'
        in Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE="ja,pt-BR;q=0.8")
        .get(f"/book/{rules.public_token}/")
        .text
    )
    assert (
        '<html lang="en">'
        in Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE="ja").get(f"/book/{rules.public_token}/").text
    )
    # The switcher links to this page in each language, keeping what was chosen.
    page = Client(HTTP_HOST="acme.localhost").get(f"/book/{rules.public_token}/", {"tz": "Asia/Tokyo"})
    assert f'href="/book/{rules.public_token}/?tz=Asia%2FTokyo&amp;lang=de" lang="de"' in page.text
    # Tokens exist only in their workspace, in any language.
    assert Client(HTTP_HOST="globex.localhost").get(url, {"lang": "de"}).status_code == 404


def test_staff_pages_stay_english(world, rules, client_for):
    client = client_for(world.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = client.get(f"/rounds/{rules.round.pk}/booking/", HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200 and '<html lang="en">' in page.text and "Booking" in page.text
    refused = client.post(f"/hosts/{world.owner.pk}/hours/", {"timezone": ""}, HTTP_ACCEPT_LANGUAGE="de")
    assert "This field is required." in refused.text


def test_every_participant_string_is_in_every_catalogue():
    path = Path(settings.BASE_DIR) / "bin" / "messages.py"
    spec = importlib.util.spec_from_file_location("parley_messages", path)
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    assert messages.problems() == []
    assert {p.parent.parent.name for p in messages.LOCALE.glob("*/LC_MESSAGES/django.po")} == set(LANGUAGES)
