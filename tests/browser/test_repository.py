"""A PM types a word in the header search in Chromium, opens a hit and lands on the highlighted utterance of its
transcript; opens the palette with "/"; asks a question across the workspace and follows a citation to its quote."""

import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from interviews.models import Transcript, Utterance
from studies.models import Participant, Study
from synthesis.models import Question
from tests.conftest import PASSWORD
from tests.processes import committed
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Browser: repository"
SAID = [
    "Filler about the weather before we start.",
    "More filler about the office move and the coffee machine.",
    "Our shared calendars drift apart whenever someone edits a recurring meeting.",
]


@pytest.fixture
def scene(world):
    def create():
        with schema_context(world.acme.schema_name):
            study = StudyFactory(title=TITLE)
            wide = RoundFactory(study=study, kind="async", purpose="Browser wide net")
            person = ParticipantFactory(name="Cal Browser", email="cal-browser@example.com")
            transcript = Transcript.objects.create(
                kind="async", round=wide, participant=person, title=f"{TITLE}: Cal", occurred_at=timezone.now()
            )
            for n, text in enumerate(SAID * 8, start=1):
                Utterance.objects.create(transcript=transcript, order=n, speaker_role="participant", text=text)
            return transcript.pk

    yield committed(create)

    def remove():
        with schema_context(world.acme.schema_name):
            Question.objects.filter(asked_by=world.pm).delete()
            Study.objects.filter(title=TITLE).delete()
            Participant.objects.filter(email="cal-browser@example.com").delete()

    committed(remove)


def test_search_from_the_header_then_ask_and_follow_a_citation(live_parley, page, world, scene):
    transcript_id = scene
    acme = live_parley.format(host="acme.localhost")
    page.goto(acme + "/accounts/login/?next=/studies/")
    page.get_by_label("Email").fill(world.pm.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")

    box = page.get_by_label("Search this workspace")
    box.fill("calendar")  # the stem finds "calendars"
    box.press("Enter")
    expect(page).to_have_url(acme + "/search/?q=calendar")
    hits = page.locator(".search-hit--utterance")
    expect(hits.first.locator("mark")).to_have_text("calendars")
    hits.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/transcripts/{transcript_id}/#u-\d+$"))
    target = page.locator(".utterance:target")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("calendars drift apart")
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # highlighted

    page.keyboard.press("/")
    palette = page.get_by_role("combobox")
    expect(palette).to_be_focused()
    palette.fill("browser wide")
    expect(page.locator("#palette-list")).to_contain_text("Browser wide net")
    page.keyboard.press("Escape")

    page.goto(acme + "/ask/")
    page.get_by_label("Your question").fill("Why do calendars drift apart?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_role("heading", name="Why do calendars drift apart?")).to_be_visible()
    expect(page.get_by_text("offline: the quotes, grouped by tag")).to_be_visible()
    page.locator(".ask-groups a.cite").first.click()
    quote = page.locator(".ask-quotes li:target")
    expect(quote).to_contain_text("calendars drift apart")
    quote.get_by_role("link", name="In the transcript").click()
    expect(page.locator(".utterance:target")).to_contain_text("calendars drift apart")
    expect(page.locator(".utterance:target")).to_be_in_viewport()
